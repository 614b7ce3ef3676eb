import { Alert, Loader, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useStorageUsage } from '../../api/storage.ts';
import { StorageUsageView } from '../../components/storage/StorageUsageView.tsx';
import { useErrorText } from '../../i18n/errors.ts';

/** The organisation's storage: what its bases keep against its quota. */
export function OrganizationStorage({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const usage = useStorageUsage(orgId);
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="organization-storage">
      <Title order={2} size="h4" id="organization-storage">{t('storage.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('storage.hint')}</Text>
      {usage.isPending && <Loader size="sm" />}
      {usage.isError && <Alert color="red" role="alert">{errorText(usage.error)}</Alert>}
      {usage.data && <StorageUsageView usage={usage.data} />}
    </Paper>
  );
}
