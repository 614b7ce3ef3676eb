import { useState } from 'react';
import { Badge, Button, FileInput, Group, Paper, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { StructureImportLine, StructureImportReport, StructureKind } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useStructureCsv } from '../../../api/base-structure.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useMessage } from '../../../i18n/messages.ts';

const ACTION_COLORS: Record<StructureImportLine['action'], string> = { create: 'green', change: 'blue', unchanged: 'gray', refuse: 'red' };

/** Import a CSV file of one kind: preview each line (created, changed, unchanged, refused), then apply the whole file. */
export function CsvImportPanel({ baseId, kind }: { baseId: string; kind: StructureKind }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const message = useMessage();
  const csv = useStructureCsv(baseId, kind);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<StructureImportReport | null>(null);

  const preview = () => file && csv.mutate({ step: 'preview', file }, { onSuccess: setReport });
  const apply = () =>
    file &&
    csv.mutate({ step: 'apply', file }, {
      onSuccess: (applied) => {
        notifications.show({ color: 'teal', message: t('structure.csv.applied', { create: applied.counts.create, change: applied.counts.change }) });
        setReport(null);
        setFile(null);
      },
    });

  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5" mb={4}>{t('structure.csv.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t(`structure.csv.header.${kind}`)}</Text>
      <Group align="flex-end">
        <FileInput label={t('structure.csv.file')} accept=".csv,text/csv" value={file} clearable style={{ flex: '1 1 16rem' }}
          onChange={(f) => { setFile(f); setReport(null); csv.reset(); }} />
        <Button onClick={preview} disabled={!file} loading={csv.isPending && csv.variables?.step === 'preview'}>{t('structure.csv.preview')}</Button>
      </Group>
      <FormAlert message={csv.isError ? errorText(csv.error) : null} />
      {report && (
        <>
          <Group mt="md" gap="xs" aria-live="polite">
            {(['create', 'change', 'unchanged', 'refuse'] as const).map((action) => (
              <Badge key={action} color={ACTION_COLORS[action]} variant="light">{t(`structure.csv.counts.${action}`, { count: report.counts[action] })}</Badge>
            ))}
          </Group>
          <Table.ScrollContainer minWidth={600} mt="sm">
            <Table aria-label={t('structure.csv.previewTable')}>
              <Table.Thead>
                <Table.Tr><Table.Th>{t('structure.csv.line')}</Table.Th><Table.Th>{t('structure.csv.action')}</Table.Th><Table.Th>{t('structure.csv.key')}</Table.Th><Table.Th>{t('structure.csv.details')}</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.lines.map((line) => (
                  <Table.Tr key={line.line}>
                    <Table.Td>{line.line}</Table.Td>
                    <Table.Td><Badge color={ACTION_COLORS[line.action]} variant="light">{t(`structure.csv.actions.${line.action}`)}</Badge></Table.Td>
                    <Table.Td>{line.key}</Table.Td>
                    <Table.Td>
                      {line.errors.map((e) => (
                        <Text key={`${e.column}-${e.code}`} size="sm" c="red">{e.column ? t('structure.csv.columnError', { column: e.column, message: message(e) }) : message(e)}</Text>
                      ))}
                      {line.action === 'change' && <Text size="sm">{t('structure.csv.changedFields', { fields: line.changed.map((f) => t(`structure.fields.${f}`)).join(', ') })}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="flex-end" mt="sm">
            {report.counts.refuse > 0 && <Text size="sm" c="red">{t('structure.csv.fixFirst')}</Text>}
            <Button onClick={apply} disabled={report.counts.refuse > 0} loading={csv.isPending && csv.variables?.step === 'apply'}>{t('structure.csv.apply')}</Button>
          </Group>
        </>
      )}
    </Paper>
  );
}
