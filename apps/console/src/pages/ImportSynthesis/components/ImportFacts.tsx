import type { ReactNode } from 'react';
import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '@preau/contracts';
import { formatBytes, formatDateTime } from '../../../components/imports/format.ts';
import { ImportSource } from '../../../components/imports/ImportSource.tsx';

/** What the import was: date, file and size, type and source, classes, sender, schema version. */
export function ImportFacts({ item }: { item: ImportSummary }) {
  const { t, i18n } = useTranslation();
  const fact = (label: string, value: ReactNode) => (
    <Stack gap={2}>
      <Text component="dt" size="sm" c="dimmed">{label}</Text>
      <Text component="dd" m={0} size="sm" style={{ wordBreak: 'break-word' }}>{value}</Text>
    </Stack>
  );
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} component="dl" m={0}>
        {fact(t('imports.history.date'), formatDateTime(item.createdAt))}
        {fact(t('imports.history.file'), `${item.fileName} (${formatBytes(item.fileSize, i18n.language)})`)}
        {fact(t('imports.history.type'), <ImportSource item={item} />)}
        {fact(t('imports.history.classes'), item.classes.length > 0 ? item.classes.join(', ') : '—')}
        {fact(t('imports.synthesis.submittedBy'), item.submittedBy)}
        {fact(t('imports.synthesis.schemaVersion'), item.schemaVersion ?? '—')}
      </SimpleGrid>
    </Paper>
  );
}
