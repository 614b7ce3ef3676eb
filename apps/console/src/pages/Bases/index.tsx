import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { useBases } from '../../api/bases.ts';
import { useOrganization } from '../../app/organization-scope.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { PageError, PageLoader } from '../../components/PageStatus.tsx';
import { BaseStateActions } from './components/BaseStateActions.tsx';
import { BaseStateBadge } from './components/BaseStateBadge.tsx';
import { CreateBaseDialog } from './components/CreateBaseDialog.tsx';
import { RolloverSettingsSwitch } from './components/RolloverSettingsSwitch.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** School bases of the organisation: state, create, put in service and stop (managers). */
export function BasesPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  usePageTitle(t('nav.bases'), organization.name);
  const bases = useBases(organization.id);

  if (bases.isPending) return <PageLoader />;
  if (!bases.data) return <PageError error={bases.error} />;
  const mayCreate = can(organization, 'bases.create');
  const manages = bases.data.some((base) => can(base, 'base.manage'));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('bases.title')}</Title>
        {mayCreate && <CreateBaseDialog orgId={organization.id} />}
      </Group>
      {bases.data.length === 0 ? (
        <Text c="dimmed">{t(mayCreate ? 'bases.emptyManager' : 'bases.emptyMember')}</Text>
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
                {manages && <Table.Th>{t('common.actions')}</Table.Th>}
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
                  {manages && <Table.Td>{can(base, 'base.manage') && <BaseStateActions base={base} />}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {can(organization, 'bases.rolloverSettings') && <RolloverSettingsSwitch orgId={organization.id} />}
    </Stack>
  );
}
