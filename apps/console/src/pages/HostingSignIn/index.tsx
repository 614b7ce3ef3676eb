import { useState } from 'react';
import { Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useHostingSignIn } from '../../api/hosting.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useErrorText } from '../../i18n/errors.ts';

/** The hosting console's sign-in: hosting number, password received by SMS, an invoice number the first time. */
export function HostingSignInPage() {
  const { t } = useTranslation();
  usePageTitle(t('hosting.signInTitle'));
  const router = useRouter();
  const signIn = useHostingSignIn();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<{ error: unknown } | null>(null);
  const form = useForm({
    initialValues: { hostingNumber: '', password: '', invoiceNumber: '' },
    validate: {
      hostingNumber: (v) => (v.trim().length > 0 ? null : t('validation.required')),
      password: (v) => (v.length > 0 ? null : t('validation.required')),
    },
  });

  const submit = form.onSubmit(({ hostingNumber, password, invoiceNumber }) => {
    setFormError(null);
    signIn.mutate(
      { hostingNumber, password, ...(invoiceNumber.trim() === '' ? {} : { invoiceNumber }) },
      { onSuccess: () => void router.navigate({ to: '/hebergement/console' }), onError: (error) => setFormError({ error }) },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1}>{t('hosting.signInTitle')}</Title>
        <Text size="sm" c="dimmed">{t('hosting.signInIntro')}</Text>
        <FormAlert message={formError && errorText(formError.error)} />
        <TextInput label={t('hosting.hostingNumber')} inputMode="numeric" autoComplete="username" required {...form.getInputProps('hostingNumber')} />
        <PasswordInput label={t('hosting.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
        <TextInput label={t('hosting.invoiceNumber')} description={t('hosting.invoiceNumberHint')} autoComplete="off" {...form.getInputProps('invoiceNumber')} />
        <Button type="submit" loading={signIn.isPending}>{t('hosting.signInSubmit')}</Button>
        <Text size="xs" c="dimmed">{t('hosting.forgotHint')}</Text>
      </Stack>
    </form>
  );
}
