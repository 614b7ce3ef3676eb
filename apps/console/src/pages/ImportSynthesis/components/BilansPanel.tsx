import { useState } from 'react';
import { Alert, Button, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BILAN_STATUSES, type BilanKind, type BilanStatus, type StatusCounts } from '@preau/contracts';
import { useImportBilans } from '../../../api/lsu-imports.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { BilansTable } from './BilansTable.tsx';

const PAGE_SIZE = 50;
const ALL = 'all';

interface Props {
  baseId: string;
  importId: string;
  kind: BilanKind;
  counts: StatusCounts;
  status: BilanStatus | undefined;
  onStatus: (status: BilanStatus | undefined) => void;
}

/** One tab of the synthesis: status filter, the bilans of that kind page by page. */
export function BilansPanel({ baseId, importId, kind, counts, status, onStatus }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  // Keyset pagination: the cursors of the pages already seen, to go back; a new filter starts again
  // (kept beside the filter rather than remounting, so the focused filter control keeps its focus).
  const [paging, setPaging] = useState<{ status: BilanStatus | undefined; cursors: (string | undefined)[] }>({ status, cursors: [undefined] });
  const cursors = paging.status === status ? paging.cursors : [undefined];
  const setCursors = (next: (string | undefined)[]) => setPaging({ status, cursors: next });
  const cursor = cursors[cursors.length - 1];
  const page = useImportBilans(importId, { kind, status, cursor, limit: PAGE_SIZE });
  const total = counts.success + counts.alert + counts.rejected;
  const first = (cursors.length - 1) * PAGE_SIZE;

  const filter = (value: string) => {
    onStatus(value === ALL ? undefined : (value as BilanStatus));
  };

  return (
    <Stack>
      <Text size="sm">{summaryOf(t, kind, counts)}</Text>
      <SegmentedControl
        aria-label={t('imports.synthesis.filter')}
        value={status ?? ALL}
        onChange={filter}
        data={[
          { value: ALL, label: t('imports.status.all', { count: total }) },
          ...BILAN_STATUSES.map((s) => ({ value: s, label: t(`imports.status.filter.${s}`, { count: counts[s] }) })),
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {page.isPending && <Loader aria-label={t('common.loading')} />}
      {page.isError && <Alert color="red" role="alert">{errorText(page.error)}</Alert>}
      {page.data && page.data.items.length === 0 && <Text c="dimmed">{t('imports.synthesis.noneForFilter')}</Text>}
      {page.data && page.data.items.length > 0 && (
        <>
          <BilansTable baseId={baseId} kind={kind} items={page.data.items} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('imports.synthesis.range', { from: first + 1, to: first + page.data.items.length, total: page.data.total })}
            </Text>
            <Group gap="xs">
              <Button variant="default" size="xs" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                {t('pagination.previous')}
              </Button>
              <Button variant="default" size="xs" disabled={!page.data.nextCursor || page.isPlaceholderData}
                onClick={() => { if (page.data.nextCursor) setCursors([...cursors, page.data.nextCursor]); }}>
                {t('pagination.next')}
              </Button>
            </Group>
          </Group>
        </>
      )}
    </Stack>
  );
}

/** "27 bilans en alerte, aucun rejet", in the guide's words. */
function summaryOf(t: (key: string, options?: Record<string, unknown>) => string, kind: BilanKind, counts: StatusCounts): string {
  const parts = BILAN_STATUSES.map((s) => t(`imports.summary.${s}`, { count: counts[s] }));
  return `${t(`imports.summary.title.${kind}`)} ${parts.join(', ')}.`;
}
