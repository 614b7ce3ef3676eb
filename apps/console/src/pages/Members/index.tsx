import { useEffect } from 'react';
import { Alert, Loader, Stack, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMembers } from '../../api/members.ts';
import { rememberOrganization, useOrganization } from '../../api/organizations.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { InviteForm } from './components/InviteForm.tsx';
import { MembersTable } from './components/MembersTable.tsx';
import { PendingInvitations } from './components/PendingInvitations.tsx';

/** Members of the organisation; owners and administrators also invite, change roles and remove. */
export function MembersPage() {
  const { t } = useTranslation();
  const { orgId } = useParams({ from: '/app/organizations/$orgId/members' });
  const organization = useOrganization(orgId);
  const members = useMembers(orgId);
  const errorText = useErrorText();
  useEffect(() => rememberOrganization(orgId), [orgId]);

  if (organization.isPending || members.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!organization.data || !members.data) return <Alert color="red" role="alert">{errorText(organization.error ?? members.error)}</Alert>;
  const myRole = organization.data.myRole;
  const manager = myRole === 'owner' || myRole === 'admin';

  return (
    <Stack>
      <Title order={1}>{t('members.title', { name: organization.data.name })}</Title>
      {manager && <InviteForm orgId={orgId} myRole={myRole} />}
      <MembersTable orgId={orgId} members={members.data} myRole={myRole} />
      {manager && <PendingInvitations orgId={orgId} />}
    </Stack>
  );
}
