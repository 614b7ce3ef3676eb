import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { useTeams } from '../../api/teams.ts';
import { useOrganization } from '../../app/organization-scope.tsx';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { OrganizationBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { PageError, PageLoader } from '../../components/PageStatus.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { CreateTeamForm } from './components/CreateTeamForm.tsx';
import { TeamsTable } from './components/TeamsTable.tsx';

/** The organisation's work teams (all of them to administrators, to others those they are in or lead); administrators create them. */
export function TeamsPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  usePageTitle(t('teams.title'), organization.name);
  const allowed = can(organization, 'teams.list');
  const teams = useTeams(organization.id, allowed);
  if (!allowed) return <NotAllowed />;
  if (teams.isPending) return <PageLoader />;
  if (!teams.data) return <PageError error={teams.error} />;
  return (
    <Stack>
      <OrganizationBreadcrumbs orgId={organization.id} orgName={organization.name} current={t('teams.title')} />
      <Title order={1}>{t('teams.heading', { name: organization.name })}</Title>
      <Text size="sm" c="dimmed">{t('teams.intro')}</Text>
      <TeamsTable orgId={organization.id} teams={teams.data} />
      {can(organization, 'teams.manage') && <CreateTeamForm orgId={organization.id} />}
    </Stack>
  );
}
