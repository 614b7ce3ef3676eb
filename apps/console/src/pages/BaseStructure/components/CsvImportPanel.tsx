import { useState } from 'react';
import { Anchor, Badge, Button, FileInput, Group, Paper, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { structureCsvField, structureCsvTemplate, type StructureImportLine, type StructureImportReport, type StructureKind } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useStructureCsv } from '../../../api/base-structure.ts';
import { useBase } from '../../../app/base-scope.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useMessage } from '../../../i18n/messages.ts';

const ACTION_COLORS: Record<StructureImportLine['action'], string> = { create: 'green', change: 'blue', unchanged: 'gray', refuse: 'red' };
const ACTIONS = ['create', 'change', 'unchanged', 'refuse'] as const;

/**
 * Import a CSV file of one kind: preview each line (to create, to change, unchanged, refused), then
 * apply the whole file and see what was created and changed. Each kind's template is offered.
 */
export function CsvImportPanel({ baseId, kind }: { baseId: string; kind: StructureKind }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const message = useMessage();
  const base = useBase();
  const csv = useStructureCsv(baseId, kind);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<StructureImportReport | null>(null);
  // Before applying, the preview says what will be done ("À créer"); after, what was done ("Créée").
  const tense = report?.applied ? 'done' : 'actions';
  const counts = report?.applied ? 'doneCounts' : 'counts';
  const columnLabel = (column: string) => {
    const field = structureCsvField(kind, column);
    return field ? t(`structure.fields.${field}`) : column;
  };

  const preview = () => file && csv.mutate({ step: 'preview', file }, { onSuccess: setReport });
  const apply = () =>
    file &&
    csv.mutate({ step: 'apply', file }, {
      onSuccess: (applied) => {
        notifications.show({ color: 'teal', message: t('structure.csv.applied', { count: applied.lines.length }) });
        setReport(applied);
        setFile(null);
      },
    });
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`\ufeff${structureCsvTemplate(kind, base.schoolYear)}`)}`;

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" align="baseline">
        <Title order={3} size="h5" mb={4}>{t('structure.csv.title')}</Title>
        <Anchor href={template} download={`${t(`structure.csv.templateName.${kind}`)}.csv`} size="sm">{t('structure.csv.template')}</Anchor>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">{t(`structure.csv.header.${kind}`)}</Text>
      <Group align="flex-end">
        <FileInput label={t('structure.csv.file')} accept=".csv,text/csv" value={file} clearable clearButtonProps={{ 'aria-label': t('common.clearFile') }} style={{ flex: '1 1 16rem' }}
          onChange={(f) => { setFile(f); setReport(null); csv.reset(); }} />
        <Button onClick={preview} disabled={!file} loading={csv.isPending && csv.variables?.step === 'preview'}>{t('structure.csv.preview')}</Button>
      </Group>
      <FormAlert message={csv.isError ? errorText(csv.error) : null} />
      {report && (
        <>
          <Group mt="md" gap="xs" aria-live="polite">
            {ACTIONS.map((action) => (
              <Badge key={action} color={ACTION_COLORS[action]} variant="light">{t(`structure.csv.${counts}.${action}`, { count: report.counts[action] })}</Badge>
            ))}
          </Group>
          <Table.ScrollContainer minWidth={600} mt="sm">
            <Table aria-label={report.applied ? t('structure.csv.appliedTable') : t('structure.csv.previewTable')}>
              <Table.Thead>
                <Table.Tr><Table.Th>{t('structure.csv.line')}</Table.Th><Table.Th>{t('structure.csv.action')}</Table.Th><Table.Th>{t('structure.csv.key')}</Table.Th><Table.Th>{t('structure.csv.details')}</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.lines.map((line) => (
                  <Table.Tr key={line.line} data-action={line.action}>
                    <Table.Td>{line.line}</Table.Td>
                    <Table.Td><Badge color={ACTION_COLORS[line.action]} variant="light">{t(`structure.csv.${tense}.${line.action}`)}</Badge></Table.Td>
                    <Table.Td>{line.key}</Table.Td>
                    <Table.Td>
                      {line.errors.map((e) => (
                        <Text key={`${e.column}-${e.code}`} size="sm" c="red">{e.column ? t('structure.csv.columnError', { column: columnLabel(e.column), message: message(e) }) : message(e)}</Text>
                      ))}
                      {line.action === 'change' && <Text size="sm">{t('structure.csv.changedFields', { fields: line.changed.map((f) => t(`structure.fields.${f}`)).join(', ') })}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {!report.applied && (
            <Group justify="flex-end" mt="sm">
              {report.counts.refuse > 0 && <Text size="sm" c="red">{t('structure.csv.fixFirst')}</Text>}
              <Button onClick={apply} disabled={report.counts.refuse > 0} loading={csv.isPending && csv.variables?.step === 'apply'}>{t('structure.csv.apply')}</Button>
            </Group>
          )}
        </>
      )}
    </Paper>
  );
}
