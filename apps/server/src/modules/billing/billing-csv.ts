/**
 * The CSV of an organisation's filtered documents, streamed: pages of rows are read by keyset from
 * the database and written a page at a time (csv-stringify) as the response drains, so neither the rows nor the
 * file are ever held whole. UTF-8 with a byte-order mark and `;` between fields, so French
 * spreadsheet software opens it as is; amounts in euros with a decimal comma (or point), credit
 * notes negative. Columns: docs/billing-csv.md.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { BillingCsvQuery, Locale } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { runInTenantScope } from '../../db/tenant-scope.ts';
import { createDocumentsRepository, type CsvRow, type DocumentFilters, type HistoryCursor } from './documents.repository.ts';

const BATCH = 2000;

const HEADERS: Record<Locale, string[]> = {
  fr: ['Numéro', 'Type', 'État', "Date d'émission", "Date d'échéance", 'Client', 'Désignation', 'Devise', 'Total HT', 'TVA', 'Total TTC', 'Payé', 'Avoirs', 'Reste dû', 'Paiement', 'En retard', 'Payée le'],
  en: ['Number', 'Type', 'State', 'Issue date', 'Due date', 'Customer', 'Description', 'Currency', 'Total excl. VAT', 'VAT', 'Total incl. VAT', 'Paid', 'Credited', 'Amount due', 'Payment', 'Overdue', 'Paid on'],
};
const KINDS: Record<Locale, Record<CsvRow['kind'], string>> = {
  fr: { invoice: 'Facture', credit_note: 'Avoir', pro_forma: 'Pro forma' },
  en: { invoice: 'Invoice', credit_note: 'Credit note', pro_forma: 'Pro forma' },
};
const STATES: Record<Locale, Record<CsvRow['state'], string>> = {
  fr: { draft: 'Brouillon', finalized: 'Émis', void: 'Annulé' },
  en: { draft: 'Draft', finalized: 'Issued', void: 'Cancelled' },
};
const PAYMENTS: Record<Locale, Record<CsvRow['payment_status'], string>> = {
  fr: { unpaid: 'À payer', partially_paid: 'Payée en partie', paid: 'Payée', refunded: 'À rembourser' },
  en: { unpaid: 'To pay', partially_paid: 'Partly paid', paid: 'Paid', refunded: 'To refund' },
};
const YES_NO: Record<Locale, [string, string]> = { fr: ['oui', 'non'], en: ['yes', 'no'] };

/** Cents as a decimal amount, exactly (`-123456` → `-1234,56`). */
export function decimalAmount(cents: number, separator: ',' | '.'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}${separator}${String(abs % 100).padStart(2, '0')}`;
}

/** Text a spreadsheet will not run as a formula (a leading `=`, `+`, `-`, `@` is quoted away with `'`). */
function inertText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export interface CsvExportOptions {
  organizationId: string;
  filters: DocumentFilters;
  decimal: BillingCsvQuery['decimal'];
  locale: Locale;
  /** Called for each document written. */
  onRecord?: () => void;
}

/** CSV text of records: `;` between fields, CRLF after each record, fields quoted only when they need it. */
function csvText(records: string[][]): string {
  return stringify(records, { delimiter: ';', record_delimiter: '\r\n' });
}

/** The CSV's bytes, produced as they are read. */
export function billingCsvStream(db: Kysely<Database>, options: CsvExportOptions): Readable {
  const { organizationId, filters, locale } = options;
  const separator = options.decimal === 'point' ? '.' : ',';
  const documents = createDocumentsRepository(db);
  const today = filters.today;
  const [yes, no] = YES_NO[locale];

  /** The CSV text of the page after `cursor`, and the cursor after it (none after the last page). */
  async function page(cursor: HistoryCursor | undefined): Promise<{ text: string; next: HistoryCursor | undefined }> {
    // In the organisation's scope: the stream is read outside the request's own.
    const rows = await runInTenantScope(organizationId, () => documents.csvPage(organizationId, filters, BATCH, cursor));
    const records: string[][] = [];
    for (const row of rows) {
      options.onRecord?.();
      const sign = row.kind === 'credit_note' ? -1 : 1;
      const due = row.kind === 'invoice' && row.state === 'finalized' ? Math.max(row.gross_cents - row.credited_cents - row.paid_cents, 0) : 0;
      records.push([
        row.number ?? '',
        KINDS[locale][row.kind],
        STATES[locale][row.state],
        row.issue_date ?? '',
        row.due_date ?? '',
        inertText(row.customer_name ?? ''),
        inertText(row.description ?? ''),
        row.currency,
        decimalAmount(sign * row.net_cents, separator),
        decimalAmount(sign * row.vat_cents, separator),
        decimalAmount(sign * row.gross_cents, separator),
        decimalAmount(row.paid_cents, separator),
        decimalAmount(row.credited_cents, separator),
        decimalAmount(due, separator),
        row.kind === 'invoice' ? PAYMENTS[locale][row.payment_status] : '',
        due > 0 && row.due_date !== null && row.due_date < today ? yes : no,
        row.paid_on ?? '',
      ]);
    }
    const last = rows.length === BATCH ? rows[rows.length - 1]! : undefined;
    return { text: records.length > 0 ? csvText(records) : '', next: last && { at: last.sort_key, id: last.id } };
  }

  /*
   * One chunk of text per page, and no row kept beyond its page: the rows die young instead of being
   * promoted to the old generation while the response drains, where they piled up as garbage until
   * a full collection (the RSS grew by hundreds of MB during a large export).
   */
  async function* pages(): AsyncGenerator<string> {
    yield `\uFEFF${csvText([[...HEADERS[locale]]])}`;
    let cursor: HistoryCursor | undefined;
    do {
      const { text, next } = await page(cursor);
      if (text) yield text;
      cursor = next;
    } while (cursor);
  }

  // Bytes, not objects: the stream asks for the next page only once less than its high-water mark waits.
  return Readable.from(pages(), { objectMode: false });
}
