import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BillingNumberSeriesTable } from './billing.tables.ts';

/** Each kind of document is numbered in its own series, per year. */
export type DocumentSeries = BillingNumberSeriesTable['series'];

/** How numbers read unless the operator sets another pattern: `F2026-000042`, `A2026-000003`, `PF2026-000001`. */
export const DEFAULT_NUMBER_PATTERNS: Record<DocumentSeries, string> = {
  invoice: 'F{YYYY}-{NNNNNN}',
  credit_note: 'A{YYYY}-{NNNNNN}',
  pro_forma: 'PF{YYYY}-{NNNNNN}',
};

/**
 * Takes the next `count` numbers of `series` for `year` (returns the first; the others follow it),
 * inside the caller's finalising transaction: the series row stays locked until it ends, so
 * concurrent finalisations queue, and a rollback gives the numbers back (no gap). The first number
 * of a year is 1.
 */
export async function takeDocumentNumbers(trx: Transaction<Database>, series: DocumentSeries, year: number, count = 1): Promise<number> {
  const { rows } = await sql<{ first: number }>`
    insert into billing_number_series (series, year, next_number) values (${series}, ${year}, ${count + 1})
    on conflict (series, year) do update set next_number = billing_number_series.next_number + ${count}
    returning next_number - ${count} as first`.execute(trx);
  return Number(rows[0]!.first);
}

/** Literal characters a pattern may hold around its two fields. */
const PATTERN = /^[A-Za-z0-9_/-]*\{YYYY\}[A-Za-z0-9_/-]*\{(N{1,12})\}[A-Za-z0-9_/-]*$|^[A-Za-z0-9_/-]*\{(N{1,12})\}[A-Za-z0-9_/-]*\{YYYY\}[A-Za-z0-9_/-]*$/;

/** Whether an operator's pattern names the year once and the number once (`{NNNNNN}`: at least 6 digits). */
export function isNumberPattern(pattern: string): boolean {
  return pattern.length <= 40 && PATTERN.test(pattern);
}

/** The document number `n` of `year` written with `pattern` (the number padded to its field's width, never cut). */
export function formatDocumentNumber(pattern: string, year: number, n: number): string {
  if (!isNumberPattern(pattern)) throw new RangeError(`invalid number pattern ${JSON.stringify(pattern)}`);
  return pattern.replace('{YYYY}', String(year)).replace(/\{(N+)\}/, (_field, digits: string) => String(n).padStart(digits.length, '0'));
}
