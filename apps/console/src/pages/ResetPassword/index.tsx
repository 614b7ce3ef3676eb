import { Alert, Button, PasswordInput, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useResetPassword } from '../../api/auth.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { showFieldErrors } from '../../components/form-errors.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { AnchorLink } from '../../components/links.tsx';
import { usePageTitle } from '../../components/page-title.ts';

const MIN_PASSWORD = 8;

/** Sets a new password from the link of the reset e-mail (`/reset-password?token=`). */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('reset.title'));
  const { token, error } = useSearch({ from: '/public/reset-password' });
  const reset = useResetPassword();
  const errorText = useErrorText();
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= MIN_PASSWORD ? null : t('validation.passwordLength', { count: MIN_PASSWORD })),
      confirm: (v, values) => (v === values.password ? null : t('validation.passwordMismatch')),
    },
  });
  const backLink = <AnchorLink to="/sign-in" search={{ redirect: undefined }}>{t('common.backToSignIn')}</AnchorLink>;

  if (token === undefined || error !== undefined) {
    return (
      <Stack>
        <Title order={1}>{t('reset.title')}</Title>
        <Alert color="red" role="alert">{t('reset.invalidLink')}</Alert>
        <AnchorLink to="/forgot-password">{t('reset.askAgain')}</AnchorLink>
      </Stack>
    );
  }
  if (reset.isSuccess) {
    return (
      <Stack>
        <Title order={1}>{t('reset.title')}</Title>
        <Alert color="teal" role="status">{t('reset.done')}</Alert>
        {backLink}
      </Stack>
    );
  }
  const submit = form.onSubmit(({ password }) =>
    reset.mutate({ token, newPassword: password }, { onError: (e) => showFieldErrors(form, e, ['newPassword'], { 'auth.password_too_short': 'password', 'auth.password_too_weak': 'password' }) }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1}>{t('reset.title')}</Title>
        <FormAlert message={reset.isError && !form.errors.password ? errorText(reset.error) : null} />
        <PasswordInput label={t('fields.newPassword')} autoComplete="new-password" required {...form.getInputProps('password')} />
        <PasswordInput label={t('fields.confirmPassword')} autoComplete="new-password" required {...form.getInputProps('confirm')} />
        <Button type="submit" loading={reset.isPending}>{t('reset.submit')}</Button>
        {backLink}
      </Stack>
    </form>
  );
}
