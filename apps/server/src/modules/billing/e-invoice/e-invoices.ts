import type { DocumentRow } from '../documents.repository.ts';

/**
 * Whether a document's stored original is a Factur-X e-invoice: an issued invoice or credit note whose
 * customer is public-sector (its billing address had a service code when the document was issued). The
 * receipted version of a paid invoice stays an ordinary PDF.
 */
export function isEInvoice(row: Pick<DocumentRow, 'kind' | 'state' | 'customer'>): boolean {
  return row.state !== 'draft' && row.kind !== 'pro_forma' && !!row.customer?.serviceCode;
}
