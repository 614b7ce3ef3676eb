import { useState } from 'react';
import { Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import type { SchoolClass, StructureKind } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useSaveStructureRow, useStructure } from '../../../api/base-structure.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { CsvImportPanel } from './CsvImportPanel.tsx';
import { RowDialog } from './RowDialog.tsx';
import { emptyRow, STRUCTURE_FIELDS } from './structure-fields.ts';

type Row = Record<string, unknown> & { id: string };

/** One kind of the base's structure: its table, add / edit / delete, and its CSV import. */
export function StructureTab({ baseId, kind, canWrite, classes }: { baseId: string; kind: StructureKind; canWrite: boolean; classes: SchoolClass[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const format = useFormat();
  const rows = useStructure<Row>(baseId, kind);
  const remove = useSaveStructureRow(baseId, kind);
  const [deleting, setDeleting] = useState<Row | null>(null);
  const [editing, setEditing] = useState<{ id?: string; values: Record<string, string> } | null>(null);
  const fields = STRUCTURE_FIELDS[kind];
  const classCode = new Map(classes.map((c) => [c.id, c.code]));

  const display = (row: Row, name: string): string => {
    const value = row[name];
    if (value === null || value === undefined || value === '') return '—';
    if (name === 'classId') return classCode.get(String(value)) ?? '?';
    const field = fields.find((f) => f.name === name);
    if (field?.type === 'date') return format.day(String(value));
    return field?.optionLabels ? t(`structure.${field.optionLabels}.${String(value)}`) : String(value);
  };
  /** What a row is called in a sentence: a pupil or teacher by name, a class or discipline by code and label. */
  const rowName = (row: Row): string => {
    const v = (name: string) => (row[name] === null || row[name] === undefined ? '' : String(row[name]));
    switch (kind) {
      case 'periods': return `${v('index')}/${v('count')}`;
      case 'pupils': return `${v('lastName')} ${v('firstName')} (${v('nationalId')})`;
      case 'teachers': return `${v('lastName')} ${v('firstName')}`;
      case 'classes':
      case 'disciplines': return `${v('code')} (${v('label')})`;
    }
  };
  const valuesOf = (row: Row) => Object.fromEntries(fields.map((f) => [f.name, row[f.name] === null || row[f.name] === undefined ? '' : String(row[f.name])]));

  if (rows.isPending) return <Loader aria-label={t('common.loading')} />;
  if (rows.isError) return <FormAlert message={errorText(rows.error)} />;
  return (
    <Stack>
      {canWrite && (
        <Group justify="flex-end">
          <Button onClick={() => setEditing({ values: emptyRow(kind) })}>{t(`structure.addKind.${kind}`)}</Button>
        </Group>
      )}
      {rows.data.length === 0 ? (
        <Text c="dimmed">{t('structure.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped aria-label={t(`structure.kinds.${kind}`)}>
            <Table.Thead>
              <Table.Tr>
                {fields.map((f) => <Table.Th key={f.name}>{t(`structure.fields.${f.name}`)}</Table.Th>)}
                {canWrite && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.data.map((row) => (
                <Table.Tr key={row.id}>
                  {fields.map((f) => <Table.Td key={f.name}>{display(row, f.name)}</Table.Td>)}
                  {canWrite && (
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setEditing({ id: row.id, values: valuesOf(row) })}>{t('structure.editShort')}</Button>
                        <Button size="xs" variant="subtle" color="red" loading={remove.isPending && remove.variables?.id === row.id}
                          aria-label={t('structure.deleteOf', { name: rowName(row) })}
                          onClick={() => { remove.reset(); setDeleting(row); }}>{t('structure.delete')}</Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canWrite && <CsvImportPanel baseId={baseId} kind={kind} />}
      {deleting && (
        <ConfirmDialog title={t(`structure.deleteTitle.${kind}`)} confirmLabel={t('structure.delete')} pending={remove.isPending}
          error={remove.isError ? errorText(remove.error) : null} onClose={() => setDeleting(null)}
          onConfirm={() => remove.mutate({ id: deleting.id, input: null }, { onSuccess: () => setDeleting(null) })}>
          {t(`structure.deleteText.${kind}`, { name: rowName(deleting) })}
        </ConfirmDialog>
      )}
      {editing && <RowDialog baseId={baseId} kind={kind} row={editing} classes={classes} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
