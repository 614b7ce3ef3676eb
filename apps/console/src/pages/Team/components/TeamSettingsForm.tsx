import { Button, Group, NativeSelect, Paper, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Team } from '@preau/contracts';
import { useUpdateTeam } from '../../../api/teams.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { ColourField } from '../../Teams/components/ColourField.tsx';

const NO_LEADER = '';

/** Renames the team, changes its description, colour and leader (one of its members, or none). */
export function TeamSettingsForm({ orgId, team }: { orgId: string; team: Team }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const update = useUpdateTeam(orgId, team.id);
  const form = useForm({
    initialValues: { name: team.name, description: team.description, colour: team.colour, leader: team.leader?.memberId ?? NO_LEADER },
    validate: {
      name: (v: string) => (v.trim().length >= 2 && v.trim().length <= 80 ? null : t('teams.validation.name')),
      description: (v: string) => (v.trim().length <= 500 ? null : t('teams.validation.description')),
    },
  });
  const submit = form.onSubmit((values) =>
    update.mutate(
      { name: values.name.trim(), description: values.description.trim(), colour: values.colour, leaderMemberId: values.leader === NO_LEADER ? null : values.leader },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('teams.saved') }),
        onError: (error) => showFieldErrors(form, error, ['name', 'description', 'colour', 'leaderMemberId'], { 'team.name_taken': 'name', 'team.leader_not_in_team': 'leader' }),
      },
    ),
  );
  const fieldShown = Boolean(form.errors.name ?? form.errors.description ?? form.errors.leader);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="team-settings">
      <form onSubmit={submit} noValidate>
        <Title order={2} size="h4" mb="sm" id="team-settings">{t('teams.settingsTitle')}</Title>
        <Stack>
          <FormAlert message={update.isError && !fieldShown ? errorText(update.error) : null} />
          <TextInput label={t('teams.fields.name')} required maxLength={80} {...form.getInputProps('name')} />
          <Textarea label={t('teams.fields.description')} autosize minRows={2} maxLength={500} {...form.getInputProps('description')} />
          <ColourField value={form.values.colour} onChange={(colour) => form.setFieldValue('colour', colour)} />
          <NativeSelect label={t('teams.leader')} description={t('teams.leaderHint')} {...form.getInputProps('leader')}
            data={[{ value: NO_LEADER, label: t('teams.noLeader') }, ...team.members.map((m) => ({ value: m.memberId, label: `${m.name} (${m.email})` }))]} />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
