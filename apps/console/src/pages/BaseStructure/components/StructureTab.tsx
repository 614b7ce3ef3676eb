import { useState } from 'react';
import { Button, Group, Loader, Pagination, Stack, Table, Text, TextInput } from '@mantine/core';
import { can, type SchoolClass, type StructureKind } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useSaveStructureRow, useStructure } from '../../../api/base-structure.ts';
import { usePupilPhotos } from '../../../api/pupil-photos.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { AnchorLink, ButtonLink } from '../../../components/links.tsx';
import { PupilThumbnail } from '../../../components/photos/PupilThumbnail.tsx';
import { useBase } from '../../../app/base-scope.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { CsvImportPanel } from './CsvImportPanel.tsx';
import { RowDialog } from './RowDialog.tsx';
import { emptyRow, STRUCTURE_FIELDS } from './structure-fields.ts';

type Row = Record<string, unknown> & { id: string };

const PAGE_SIZE = 50;
/** Lower case without accents, so 'eleve' finds 'Élève'. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** One kind of the base's structure: its table, add / edit / delete, and its CSV import. */
export function StructureTab({ baseId, kind, canWrite, classes }: { baseId: string; kind: StructureKind; canWrite: boolean; classes: SchoolClass[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const format = useFormat();
  const rows = useStructure<Row>(baseId, kind);
  const remove = useSaveStructureRow(baseId, kind);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [deleting, setDeleting] = useState<Row | null>(null);
  const [editing, setEditing] = useState<{ id?: string; values: Record<string, string> } | null>(null);
  const fields = STRUCTURE_FIELDS[kind];
  // A pupil's name opens their page (bilans, photo), to those who may read either.
  const base = useBase();
  const pupilLinks = kind === 'pupils' && (can(base, 'pupilBilans.read') || can(base, 'pupilPhotos.read'));
  const showPhotos = kind === 'pupils' && can(base, 'pupilPhotos.read');
  const photos = usePupilPhotos(baseId, showPhotos);
  // A class's code opens its page (documents, letters to its families), to those who may read its documents.
  const classLinks = kind === 'classes' && can(base, 'baseDocuments.read');
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
  // Search over what the table shows (any column, any case, accents ignored), then one page of it.
  const needle = fold(search.trim());
  const found = needle === '' ? rows.data : rows.data.filter((row) => fields.some((f) => fold(display(row, f.name)).includes(needle)));
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const shown = found.slice((Math.min(page, pages) - 1) * PAGE_SIZE, Math.min(page, pages) * PAGE_SIZE);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput label={t('structure.search')} type="search" value={search} w={260}
            onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} />
          <Text size="sm" c="dimmed" role="status">
            {needle === '' ? t('structure.count', { count: rows.data.length }) : t('structure.countFound', { count: found.length, total: rows.data.length })}
          </Text>
        </Group>
        <Group>
          {kind === 'pupils' && can(base, 'pupilPhotos.write') && <ButtonLink to="/bases/$baseId/photos" params={{ baseId }} variant="light">{t('photos.bulkTitle')}</ButtonLink>}
          {canWrite && <Button onClick={() => setEditing({ values: emptyRow(kind) })}>{t(`structure.addKind.${kind}`)}</Button>}
        </Group>
      </Group>
      {found.length === 0 ? (
        <Text c="dimmed">{t(needle === '' ? 'structure.empty' : 'structure.noMatch')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped aria-label={t(`structure.kinds.${kind}`)}>
            <Table.Thead>
              <Table.Tr>
                {showPhotos && <Table.Th>{t('photos.column')}</Table.Th>}
                {fields.map((f) => <Table.Th key={f.name}>{t(`structure.fields.${f.name}`)}</Table.Th>)}
                {canWrite && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((row) => (
                <Table.Tr key={row.id}>
                  {showPhotos && <Table.Td w={56}><PupilThumbnail baseId={baseId} photo={photos.data?.get(row.id)} alt={t('photos.alt', { name: rowName(row) })} /></Table.Td>}
                  {fields.map((f) => (
                    <Table.Td key={f.name}>
                      {pupilLinks && f.name === 'lastName' ? (
                        <AnchorLink to="/bases/$baseId/pupils/$pupilId" params={{ baseId, pupilId: row.id }}>{display(row, f.name)}</AnchorLink>
                      ) : classLinks && f.name === 'code' ? (
                        <AnchorLink to="/bases/$baseId/classes/$classId" params={{ baseId, classId: row.id }}>{display(row, f.name)}</AnchorLink>
                      ) : display(row, f.name)}
                    </Table.Td>
                  ))}
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
      {pages > 1 && (
        <nav aria-label={t('structure.pages')}>
          <Pagination total={pages} value={Math.min(page, pages)} onChange={setPage}
            getControlProps={(control) => ({ 'aria-label': t(`structure.pageControl.${control}`) })}
            getItemProps={(n) => ({ 'aria-label': t('structure.pageN', { n }) })} />
        </nav>
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
