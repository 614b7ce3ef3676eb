import { useState } from 'react';
import { Alert, Button, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { HOSTING_PASSWORD_LENGTH } from '@preau/contracts';
import { useChangeHostingPassword, useHostingSession, useHostingSignOut } from '../../api/hosting.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { showFieldErrors } from '../../components/form-errors.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { HostingBasesTable } from './components/HostingBasesTable.tsx';
import { LoadBasePanel } from './components/LoadBasePanel.tsx';
import { CompleteBasePanel } from './components/CompleteBasePanel.tsx';
import { MigrationChecklist } from './components/MigrationChecklist.tsx';
import { RecoverUsersPanel } from './components/RecoverUsersPanel.tsx';

/** The hosting console's home: the organisation it acts for, the migration checklist, its bases (stop, put in service, switch back), loading a base file, the password change, signing out. */
export function HostingHomePage() {
  const { t } = useTranslation();
  usePageTitle(t('hosting.consoleTitle'));
  const router = useRouter();
  const { data: session } = useHostingSession();
  const signOut = useHostingSignOut();
  if (!session) return null;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('hosting.consoleTitle')}</Title>
        <Button variant="default" loading={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSettled: () => void router.navigate({ to: '/hebergement' }) })}>
          {t('hosting.signOut')}
        </Button>
      </Group>
      <Text>{t('hosting.actingFor', { name: session.organizationName, number: session.hostingNumber })}</Text>
      <MigrationChecklist />
      <HostingBasesTable bases={session.bases} />
      <LoadBasePanel bases={session.bases} />
      <RecoverUsersPanel />
      <CompleteBasePanel />
      <ChangeHostingPasswordForm />
    </Stack>
  );
}

function ChangeHostingPasswordForm() {
  const { t } = useTranslation();
  const change = useChangeHostingPassword();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<{ error: unknown } | null>(null);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: {
      currentPassword: (v) => (v.length > 0 ? null : t('validation.required')),
      newPassword: (v) => (v.length >= HOSTING_PASSWORD_LENGTH ? null : t('validation.passwordLength', { count: HOSTING_PASSWORD_LENGTH })),
    },
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    change.mutate(values, {
      onSuccess: () => form.reset(),
      onError: (error) => {
        if (!showFieldErrors(form, error, ['currentPassword', 'newPassword'])) setFormError({ error });
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={420}>
        <Title order={2} size="h4">{t('hosting.changePasswordTitle')}</Title>
        {change.isSuccess && <Alert color="teal" role="status">{t('hosting.passwordChanged')}</Alert>}
        <FormAlert message={formError && errorText(formError.error)} />
        <PasswordInput label={t('hosting.currentPassword')} autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
        <PasswordInput label={t('fields.newPassword')} autoComplete="new-password" required {...form.getInputProps('newPassword')} />
        <Button type="submit" loading={change.isPending}>{t('hosting.changePassword')}</Button>
      </Stack>
    </form>
  );
}
