import { Button, Paper, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Team } from '@preau/contracts';
import { useRemoveTeamMember, useUpdateTeamMember } from '../../../api/teams.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { RoleBadge } from '../../../components/RoleBadge.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** The team's members with the end of their membership; those who manage its members change the end date or remove them. */
export function TeamMembersTable({ orgId, team }: { orgId: string; team: Team }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const update = useUpdateTeamMember(orgId, team.id);
  const remove = useRemoveTeamMember(orgId, team.id);
  const manage = team.mayManageMembers;
  const failure = update.isError ? update.error : remove.isError ? remove.error : null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="team-members">
      <Title order={2} size="h4" mb="sm" id="team-members">{t('teams.members.title', { count: team.members.length })}</Title>
      <FormAlert message={failure ? errorText(failure) : null} />
      {team.members.length === 0 ? (
        <Text size="sm" c="dimmed">{t('teams.members.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" aria-label={t('teams.members.tableLabel', { name: team.name })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('fields.email')}</Table.Th>
                <Table.Th>{t('fields.role')}</Table.Th>
                <Table.Th>{t('teams.members.endsOn')}</Table.Th>
                {manage && <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {team.members.map((member) => (
                <Table.Tr key={member.memberId} data-member-email={member.email}>
                  <Table.Td>
                    {member.name}
                    {team.leader?.memberId === member.memberId && <Text span size="sm" c="dimmed"> ({t('teams.leaderMark')})</Text>}
                  </Table.Td>
                  <Table.Td>{member.email}</Table.Td>
                  <Table.Td><RoleBadge role={member.role} /></Table.Td>
                  <Table.Td>
                    {manage ? (
                      // Saved when the field is left with another date (or emptied: no end).
                      <TextInput type="date" size="xs" w={160} key={member.endsOn ?? ''} defaultValue={member.endsOn ?? ''}
                        aria-label={t('teams.members.endsOnOf', { name: member.name })}
                        onBlur={(event) => {
                          const endsOn = event.currentTarget.value === '' ? null : event.currentTarget.value;
                          if (endsOn !== member.endsOn) update.mutate({ memberId: member.memberId, endsOn });
                        }} />
                    ) : (
                      member.endsOn === null ? t('teams.members.noEnd') : format.day(member.endsOn)
                    )}
                  </Table.Td>
                  {manage && (
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" disabled={remove.isPending}
                        aria-label={t('teams.members.removeOf', { name: member.name })}
                        onClick={() => remove.mutate(member.memberId)}>{t('teams.members.remove')}</Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
