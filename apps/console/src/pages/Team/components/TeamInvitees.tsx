import { Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Team } from '@preau/contracts';
import { RoleBadge } from '../../../components/RoleBadge.tsx';
import { useFormat } from '../../../i18n/format.ts';

/** Addresses invited into the team that have not joined the organisation yet. */
export function TeamInvitees({ team }: { team: Team }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (team.invitees.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="team-invitees">
      <Title order={2} size="h4" mb={4} id="team-invitees">{t('teams.invitees.title', { count: team.invitees.length })}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('teams.invitees.intro')}</Text>
      <Table aria-label={t('teams.invitees.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.email')}</Table.Th>
            <Table.Th>{t('fields.role')}</Table.Th>
            <Table.Th>{t('pending.expires')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {team.invitees.map((invitee) => (
            <Table.Tr key={invitee.invitationId}>
              <Table.Td>{invitee.email}</Table.Td>
              <Table.Td><RoleBadge role={invitee.role} /></Table.Td>
              <Table.Td>{format.date(invitee.expiresAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
