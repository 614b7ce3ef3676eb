import { Alert, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can, type Base, type ImportSummary } from '@preau/contracts';
import { useBases, useProfileCounts } from '../../api/bases.ts';
import { useOrganizationInvitations } from '../../api/invitations.ts';
import { useLastImports } from '../../api/lsu-imports.ts';
import { useMembers } from '../../api/members.ts';
import { useOrganization } from '../../app/organization-scope.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { PageError, PageLoader } from '../../components/PageStatus.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useFormat } from '../../i18n/format.ts';
import { BaseStateBadge } from '../Bases/components/BaseStateBadge.tsx';

/** What of a base needs someone's attention, as i18n keys under `home.attention`. */
function attentionOf(base: Base, last: ImportSummary | null | undefined, profiles: number | undefined): string[] {
  const reasons: string[] = [];
  if (base.state === 'empty') reasons.push('notInService');
  if (base.state === 'stopped') reasons.push('stopped');
  if (profiles === 0 && base.state !== 'stopped') reasons.push('noProfile');
  if (last && (last.state === 'error' || last.state === 'failed')) reasons.push('importInError');
  else if (last && last.periodic.rejected + last.cycle.rejected > 0) reasons.push('rejectedBilans');
  return reasons;
}

/** An organisation's home: its bases with their state and last import, its members, what needs attention. */
export function HomePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const organization = useOrganization();
  usePageTitle(t('home.title'), organization.name);
  const bases = useBases(organization.id);
  const members = useMembers(organization.id);
  const managesInvitations = can(organization, 'invitations.list');
  const invitations = useOrganizationInvitations(organization.id, managesInvitations);
  const readable = (bases.data ?? []).filter((base) => can(base, 'lsuImports.read'));
  const lastImports = useLastImports(readable.map((base) => base.id));
  const profileCounts = useProfileCounts((bases.data ?? []).filter((base) => can(base, 'base.profiles.list')).map((base) => base.id));

  if (bases.isPending) return <PageLoader />;
  if (!bases.data) return <PageError error={bases.error} />;
  const pending = managesInvitations ? (invitations.data?.filter((i) => i.status === 'pending').length ?? 0) : 0;
  const attention = bases.data.flatMap((base) => attentionOf(base, lastImports.get(base.id), profileCounts.get(base.id)).map((reason) => ({ base, reason })));

  return (
    <Stack>
      <Title order={1}>{t('home.heading', { name: organization.name })}</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">{t('home.bases')}</Text>
          <Text fz="xl" fw={700}>{format.number(bases.data.length)}</Text>
          <AnchorLink to="/organizations/$orgId/bases" params={{ orgId: organization.id }} size="sm">{t('home.allBases')}</AnchorLink>
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" c="dimmed">{t('home.members')}</Text>
          <Text fz="xl" fw={700}>{members.data ? format.number(members.data.length) : '—'}</Text>
          <AnchorLink to="/organizations/$orgId/members" params={{ orgId: organization.id }} size="sm">{t('home.allMembers')}</AnchorLink>
        </Paper>
        {managesInvitations && (
          <Paper withBorder p="md">
            <Text size="sm" c="dimmed">{t('home.pendingInvitations')}</Text>
            <Text fz="xl" fw={700}>{format.number(pending)}</Text>
          </Paper>
        )}
      </SimpleGrid>

      <section aria-labelledby="home-attention">
        <Title order={2} size="h3" id="home-attention" mb="xs">{t('home.attentionTitle')}</Title>
        {attention.length === 0 && pending === 0 ? (
          <Text c="dimmed">{t('home.nothingToDo')}</Text>
        ) : (
          <Alert color="orange" variant="outline">
            <List spacing={4}>
              {pending > 0 && (
                <List.Item data-attention="pendingInvitations">
                  <AnchorLink to="/organizations/$orgId/members" params={{ orgId: organization.id }}>{t('home.attention.pendingInvitations', { count: pending })}</AnchorLink>
                </List.Item>
              )}
              {attention.map(({ base, reason }) => (
                <List.Item key={`${base.id}-${reason}`} data-attention={reason}>
                  <AnchorLink to={reason === 'importInError' || reason === 'rejectedBilans' ? '/bases/$baseId/imports' : '/bases/$baseId'} params={{ baseId: base.id }}>
                    {base.name}
                  </AnchorLink>
                  {t('common.colon')}{t(`home.attention.${reason}`)}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </section>

      <section aria-labelledby="home-bases">
        <Title order={2} size="h3" id="home-bases" mb="xs">{t('home.basesTitle')}</Title>
        {bases.data.length === 0 ? (
          <Text c="dimmed">{t(can(organization, 'bases.create') ? 'bases.emptyManager' : 'bases.emptyMember')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table striped aria-labelledby="home-bases">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('bases.name')}</Table.Th>
                  <Table.Th>{t('bases.schoolYear')}</Table.Th>
                  <Table.Th>{t('bases.state')}</Table.Th>
                  <Table.Th>{t('home.lastImport')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {bases.data.map((base) => {
                  const last = lastImports.get(base.id);
                  return (
                    <Table.Tr key={base.id}>
                      <Table.Td><AnchorLink to="/bases/$baseId" params={{ baseId: base.id }}>{base.name}</AnchorLink></Table.Td>
                      <Table.Td>{base.schoolYear}</Table.Td>
                      <Table.Td><BaseStateBadge state={base.state} /></Table.Td>
                      <Table.Td>
                        {last ? (
                          <AnchorLink to="/bases/$baseId/imports/$importId" params={{ baseId: base.id, importId: last.id }} search={{}}>
                            {format.date(last.createdAt)}{t('common.colon')}{last.fileName}
                          </AnchorLink>
                        ) : last === null ? t('home.noImport') : '—'}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}
