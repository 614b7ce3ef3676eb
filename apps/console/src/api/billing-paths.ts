import type { BillingCsvQuery, BillingDocumentsQuery } from '@preau/contracts';

/** The history's filters, as kept in a URL (each optional). */
export type DocumentFilters = Pick<BillingDocumentsQuery, 'status' | 'kind' | 'from' | 'to' | 'q'>;

/** A query string of the defined values (`?a=1&b=2`), or nothing. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The filters of the history and of its CSV, in a fixed order. */
export function filterValues(filters: DocumentFilters): Record<string, string | undefined> {
  return { status: filters.status, kind: filters.kind, from: filters.from, to: filters.to, q: filters.q };
}

/** Which PDF of a document: the original, or the receipted one of a paid invoice; shown or downloaded. */
export interface PdfOptions {
  version: 'original' | 'paid';
  disposition: 'inline' | 'attachment';
}

/** The customer's address of a document's PDF. */
export function documentPdfUrl(docId: string, options: PdfOptions): string {
  return `/api/billing/documents/${encodeURIComponent(docId)}/pdf${queryString({ ...options })}`;
}

/** The operator's address of a document's PDF. */
export function operatorDocumentPdfUrl(docId: string, options: PdfOptions): string {
  return `/api/operator/billing/documents/${encodeURIComponent(docId)}/pdf${queryString({ ...options })}`;
}

/** The customer's CSV of the history with these filters (a plain download link). */
export function documentsCsvUrl(orgId: string, filters: DocumentFilters, decimal: NonNullable<BillingCsvQuery['decimal']> = 'comma'): string {
  return `/api/organizations/${encodeURIComponent(orgId)}/billing/documents.csv${queryString({ ...filterValues(filters), decimal })}`;
}
