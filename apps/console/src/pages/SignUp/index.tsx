import { useEffect, useState } from 'react';
import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRouter, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isEmail } from '@preau/contracts';
import { useSignUp } from '../../api/auth.ts';
import { useInvitationPreview } from '../../api/invitations.ts';
import { safeRedirect } from '../../app/safe-redirect.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { showFieldErrors } from '../../components/form-errors.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { AnchorLink } from '../../components/links.tsx';
import { usePageTitle } from '../../components/page-title.ts';

const MIN_PASSWORD = 8;
const INVITATION_PATH = /^\/invitations\/([A-Za-z0-9_-]+)$/;
// Identity codes that belong to one field of this form.
const CODE_TO_FIELD = { 'auth.invalid_email': 'email', 'auth.password_too_short': 'password', 'auth.password_too_long': 'password', 'auth.password_too_weak': 'password' };

/**
 * Account creation: name, e-mail, password and confirmation; signing up alone also names the
 * organisation created with the account (its legal owner), while from an invitation the person joins the inviting one.
 */
export function SignUpPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('signUp.title'));
  const { redirect } = useSearch({ from: '/public/sign-up' });
  const router = useRouter();
  const signUp = useSignUp();
  const fromInvitation = safeRedirect(redirect).startsWith('/invitations/');
  // From an invitation's page: its address is the account's, read-only (only that address can accept it).
  const invitation = useInvitationPreview(INVITATION_PATH.exec(safeRedirect(redirect))?.[1]);
  const invitedEmail = invitation.data?.email;
  const errorText = useErrorText();
  // The error itself, rendered at each render so a language switch re-renders it.
  const [formError, setFormError] = useState<{ error: unknown } | null>(null);
  const form = useForm({
    initialValues: { name: '', email: '', password: '', confirm: '', organizationName: '' },
    validate: {
      organizationName: (v) => (fromInvitation || (v.trim().length >= 2 && v.trim().length <= 120) ? null : t('validation.orgName')),
      name: (v) => (v.trim().length > 0 ? null : t('validation.required')),
      email: (v) => (isEmail(v) ? null : t('validation.email')),
      password: (v) => (v.length >= MIN_PASSWORD ? null : t('validation.passwordLength', { count: MIN_PASSWORD })),
      confirm: (v, values) => (v === values.password ? null : t('validation.passwordMismatch')),
    },
  });

  const { setFieldValue } = form;
  useEffect(() => {
    if (invitedEmail !== undefined) setFieldValue('email', invitedEmail);
  }, [invitedEmail, setFieldValue]);

  const submit = form.onSubmit(({ name, email, password, organizationName }) => {
    setFormError(null);
    const locale = i18n.language === 'en' ? 'en' : 'fr';
    const organization = fromInvitation ? {} : { organizationName: organizationName.trim() };
    signUp.mutate({ name: name.trim(), email: email.trim(), password, locale, ...organization }, {
      onSuccess: ({ signedIn }) => {
        if (signedIn) router.history.push(safeRedirect(redirect));
      },
      onError: (error) => {
        if (!showFieldErrors(form, error, ['name', 'email', 'password', 'organizationName'], CODE_TO_FIELD)) setFormError({ error });
      },
    });
  });

  if (signUp.data?.signedIn === false) {
    return <Alert color="teal" title={t('signUp.checkMailTitle')} role="status">{t('signUp.checkMail', { email: form.values.email })}</Alert>;
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1}>{t('signUp.title')}</Title>
        <Text size="sm" c="dimmed">{t(fromInvitation ? 'signUp.introInvited' : 'signUp.intro')}</Text>
        <FormAlert message={formError && errorText(formError.error)} />
        <TextInput label={t('fields.name')} autoComplete="name" required {...form.getInputProps('name')} />
        <TextInput label={t('fields.email')} type="email" autoComplete="email" required {...form.getInputProps('email')}
          readOnly={invitedEmail !== undefined} description={invitedEmail !== undefined ? t('signUp.invitedEmailHint') : undefined} />
        <PasswordInput label={t('fields.password')} description={t('validation.passwordLength', { count: MIN_PASSWORD })}
          autoComplete="new-password" required {...form.getInputProps('password')} />
        <PasswordInput label={t('fields.confirmPassword')} autoComplete="new-password" required {...form.getInputProps('confirm')} />
        {!fromInvitation && (
          <TextInput label={t('fields.orgName')} description={t('signUp.organizationHint')} autoComplete="organization" required {...form.getInputProps('organizationName')} />
        )}
        <Button type="submit" loading={signUp.isPending}>{t('signUp.submit')}</Button>
        <Text size="sm">
          {t('signUp.haveAccount')}{' '}
          <AnchorLink to="/sign-in" search={{ redirect }}>{t('signUp.signInLink')}</AnchorLink>
        </Text>
      </Stack>
    </form>
  );
}
