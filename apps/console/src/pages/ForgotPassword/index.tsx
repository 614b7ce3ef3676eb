import { Alert, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { isEmail } from '@preau/contracts';
import { useRequestPasswordReset } from '../../api/auth.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { AnchorLink } from '../../components/links.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** Asks for a password-reset link by e-mail. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('forgot.title'));
  const request = useRequestPasswordReset();
  const errorText = useErrorText();
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (isEmail(v) ? null : t('validation.email')) },
  });

  return (
    <form onSubmit={form.onSubmit(({ email }) => request.mutate(email.trim()))} noValidate>
      <Stack>
        <Title order={1}>{t('forgot.title')}</Title>
        <Text size="sm" c="dimmed">{t('forgot.intro')}</Text>
        {request.isSuccess ? (
          <Alert color="teal" role="status">{t('forgot.sent', { email: form.values.email })}</Alert>
        ) : (
          <>
            <FormAlert message={request.isError ? errorText(request.error) : null} />
            <TextInput label={t('fields.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <Button type="submit" loading={request.isPending}>{t('forgot.submit')}</Button>
          </>
        )}
        <AnchorLink to="/sign-in" search={{ redirect: undefined }} size="sm">{t('common.backToSignIn')}</AnchorLink>
      </Stack>
    </form>
  );
}
