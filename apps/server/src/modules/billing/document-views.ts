/**
 * Billing documents as the API shows them: the history's summaries and cursor, a document's lines,
 * the filters of a history or CSV query.
 */
import type { BillingDocumentSummary, BillingDocumentsQuery, DocumentLine } from '@preau/contracts';
import { AppError } from '../../shared/app-error.ts';
import { isEInvoice } from './e-invoice/e-invoices.ts';
import type { DocumentFilters, DocumentRow, HistoryCursor, HistoryRow, LineRow } from './documents.repository.ts';

/** What is left to pay on an issued invoice (0 for anything else). */
export function amountDue(row: Pick<DocumentRow, 'kind' | 'state' | 'gross_cents' | 'credited_cents' | 'paid_cents'>): number {
  if (row.kind !== 'invoice' || row.state !== 'finalized') return 0;
  return Math.max(row.gross_cents - row.credited_cents - row.paid_cents, 0);
}

/** A document's description: its lines' labels in order, as the history's query joins them. */
export function descriptionOf(lines: readonly Pick<LineRow, 'label'>[]): string {
  return lines.map((l) => l.label).join(' · ');
}

/** The history's cursor: the last row's sort time and id, opaque to clients (base64url of JSON). */
export function encodeCursor(row: HistoryRow): string {
  return Buffer.from(JSON.stringify([row.sort_key, row.id])).toString('base64url');
}
export function decodeCursor(cursor: string): HistoryCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && /^\d{4}-\d{2}-\d{2} [\d:.]+[+-]\d{2}(:\d{2})?$/.test(at) && id.length <= 64) return { at, id };
  } catch {
    // answered below
  }
  throw new AppError('bad_request', 'billing.bad_cursor');
}

export function lineOf(line: LineRow): DocumentLine {
  return {
    id: line.id,
    label: line.label,
    quantity: line.quantity,
    unitPriceCents: line.unit_price_cents,
    vatRateBp: line.vat_rate_bp,
    netCents: line.net_cents,
    vatCents: line.vat_cents,
    productId: line.product_id,
    periodStart: line.period_start,
    periodEnd: line.period_end,
    creditedLineId: line.credited_line_id,
  };
}

export function historyFilters(query: Omit<BillingDocumentsQuery, 'limit' | 'cursor'>, includeDrafts: boolean, today: string): DocumentFilters {
  return {
    includeDrafts,
    today,
    ...(query.status ? { status: query.status } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.q ? { q: query.q } : {}),
  };
}

export function summaryOf(row: DocumentRow & { credited_invoice_number: string | null }, description: string, today: string): BillingDocumentSummary {
  const due = amountDue(row);
  return {
    id: row.id,
    organizationId: row.organization_id,
    kind: row.kind,
    state: row.state,
    source: row.source,
    number: row.number,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    currency: row.currency,
    netCents: row.net_cents,
    vatCents: row.vat_cents,
    grossCents: row.gross_cents,
    paidCents: row.paid_cents,
    creditedCents: row.credited_cents,
    amountDueCents: due,
    paymentStatus: row.payment_status,
    overdue: due > 0 && row.due_date !== null && row.due_date < today,
    paidOn: row.paid_on,
    customerName: row.customer?.name ?? null,
    description,
    creditedInvoiceId: row.credited_invoice_id,
    creditedInvoiceNumber: row.credited_invoice_number,
    convertedInvoiceId: row.converted_invoice_id,
    hasPdf: row.state !== 'draft',
    eInvoice: isEInvoice(row),
    hasPaidPdf: row.kind === 'invoice' && row.payment_status === 'paid',
  };
}
