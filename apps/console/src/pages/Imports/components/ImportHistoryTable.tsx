import { useState } from 'react';
import { Group, Pagination, Table, Text, Tooltip } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '@preau/contracts';
import { isImportRunning } from '../../../api/lsu-imports.ts';
import { AnchorLink } from '../../../components/links.tsx';
import { formatBytes, formatDateTime } from '../../../components/imports/format.ts';
import { ImportInError } from '../../../components/imports/ImportOutcome.tsx';
import { ImportProgress } from '../../../components/imports/ImportProgress.tsx';
import { ImportSource } from '../../../components/imports/ImportSource.tsx';
import { StatusPills } from '../../../components/imports/StatusPills.tsx';
import { ClassList } from './ClassList.tsx';

const PAGE_SIZE = 50;

/** "Historique des imports": newest first; a row opens the import's synthesis. */
export function ImportHistoryTable({ baseId, items }: { baseId: string; items: ImportSummary[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const shown = items.slice((Math.min(page, pages) - 1) * PAGE_SIZE, Math.min(page, pages) * PAGE_SIZE);
  const open = (importId: string) => void navigate({ to: '/bases/$baseId/imports/$importId', params: { baseId, importId } });

  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" highlightOnHover aria-label={t('imports.history.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.history.date')}</Table.Th>
              <Table.Th>{t('imports.history.file')}</Table.Th>
              <Table.Th>{t('imports.history.type')}</Table.Th>
              <Table.Th>{t('imports.history.classes')}</Table.Th>
              <Table.Th>{t('imports.kind.periodic')}</Table.Th>
              <Table.Th>{t('imports.kind.cycle')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((item) => (
              <Table.Tr key={item.id} data-import-id={item.id} data-state={item.state} style={{ cursor: 'pointer' }}
                onClick={(event) => { if (!(event.target as HTMLElement).closest('a')) open(item.id); }}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <AnchorLink to="/bases/$baseId/imports/$importId" params={{ baseId, importId: item.id }} size="sm"
                    aria-label={t('imports.history.open', { date: formatDateTime(item.createdAt), name: item.fileName })}>
                    {formatDateTime(item.createdAt)}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={formatBytes(item.fileSize, i18n.language)} withArrow events={{ hover: true, focus: true, touch: true }}>
                    <Text size="sm" span style={{ overflowWrap: 'anywhere' }} tabIndex={0}
                      aria-label={`${item.fileName} (${formatBytes(item.fileSize, i18n.language)})`}>{item.fileName}</Text>
                  </Tooltip>
                  {item.schemaVersion && <Text size="xs" c="dimmed" data-schema-version>{t('imports.history.schemaVersion', { version: item.schemaVersion })}</Text>}
                </Table.Td>
                <Table.Td><ImportSource item={item} /></Table.Td>
                <Table.Td><ClassList classes={item.classes} /></Table.Td>
                <BilanCells item={item} />
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Group justify="center">
          <Pagination total={pages} value={Math.min(page, pages)} onChange={setPage}
            getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
            getItemProps={(n) => ({ 'aria-label': t('pagination.page', { n }) })} />
        </Group>
      )}
    </>
  );
}

/** The two bilan columns: pills per kind, or live progress, or "Import en erreur" across both. */
function BilanCells({ item }: { item: ImportSummary }) {
  const { t } = useTranslation();
  if (isImportRunning(item)) return <Table.Td colSpan={2}><ImportProgress item={item} /></Table.Td>;
  if (item.state === 'error' || item.state === 'failed') {
    return <Table.Td colSpan={2}><ImportInError /></Table.Td>;
  }
  const unchanged = item.unchanged > 0 && (
    <Text size="xs" c="dimmed" data-testid="unchanged">{t('imports.history.unchanged', { count: item.unchanged })}</Text>
  );
  return (
    <>
      <Table.Td><StatusPills counts={item.periodic} label={t('imports.kind.periodic')} /></Table.Td>
      <Table.Td><StatusPills counts={item.cycle} label={t('imports.kind.cycle')} />{unchanged}</Table.Td>
    </>
  );
}
