import type { BillingDocumentSummary, DocumentStatusFilter } from '@preau/contracts';

type DocumentKind = BillingDocumentSummary['kind'];
import type { DocumentFilters } from '../../api/billing-paths.ts';

export const DOCUMENT_STATUSES: readonly DocumentStatusFilter[] = ['paid', 'unpaid', 'overdue', 'refunded', 'cancelled'];
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['invoice', 'credit_note', 'pro_forma'];

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  (values as readonly unknown[]).includes(value) ? (value as T) : undefined;

/** A calendar date `YYYY-MM-DD` that exists, none otherwise. */
const day = (value: unknown): string | undefined => {
  if (typeof value !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : value;
};

/** A search of at most 100 characters, trimmed, none when blank (the server's limits). */
const words = (value: unknown): string | undefined => {
  const trimmed = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  return trimmed !== '' && trimmed.length <= 100 ? trimmed : undefined;
};

/** The history's filters read from a URL: anything unexpected is dropped rather than sent on. */
export function validateDocumentFilters(s: Record<string, unknown>): DocumentFilters {
  return { status: oneOf(DOCUMENT_STATUSES, s.status), kind: oneOf(DOCUMENT_KINDS, s.kind), from: day(s.from), to: day(s.to), q: words(s.q) };
}

/** The filters actually set (an object without empty keys, so equal filters share one cache entry). */
export function setFilters(filters: DocumentFilters): DocumentFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== '')) as DocumentFilters;
}
