import { useEffect } from 'react';
import { Alert, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useBases } from '../../api/bases.ts';
import { rememberOrganization, useOrganization } from '../../api/organizations.ts';
import { AnchorLink } from '../../components/links.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { BaseStateActions } from './components/BaseStateActions.tsx';
import { BaseStateBadge } from './components/BaseStateBadge.tsx';
import { CreateBaseDialog } from './components/CreateBaseDialog.tsx';

/** School bases of the organisation: state, create, put in service and stop (managers). */
export function BasesPage() {
  const { t } = useTranslation();
  const { orgId } = useParams({ from: '/app/organizations/$orgId/bases' });
  const organization = useOrganization(orgId);
  const bases = useBases(orgId);
  const errorText = useErrorText();
  useEffect(() => rememberOrganization(orgId), [orgId]);

  if (organization.isPending || bases.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!organization.data || !bases.data) return <Alert color="red" role="alert">{errorText(organization.error ?? bases.error)}</Alert>;
  const manager = organization.data.myRole === 'owner' || organization.data.myRole === 'admin';

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('bases.title')}</Title>
        {manager && <CreateBaseDialog orgId={orgId} />}
      </Group>
      {bases.data.length === 0 ? (
        <Text c="dimmed">{t(manager ? 'bases.emptyManager' : 'bases.emptyMember')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('bases.name')}</Table.Th>
                <Table.Th>{t('bases.uai')}</Table.Th>
                <Table.Th>{t('bases.degree')}</Table.Th>
                <Table.Th>{t('bases.schoolYear')}</Table.Th>
                <Table.Th>{t('bases.state')}</Table.Th>
                {manager && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bases.data.map((base) => (
                <Table.Tr key={base.id}>
                  <Table.Td><AnchorLink to="/bases/$baseId" params={{ baseId: base.id }}>{base.name}</AnchorLink></Table.Td>
                  <Table.Td>{base.uai}</Table.Td>
                  <Table.Td>{t(`degrees.${base.degree}`)}</Table.Td>
                  <Table.Td>{base.schoolYear}</Table.Td>
                  <Table.Td><BaseStateBadge state={base.state} /></Table.Td>
                  {manager && <Table.Td><BaseStateActions base={base} /></Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
