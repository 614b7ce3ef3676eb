import { Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StorageUsage } from '@preau/contracts';
import { useFormat } from '../../i18n/format.ts';

/** Used against the quota (a bar that turns orange past 80 % and red past 95 %), then each base's share. */
export function StorageUsageView({ usage }: { usage: StorageUsage }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = usage.quotaBytes === null || usage.quotaBytes === 0 ? null : Math.min(100, (usage.usedBytes / usage.quotaBytes) * 100);
  const color = percent === null || percent < 80 ? 'blue' : percent < 95 ? 'orange' : 'red';
  return (
    <Stack gap="sm">
      <Text>
        {usage.quotaBytes === null
          ? t('storage.usedUnlimited', { used: format.bytes(usage.usedBytes) })
          : t('storage.usedOfQuota', { used: format.bytes(usage.usedBytes), quota: format.bytes(usage.quotaBytes) })}
      </Text>
      {percent !== null && <Progress value={percent} color={color} aria-label={t('storage.usedPercent', { percent: Math.round(percent) })} />}
      {usage.bases.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('storage.base')}</Table.Th>
              <Table.Th ta="right">{t('storage.used')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {usage.bases.map((base) => (
              <Table.Tr key={base.baseId}>
                <Table.Td>{base.name}</Table.Td>
                <Table.Td ta="right">{format.bytes(base.usedBytes)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
