import { Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '@preau/contracts';
import { formatBytes } from './format.ts';

/** Live progress of a queued or running import: bytes read out of the file's size, bilans processed. */
export function ImportProgress({ item }: { item: Pick<ImportSummary, 'state' | 'fileSize' | 'progress'> }) {
  const { t, i18n } = useTranslation();
  const percent = item.fileSize > 0 ? Math.min(100, Math.round((item.progress.bytesRead / item.fileSize) * 100)) : 0;
  const label = item.state === 'queued' ? t('imports.progress.queued') : t('imports.progress.running', { percent });
  return (
    <Stack gap={4} miw={180}>
      <Progress value={item.state === 'queued' ? 0 : percent} animated striped aria-label={label} size="md" />
      <Text size="xs" c="dimmed" aria-live="polite">
        {label}{' · '}
        {t('imports.progress.detail', {
          read: formatBytes(item.progress.bytesRead, i18n.language),
          size: formatBytes(item.fileSize, i18n.language),
          count: item.progress.bilans,
          bilans: item.progress.bilans.toLocaleString(i18n.language),
        })}
      </Text>
    </Stack>
  );
}
