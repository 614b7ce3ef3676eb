import { useEffect, useState } from 'react';
import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DocumentFilters } from '../../api/billing-paths.ts';
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from './document-search.ts';

const TYPING_PAUSE_MS = 300;
const ALL = '';

/** The history's filters: status, type, period and a search sent once typing pauses. */
export function DocumentFiltersBar({ filters, onChange }: { filters: DocumentFilters; onChange: (next: DocumentFilters) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(filters.q ?? '');
  const [seen, setSeen] = useState(filters.q);
  const [sent, setSent] = useState(filters.q);
  // The URL changed under the field (back, a link), not by what was typed here: show its search.
  if (seen !== filters.q) {
    setSeen(filters.q);
    if (filters.q !== sent) {
      setSent(filters.q);
      setTyped(filters.q ?? '');
    }
  }
  useEffect(() => {
    const wanted = typed.trim() === '' ? undefined : typed.trim();
    if (wanted === filters.q) return undefined;
    const timer = setTimeout(() => {
      setSent(wanted);
      onChange({ ...filters, q: wanted });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed, filters, onChange]);
  const pick = <K extends keyof DocumentFilters>(key: K, value: string) =>
    onChange({ ...filters, [key]: value === ALL ? undefined : value });
  const any = Object.values(filters).some((v) => v !== undefined);

  return (
    <Group align="flex-end" role="search" aria-label={t('billing.filters.label')}>
      <NativeSelect label={t('billing.filters.status')} value={filters.status ?? ALL} w={170}
        data={[{ value: ALL, label: t('billing.filters.allStatuses') }, ...DOCUMENT_STATUSES.map((s) => ({ value: s, label: t(`billing.status.${s}`) }))]}
        onChange={(event) => pick('status', event.currentTarget.value)} />
      <NativeSelect label={t('billing.filters.kind')} value={filters.kind ?? ALL} w={170}
        data={[{ value: ALL, label: t('billing.filters.allKinds') }, ...DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`billing.kind.${k}`) }))]}
        onChange={(event) => pick('kind', event.currentTarget.value)} />
      <TextInput label={t('billing.filters.from')} type="date" value={filters.from ?? ''} w={160}
        onChange={(event) => pick('from', event.currentTarget.value)} />
      <TextInput label={t('billing.filters.to')} type="date" value={filters.to ?? ''} w={160}
        onChange={(event) => pick('to', event.currentTarget.value)} />
      <TextInput label={t('billing.filters.search')} type="search" value={typed} w={220} maxLength={100}
        placeholder={t('billing.filters.searchHint')} onChange={(event) => setTyped(event.currentTarget.value)} />
      {any && <Button variant="subtle" onClick={() => { setTyped(''); setSent(undefined); onChange({}); }}>{t('billing.filters.clear')}</Button>}
    </Group>
  );
}
