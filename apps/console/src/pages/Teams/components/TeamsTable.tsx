import { ColorSwatch, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TeamSummary } from '@preau/contracts';
import { AnchorLink } from '../../../components/links.tsx';
import { useFormat } from '../../../i18n/format.ts';
import { TeamProductBadges } from './TeamProducts.tsx';

/** The teams the caller sees: colour, name (opens the team), leader, number of members, products. */
export function TeamsTable({ orgId, teams }: { orgId: string; teams: TeamSummary[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="teams-list">
      <Title order={2} size="h4" mb="sm" id="teams-list">{t('teams.listTitle', { count: teams.length })}</Title>
      {teams.length === 0 ? (
        <Text size="sm" c="dimmed">{t('teams.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover aria-label={t('teams.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.name')}</Table.Th>
                <Table.Th>{t('teams.leader')}</Table.Th>
                <Table.Th ta="right">{t('teams.memberCount')}</Table.Th>
                <Table.Th>{t('teams.productsColumn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {teams.map((team) => (
                <Table.Tr key={team.id} data-team-name={team.name}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <ColorSwatch color={team.colour} size={12} aria-hidden />
                      <AnchorLink to="/organizations/$orgId/teams/$teamId" params={{ orgId, teamId: team.id }}>{team.name}</AnchorLink>
                    </Group>
                    {team.description !== '' && <Text size="xs" c="dimmed">{team.description}</Text>}
                  </Table.Td>
                  <Table.Td>{team.leader?.name ?? '—'}</Table.Td>
                  <Table.Td ta="right">{format.number(team.memberCount)}</Table.Td>
                  <Table.Td><TeamProductBadges products={team.products} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
