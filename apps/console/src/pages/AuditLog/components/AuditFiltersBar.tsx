import { useState, type FormEvent } from 'react';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditFilters } from '../../../api/audit.ts';

/** Object kinds a reader filters on most (the log holds others; the text box finds them too). */
const OBJECT_KINDS = ['pupil', 'class', 'teacher', 'period', 'discipline', 'base', 'member', 'invitation', 'team', 'api_token', 'lsu_import', 'base_document', 'pupil_photo', 'billing_document', 'support_access', 'organization'] as const;

/** The log's filters: applied together when the form is sent. */
export function AuditFiltersBar({ filters, onChange }: { filters: AuditFilters; onChange: (filters: AuditFilters) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AuditFilters>(filters);
  const set = (key: keyof AuditFilters) => (value: string | null) => setDraft((d) => ({ ...d, [key]: value === null || value.trim() === '' ? undefined : value.trim() }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft);
  };
  return (
    <form onSubmit={submit} aria-label={t('audit.filters.label')}>
      <Group align="flex-end" gap="sm">
        <TextInput label={t('audit.filters.q')} value={draft.q ?? ''} onChange={(e) => set('q')(e.currentTarget.value)} maxLength={100} />
        <TextInput label={t('audit.filters.action')} placeholder="members." value={draft.action ?? ''} onChange={(e) => set('action')(e.currentTarget.value)} maxLength={100} />
        <Select label={t('audit.filters.objectKind')} clearable value={draft.objectKind ?? null} onChange={set('objectKind')}
          data={OBJECT_KINDS.map((kind) => ({ value: kind, label: t(`audit.objects.${kind}`) }))} />
        <TextInput label={t('audit.filters.objectId')} value={draft.objectId ?? ''} onChange={(e) => set('objectId')(e.currentTarget.value)} maxLength={64} />
        <TextInput label={t('audit.filters.person')} value={draft.person ?? ''} onChange={(e) => set('person')(e.currentTarget.value)} maxLength={64} />
        <TextInput type="date" label={t('audit.filters.from')} value={draft.from ?? ''} onChange={(e) => set('from')(e.currentTarget.value)} />
        <TextInput type="date" label={t('audit.filters.to')} value={draft.to ?? ''} onChange={(e) => set('to')(e.currentTarget.value)} />
        <Button type="submit">{t('audit.filters.apply')}</Button>
      </Group>
    </form>
  );
}
