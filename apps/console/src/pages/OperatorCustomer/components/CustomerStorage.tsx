import { useState } from 'react';
import { Alert, Button, Group, Loader, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StorageUsage } from '@preau/contracts';
import { useCustomerStorage, useSetStorageQuota } from '../../../api/storage.ts';
import { StorageUsageView } from '../../../components/storage/StorageUsageView.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

type Mode = 'default' | 'megabytes' | 'unlimited';
const MB = 1024 * 1024;

function modeOf(usage: StorageUsage): Mode {
  if (usage.quotaSource === 'instance') return 'default';
  return usage.quotaBytes === null ? 'unlimited' : 'megabytes';
}

/** A customer's storage use, and the quota the operator sets for it. */
export function CustomerStorage({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const usage = useCustomerStorage(orgId);
  if (usage.isPending) return <Loader size="sm" />;
  if (usage.isError) return <Alert color="red" role="alert">{errorText(usage.error)}</Alert>;
  return (
    <Stack>
      <StorageUsageView usage={usage.data} />
      <Text size="sm" c="dimmed">{t(`storage.quota.source_${usage.data.quotaSource}`)}</Text>
      <QuotaForm orgId={orgId} usage={usage.data} />
    </Stack>
  );
}

function QuotaForm({ orgId, usage }: { orgId: string; usage: StorageUsage }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSetStorageQuota(orgId);
  const [mode, setMode] = useState<Mode>(() => modeOf(usage));
  const [megabytes, setMegabytes] = useState<number | string>(() => (usage.quotaBytes === null ? '' : Math.round(usage.quotaBytes / MB)));
  const submit = () => {
    const quota = mode === 'default' ? 'instance_default' : mode === 'unlimited' ? 'unlimited' : { megabytes: Number(megabytes) };
    save.mutate({ quota });
  };
  return (
    <Stack>
      <form onSubmit={(event) => { event.preventDefault(); submit(); }}>
        <Group align="end">
          <SegmentedControl aria-label={t('storage.quota.mode')} value={mode} onChange={(value) => setMode(value as Mode)}
            data={(['default', 'megabytes', 'unlimited'] as const).map((value) => ({ value, label: t(`storage.quota.mode_${value}`) }))} />
          {mode === 'megabytes' && <NumberInput label={t('storage.quota.megabytes')} min={0} allowDecimal={false} value={megabytes} onChange={setMegabytes} required w={160} />}
          <Button type="submit" loading={save.isPending}>{t('storage.quota.save')}</Button>
        </Group>
      </form>
      {save.isError && <Alert color="red" role="alert">{errorText(save.error)}</Alert>}
      {save.isSuccess && <Text size="sm" role="status">{t('storage.quota.saved')}</Text>}
    </Stack>
  );
}
