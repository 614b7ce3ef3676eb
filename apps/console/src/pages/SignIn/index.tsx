import { useState } from 'react';
import { Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRouter, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isEmail } from '@preau/contracts';
import { useSignIn } from '../../api/auth.ts';
import { safeRedirect } from '../../app/safe-redirect.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { showFieldErrors } from '../../components/form-errors.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { AnchorLink } from '../../components/links.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** Sign-in with e-mail and password; the first page of a visitor without a session. */
export function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t('signIn.title'));
  const { redirect } = useSearch({ from: '/public/sign-in' });
  const router = useRouter();
  const signIn = useSignIn();
  const errorText = useErrorText();
  // The error itself, rendered at each render so a language switch re-renders it.
  const [formError, setFormError] = useState<{ error: unknown } | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (isEmail(v) ? null : t('validation.email')),
      password: (v) => (v.length > 0 ? null : t('validation.required')),
    },
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    signIn.mutate(values, {
      onSuccess: () => router.history.push(safeRedirect(redirect)),
      onError: (error) => {
        if (!showFieldErrors(form, error, ['email', 'password'])) setFormError({ error });
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1}>{t('signIn.title')}</Title>
        <FormAlert message={formError && errorText(formError.error)} />
        <TextInput label={t('fields.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
        <PasswordInput label={t('fields.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
        <AnchorLink to="/forgot-password" size="sm">{t('signIn.forgot')}</AnchorLink>
        <Button type="submit" loading={signIn.isPending}>{t('signIn.submit')}</Button>
        <Text size="sm">
          {t('signIn.noAccount')}{' '}
          <AnchorLink to="/sign-up" search={{ redirect }}>{t('signIn.signUpLink')}</AnchorLink>
        </Text>
      </Stack>
    </form>
  );
}
