import { Button, Group, NativeSelect, Paper, TagsInput, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { isEmail, type Organization, type Role } from '@preau/contracts';
import { useCreateInvitations } from '../../../api/invitations.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { assignableRoles } from './assignable-roles.ts';

const MAX_EMAILS = 50;

/** Invites one or several e-mail addresses at once, all with the same role. */
export function InviteForm({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const invite = useCreateInvitations(organization.id);
  const errorText = useErrorText();
  const form = useForm<{ emails: string[]; role: Role }>({
    initialValues: { emails: [], role: 'collaborator' },
    validate: {
      emails: (list) => {
        if (list.length === 0) return t('validation.emailsRequired');
        if (list.length > MAX_EMAILS) return t('validation.emailsTooMany', { count: MAX_EMAILS });
        const wrong = list.filter((e) => !isEmail(e));
        return wrong.length > 0 ? t('validation.emailsInvalid', { list: wrong.join(', ') }) : null;
      },
    },
  });

  const submit = form.onSubmit((values) =>
    invite.mutate(values, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('invite.sent', { count: values.emails.length }) });
        form.reset();
      },
      onError: (error) => showFieldErrors(form, error, ['emails', 'role']),
    }),
  );

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Title order={2} size="h4" mb={4}>{t('invite.title')}</Title>
        <Text size="sm" c="dimmed" mb="sm">{t('invite.intro')}</Text>
        <FormAlert message={invite.isError && !form.errors.emails && !form.errors.role ? errorText(invite.error) : null} />
        <Group align="flex-start">
          <TagsInput label={t('invite.emails')} description={t('invite.emailsHint')} splitChars={[',', ' ', ';']}
            clearable acceptValueOnBlur maxTags={MAX_EMAILS} style={{ flex: '3 1 16rem' }} {...form.getInputProps('emails')} />
          <NativeSelect label={t('fields.role')} style={{ flex: '1 1 10rem' }}
            data={assignableRoles(organization).map((value) => ({ value, label: t(`roles.${value}`) }))} {...form.getInputProps('role')} />
        </Group>
        <Group justify="flex-end" mt="sm">
          <Button type="submit" loading={invite.isPending}>{t('invite.submit')}</Button>
        </Group>
      </form>
    </Paper>
  );
}
