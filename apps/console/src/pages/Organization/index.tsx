import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { useOrganization } from '../../app/organization-scope.tsx';
import { CopyValue } from '../../components/CopyValue.tsx';
import { HostingCredentialsPanel } from '../../components/hosting/HostingCredentialsPanel.tsx';
import { RoleBadge } from '../../components/RoleBadge.tsx';
import { OrganizationStorage } from './OrganizationStorage.tsx';
import { RenameForm } from './RenameForm.tsx';
import { SupportAccess } from './SupportAccess.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** Organisation profile: name (renamed by owners and administrators), hosting number, support code, my role. */
export function OrganizationPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  usePageTitle(t('nav.organization'), organization.name);

  return (
    <Stack>
      <Stack maw={760}>
        <Title order={1}>{organization.name}</Title>
        <Paper withBorder p="lg">
          <SimpleGrid cols={{ base: 1, sm: organization.premiumSupportCode === null ? 3 : 4 }} component="dl" m={0}>
            <Stack gap={4}>
              <Text component="dt" size="sm" c="dimmed">{t('organization.hostingNumber')}</Text>
              <Group component="dd" m={0}><CopyValue value={organization.hostingNumber} label={t('organization.hostingNumber')} /></Group>
            </Stack>
            <Stack gap={4}>
              <Text component="dt" size="sm" c="dimmed">{t('organization.supportCode')}</Text>
              <Group component="dd" m={0}><CopyValue value={organization.supportCode} label={t('organization.supportCode')} /></Group>
            </Stack>
            {organization.premiumSupportCode !== null && (
              <Stack gap={4}>
                <Text component="dt" size="sm" c="dimmed">{t('organization.premiumSupportCode')}</Text>
                <Group component="dd" m={0}><CopyValue value={organization.premiumSupportCode} label={t('organization.premiumSupportCode')} /></Group>
              </Stack>
            )}
            <Stack gap={4}>
              <Text component="dt" size="sm" c="dimmed">{t('organization.myRole')}</Text>
              <Group component="dd" m={0}>
                {organization.support ? <Badge color="blue" variant="light">{t('organization.supportRole')}</Badge> : <RoleBadge role={organization.myRole} />}
              </Group>
            </Stack>
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt="md">{t('organization.supportHint')}</Text>
        </Paper>
        {can(organization, 'organization.rename') && <RenameForm organization={organization} />}
        {can(organization, 'storage.read') && <OrganizationStorage orgId={organization.id} />}
        {can(organization, 'hosting.credentials.send') && (
          <HostingCredentialsPanel target={{ orgId: organization.id }} {...(can(organization, 'hosting.password.reset') ? { resetOrgId: organization.id } : {})} />
        )}
      </Stack>
      {/* Its table of accesses needs the room of the page. */}
      {can(organization, 'supportAccess.manage') && <SupportAccess orgId={organization.id} />}
    </Stack>
  );
}
