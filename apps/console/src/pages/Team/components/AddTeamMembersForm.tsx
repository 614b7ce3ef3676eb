import { Button, Group, MultiSelect, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { isEmail, type Team } from '@preau/contracts';
import { useMembers } from '../../../api/members.ts';
import { useAddTeamMembers } from '../../../api/teams.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';

const MAX_EMAILS = 500;

interface Values { memberIds: string[]; emails: string; inviteRole: 'collaborator' | 'external'; endsOn: string }

/** The addresses of a pasted list, separated by commas, semicolons, spaces or lines, each once. */
export function parseEmails(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((e) => e.trim()).filter((e) => e !== ''))];
}

/**
 * Adds several people at once: members of the organisation picked in a list, and pasted addresses
 * (an address of a member adds them; any other is invited into the organisation, straight into the
 * team, with the chosen role); an optional end date applies to all of them.
 */
export function AddTeamMembersForm({ orgId, team }: { orgId: string; team: Team }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const members = useMembers(orgId);
  const add = useAddTeamMembers(orgId, team.id);
  const inTeam = new Set(team.members.map((m) => m.memberId));
  const candidates = (members.data ?? []).filter((m) => !inTeam.has(m.id)).map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }));
  const form = useForm<Values>({
    initialValues: { memberIds: [], emails: '', inviteRole: 'collaborator', endsOn: '' },
    validate: {
      emails: (text, values) => {
        const list = parseEmails(text);
        if (list.length === 0 && values.memberIds.length === 0) return t('teams.add.nobody');
        if (list.length > MAX_EMAILS) return t('validation.emailsTooMany', { count: MAX_EMAILS });
        const wrong = list.filter((e) => !isEmail(e));
        return wrong.length > 0 ? t('validation.emailsInvalid', { list: wrong.join(', ') }) : null;
      },
    },
  });
  const submit = form.onSubmit((values) => {
    const emails = parseEmails(values.emails);
    add.mutate(
      {
        ...(values.memberIds.length > 0 ? { memberIds: values.memberIds } : {}),
        ...(emails.length > 0 ? { emails, inviteRole: values.inviteRole } : {}),
        endsOn: values.endsOn === '' ? null : values.endsOn,
      },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'teal',
            message: t('teams.add.done', { added: result.added.length, invited: result.invited.length, already: result.alreadyIn.length }),
          });
          form.reset();
        },
        onError: (error) => showFieldErrors(form, error, ['memberIds', 'emails', 'inviteRole', 'endsOn'],
          { 'team.nobody_to_add': 'emails', 'access.end_in_past': 'endsOn', 'team.leader_cannot_invite': 'emails', 'team.member_unknown': 'memberIds' }),
      },
    );
  });
  const fieldShown = Boolean(form.errors.memberIds ?? form.errors.emails ?? form.errors.inviteRole ?? form.errors.endsOn);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="team-add">
      <form onSubmit={submit} noValidate>
        <Title order={2} size="h4" mb={4} id="team-add">{t('teams.add.title')}</Title>
        <Text size="sm" c="dimmed" mb="sm">{t('teams.add.intro')}</Text>
        <Stack>
          <FormAlert message={add.isError && !fieldShown ? errorText(add.error) : null} />
          <MultiSelect label={t('teams.add.members')} placeholder={candidates.length === 0 ? t('teams.add.noCandidates') : undefined}
            data={candidates} searchable clearable hidePickedOptions nothingFoundMessage={t('teams.add.nothingFound')}
            {...form.getInputProps('memberIds')} />
          <Textarea label={t('teams.add.emails')} description={t('teams.add.emailsHint')} autosize minRows={2} {...form.getInputProps('emails')} />
          <Group align="flex-start">
            {/* Only managers invite new people; a team's leader adds the organisation's members. */}
            {team.mayManage && (
              <NativeSelect label={t('teams.add.inviteRole')} description={t('teams.add.inviteRoleHint')} style={{ flex: '1 1 12rem' }}
                data={[{ value: 'collaborator', label: t('roles.collaborator') }, { value: 'external', label: t('roles.external') }]}
                {...form.getInputProps('inviteRole')} />
            )}
            <TextInput type="date" label={t('teams.add.endsOn')} description={t('teams.add.endsOnHint')} style={{ flex: '1 1 12rem' }}
              {...form.getInputProps('endsOn')} />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending}>{t('teams.add.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
