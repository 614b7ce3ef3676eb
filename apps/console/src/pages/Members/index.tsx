import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { useMembers } from '../../api/members.ts';
import { useOrganization } from '../../app/organization-scope.tsx';
import { PageError, PageLoader } from '../../components/PageStatus.tsx';
import { InviteForm } from './components/InviteForm.tsx';
import { MembersTable } from './components/MembersTable.tsx';
import { PendingInvitations } from './components/PendingInvitations.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** Members of the organisation; owners and administrators also invite, change roles and remove. */
export function MembersPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  usePageTitle(t('nav.members'), organization.name);
  const members = useMembers(organization.id);

  if (members.isPending) return <PageLoader />;
  if (!members.data) return <PageError error={members.error} />;

  return (
    <Stack>
      <Title order={1}>{t('members.title', { name: organization.name })}</Title>
      {can(organization, 'invitations.create') && <InviteForm organization={organization} />}
      <MembersTable organization={organization} members={members.data} />
      {can(organization, 'invitations.list') && <PendingInvitations orgId={organization.id} />}
    </Stack>
  );
}
