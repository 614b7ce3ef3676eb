import { Alert, Group, Loader, Pagination, SegmentedControl, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BILAN_STATUSES, type BilanKind, type BilanStatus, type StatusCounts } from '@preau/contracts';
import { useImportBilans } from '../../../api/lsu-imports.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import type { SynthesisSearch } from '../synthesis-search.ts';
import { BilansFilters } from './BilansFilters.tsx';
import { BilansTable } from './BilansTable.tsx';

const PAGE_SIZE = 50;
const ALL = 'all';

interface Props {
  baseId: string;
  importId: string;
  kind: BilanKind;
  counts: StatusCounts;
  /** The import's classes, for the class filter. */
  classes: readonly string[];
  search: SynthesisSearch;
  /** Changes the URL's filters or page: a page is a step back can return to, a filter replaces the entry. */
  onSearch: (next: Omit<SynthesisSearch, 'kind'>, options: { replace: boolean }) => void;
}

/** One tab of the synthesis: status, class and name filters, the bilans of that kind page by page (the server filters and pages). */
export function BilansPanel({ baseId, importId, kind, counts, classes, search, onSearch }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const pageNumber = search.page ?? 1;
  const bilans = useImportBilans(importId, { kind, status: search.status, search: search.search, classCode: search.class, page: pageNumber, limit: PAGE_SIZE });
  const total = counts.success + counts.alert + counts.rejected;
  const first = (pageNumber - 1) * PAGE_SIZE;
  const pages = bilans.data ? Math.ceil(bilans.data.total / PAGE_SIZE) : 0;
  // A new filter starts again at the first page.
  const filters = { status: search.status, class: search.class, search: search.search };
  const goTo = (page: number) => onSearch({ ...filters, page: page > 1 ? page : undefined }, { replace: false });

  return (
    <Stack>
      <Text size="sm">{summaryOf(t, kind, counts)}</Text>
      <SegmentedControl
        aria-label={t('imports.synthesis.filter')}
        value={search.status ?? ALL}
        onChange={(value) => onSearch({ ...filters, status: value === ALL ? undefined : (value as BilanStatus) }, { replace: true })}
        data={[
          { value: ALL, label: t('imports.status.all', { count: total }) },
          ...BILAN_STATUSES.map((s) => ({ value: s, label: t(`imports.status.filter.${s}`, { count: counts[s] }) })),
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <BilansFilters classes={classes} classCode={search.class} search={search.search}
        onChange={(next) => onSearch({ ...filters, ...next }, { replace: true })} />
      {bilans.isPending && <Loader aria-label={t('common.loading')} />}
      {bilans.isError && <Alert color="red" role="alert">{errorText(bilans.error)}</Alert>}
      {bilans.data && bilans.data.items.length === 0 && (
        <Text c="dimmed" role="status">{t(bilans.data.total > 0 ? 'imports.synthesis.noSuchPage' : 'imports.synthesis.noneForFilter')}</Text>
      )}
      {bilans.data && bilans.data.items.length > 0 && <BilansTable baseId={baseId} kind={kind} items={bilans.data.items} />}
      {bilans.data && bilans.data.total > 0 && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" aria-live="polite">
            {bilans.data.items.length > 0
              ? t('imports.synthesis.range', { from: first + 1, to: first + bilans.data.items.length, total: bilans.data.total })
              : null}
          </Text>
          {pages > 1 && (
            <Pagination total={pages} value={Math.min(pageNumber, pages)} onChange={goTo} size="sm"
              getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
              getItemProps={(n) => ({ 'aria-label': t('pagination.page', { n }) })} />
          )}
        </Group>
      )}
    </Stack>
  );
}

/** "27 bilans en alerte, aucun rejet", in the guide's words. */
function summaryOf(t: (key: string, options?: Record<string, unknown>) => string, kind: BilanKind, counts: StatusCounts): string {
  const parts = BILAN_STATUSES.map((s) => t(`imports.summary.${s}`, { count: counts[s] }));
  return `${t(`imports.summary.title.${kind}`)} ${parts.join(', ')}.`;
}
