import { useEffect } from 'react';
import { Alert, Code, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { rememberOrganization, useOrganization } from '../../api/organizations.ts';
import { RoleBadge } from '../../components/RoleBadge.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { RenameForm } from './RenameForm.tsx';

/** Organisation profile: name (renamed by owners and administrators), hosting number, support code, my role. */
export function OrganizationPage() {
  const { t } = useTranslation();
  const { orgId } = useParams({ from: '/app/organizations/$orgId' });
  const { data: organization, error, isPending } = useOrganization(orgId);
  const errorText = useErrorText();
  useEffect(() => rememberOrganization(orgId), [orgId]);

  if (isPending) return <Loader aria-label={t('common.loading')} />;
  if (!organization) return <Alert color="red" role="alert">{errorText(error)}</Alert>;
  const canRename = organization.myRole === 'owner' || organization.myRole === 'admin';

  return (
    <Stack maw={760}>
      <Title order={1}>{organization.name}</Title>
      <Paper withBorder p="lg">
        <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" m={0}>
          <Stack gap={4}>
            <Text component="dt" size="sm" c="dimmed">{t('organization.hostingNumber')}</Text>
            <Text component="dd" m={0}><Code fz="md">{organization.hostingNumber}</Code></Text>
          </Stack>
          <Stack gap={4}>
            <Text component="dt" size="sm" c="dimmed">{t('organization.supportCode')}</Text>
            <Text component="dd" m={0}><Code fz="md">{organization.supportCode}</Code></Text>
          </Stack>
          <Stack gap={4}>
            <Text component="dt" size="sm" c="dimmed">{t('organization.myRole')}</Text>
            <Group component="dd" m={0}><RoleBadge role={organization.myRole} /></Group>
          </Stack>
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="md">{t('organization.supportHint')}</Text>
      </Paper>
      {canRename && <RenameForm organization={organization} />}
    </Stack>
  );
}
