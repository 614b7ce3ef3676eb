/**
 * The CSV of an organisation's filtered documents, streamed: the database builds each record's text
 * (`csvRecordSql`). On PostgreSQL one `COPY (query) TO STDOUT` sends them all as the response drains
 * (as fast as PostgreSQL can write them); on PGlite, whose COPY goes through a file, pages of records
 * are read by keyset and written a page at a time. Neither the rows nor the file are ever held
 * whole. UTF-8 with a byte-order mark and `;` between fields, so French spreadsheet software opens
 * it as is; amounts in euros with a decimal comma (or point), credit notes negative. Columns:
 * docs/billing-csv.md.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { BillingCsvQuery, Locale } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { CopyTextRows, inlineParameters } from '../../db/copy-text.ts';
import { findCopyOut, type CopyOut } from '../../db/database.ts';
import { runInTenantScope } from '../../db/tenant-scope.ts';
import { createDocumentsRepository, type CsvFormat, type DocumentFilters, type HistoryCursor } from './documents.repository.ts';

/** Records a page (5,000 ran slower and grew the heap: each page is promoted whole while the next one is read). */
const BATCH = 2000;

const HEADERS: Record<Locale, string[]> = {
  fr: ['Numéro', 'Type', 'État', "Date d'émission", "Date d'échéance", 'Client', 'Désignation', 'Devise', 'Total HT', 'TVA', 'Total TTC', 'Payé', 'Avoirs', 'Reste dû', 'Paiement', 'En retard', 'Payée le'],
  en: ['Number', 'Type', 'State', 'Issue date', 'Due date', 'Customer', 'Description', 'Currency', 'Total excl. VAT', 'VAT', 'Total incl. VAT', 'Paid', 'Credited', 'Amount due', 'Payment', 'Overdue', 'Paid on'],
};
const KINDS: Record<Locale, CsvFormat['kinds']> = {
  fr: { invoice: 'Facture', credit_note: 'Avoir', pro_forma: 'Pro forma' },
  en: { invoice: 'Invoice', credit_note: 'Credit note', pro_forma: 'Pro forma' },
};
const STATES: Record<Locale, CsvFormat['states']> = {
  fr: { draft: 'Brouillon', finalized: 'Émis', void: 'Annulé' },
  en: { draft: 'Draft', finalized: 'Issued', void: 'Cancelled' },
};
const PAYMENTS: Record<Locale, CsvFormat['payments']> = {
  fr: { unpaid: 'À payer', partially_paid: 'Payée en partie', paid: 'Payée', refunded: 'À rembourser' },
  en: { unpaid: 'To pay', partially_paid: 'Partly paid', paid: 'Paid', refunded: 'To refund' },
};
const YES_NO: Record<Locale, [string, string]> = { fr: ['oui', 'non'], en: ['yes', 'no'] };

export interface CsvExportOptions {
  organizationId: string;
  filters: DocumentFilters;
  decimal: BillingCsvQuery['decimal'];
  locale: Locale;
  /** Called with how many documents were written, as they are. */
  onRecords?: (count: number) => void;
}

/** CSV text of records: `;` between fields, CRLF after each record, fields quoted only when they need it. */
function csvText(records: string[][]): string {
  return stringify(records, { delimiter: ';', record_delimiter: '\r\n' });
}

/** The labels and separator of the reader's CSV. */
export function csvFormat(locale: Locale, decimal: BillingCsvQuery['decimal'], today: string): CsvFormat {
  return { kinds: KINDS[locale], states: STATES[locale], payments: PAYMENTS[locale], yesNo: YES_NO[locale], separator: decimal === 'point' ? '.' : ',', today };
}

/** A page of the CSV as text, and the cursor after it (none after the last page). */
interface Page {
  text: string;
  next: HistoryCursor | undefined;
}

/** The CSV's bytes, produced as they are read. */
export function billingCsvStream(db: Kysely<Database>, options: CsvExportOptions): Readable {
  const copyOut = findCopyOut(db);
  return copyOut ? copiedCsv(db, copyOut, options) : pagedCsv(db, options);
}

function headerOf(locale: Locale): string {
  return `\uFEFF${csvText([[...HEADERS[locale]]])}`;
}

/** The CSV from one COPY of its records. */
function copiedCsv(db: Kysely<Database>, copyOut: CopyOut, options: CsvExportOptions): Readable {
  const { organizationId, filters, locale, onRecords } = options;
  const format = csvFormat(locale, options.decimal, filters.today);
  const rows = new CopyTextRows({ rowEnd: '\r\n', prefix: headerOf(locale), ...(onRecords ? { onRows: onRecords } : {}) });
  // In the organisation's scope: the stream is read outside the request's own.
  runInTenantScope(organizationId, async () => {
    const query = await createDocumentsRepository(db).csvQuery(organizationId, filters, format);
    return copyOut(`copy (${inlineParameters(query)}) to stdout`);
  }).then(
    (copied) => {
      if (rows.destroyed) {
        copied.destroy();
        return;
      }
      // The reader gone (response closed): the COPY is abandoned, its connection closed.
      rows.once('close', () => copied.destroy());
      copied.once('error', (error) => rows.destroy(error));
      copied.pipe(rows);
    },
    (error: unknown) => rows.destroy(error as Error),
  );
  return rows;
}

/** The CSV from pages of records read by keyset. */
function pagedCsv(db: Kysely<Database>, options: CsvExportOptions): Readable {
  const { organizationId, filters, locale } = options;
  const documents = createDocumentsRepository(db);
  const format = csvFormat(locale, options.decimal, filters.today);

  /** The page after `cursor`. */
  async function page(cursor: HistoryCursor | undefined): Promise<Page> {
    // In the organisation's scope: the stream is read outside the request's own.
    const rows = await runInTenantScope(organizationId, () => documents.csvPage(organizationId, filters, format, BATCH, cursor));
    const records: string[] = [];
    for (const row of rows) records.push(row.record, '\r\n');
    options.onRecords?.(rows.length);
    const text = records.join('');
    const last = rows.length === BATCH ? rows[rows.length - 1]! : undefined;
    return { text, next: last && { at: last.sort_key, id: last.id } };
  }

  /*
   * One chunk of text per page, and no row kept beyond its page. The next page is asked for before
   * this one is handed on, so the database builds it while this process writes (two cores at work).
   */
  async function* pages(): AsyncGenerator<string> {
    yield headerOf(locale);
    let coming: Promise<Page> | undefined = page(undefined);
    while (coming) {
      const { text, next }: Page = await coming;
      coming = next ? page(next) : undefined;
      // Not awaited yet: a reader gone before it is asked for must not leave it rejected and unheard.
      coming?.catch(() => undefined);
      if (text) yield text;
    }
  }

  // Bytes, not objects: the stream asks for the next page only once less than its high-water mark waits.
  return Readable.from(pages(), { objectMode: false });
}
