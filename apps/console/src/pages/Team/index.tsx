import { useState } from 'react';
import { Button, ColorSwatch, Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDeleteTeam, useTeam } from '../../api/teams.ts';
import { useOrganization } from '../../app/organization-scope.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { OrganizationBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { PageError, PageLoader } from '../../components/PageStatus.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { AddTeamMembersForm } from './components/AddTeamMembersForm.tsx';
import { TeamInvitees } from './components/TeamInvitees.tsx';
import { TeamMembersTable } from './components/TeamMembersTable.tsx';
import { TeamProductsEditor } from './components/TeamProductsEditor.tsx';
import { TeamSettingsForm } from './components/TeamSettingsForm.tsx';

/** One team: what it gives, its members (added several at once, with an end date), its leader; renamed or deleted by those who manage it. */
export function TeamPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  const { teamId } = useParams({ from: '/app/organizations/$orgId/teams/$teamId' });
  const team = useTeam(organization.id, teamId);
  usePageTitle(team.data?.name, t('teams.title'), organization.name);
  const remove = useDeleteTeam(organization.id, teamId);
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  if (team.isPending) return <PageLoader />;
  if (!team.data) return <PageError error={team.error} />;
  const data = team.data;
  const orgId = organization.id;

  return (
    <Stack>
      <OrganizationBreadcrumbs orgId={orgId} orgName={organization.name} current={data.name}
        trail={[<AnchorLink key="teams" to="/organizations/$orgId/teams" params={{ orgId }} size="sm">{t('teams.title')}</AnchorLink>]} />
      <Group justify="space-between">
        <Group gap="sm">
          <ColorSwatch color={data.colour} size={20} aria-hidden />
          <Title order={1}>{t('teams.teamHeading', { name: data.name })}</Title>
        </Group>
        {data.mayManage && <Button color="red" variant="light" onClick={() => setConfirming(true)}>{t('teams.delete')}</Button>}
      </Group>
      {data.description !== '' && <Text>{data.description}</Text>}
      <Text size="sm" c="dimmed">{data.leader ? t('teams.ledBy', { name: data.leader.name }) : t('teams.noLeader')}</Text>
      <TeamProductsEditor key={JSON.stringify(data.products)} orgId={orgId} team={data} />
      <TeamMembersTable orgId={orgId} team={data} />
      {data.mayManageMembers && <AddTeamMembersForm orgId={orgId} team={data} />}
      <TeamInvitees team={data} />
      {data.mayManage && <TeamSettingsForm key={`${data.name}|${data.leader?.memberId ?? ''}|${data.colour}`} orgId={orgId} team={data} />}
      {confirming && (
        <ConfirmDialog title={t('teams.deleteTitle', { name: data.name })} confirmLabel={t('teams.deleteConfirm')} pending={remove.isPending}
          error={remove.isError ? errorText(remove.error) : null} onClose={() => setConfirming(false)}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => void navigate({ to: '/organizations/$orgId/teams', params: { orgId } }) })}>
          {t('teams.deleteText', { name: data.name })}
        </ConfirmDialog>
      )}
    </Stack>
  );
}
