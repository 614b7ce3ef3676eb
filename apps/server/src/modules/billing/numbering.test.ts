import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/index.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { DEFAULT_NUMBER_PATTERNS, formatDocumentNumber, isNumberPattern, takeDocumentNumbers } from './numbering.ts';

describe('document numbers', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle?.close());

  const take = (series: 'invoice' | 'credit_note', year: number) => handle.db.transaction().execute((trx) => takeDocumentNumbers(trx, series, year));

  it('counts each series and year from 1, on its own', async () => {
    expect([await take('invoice', 2026), await take('invoice', 2026), await take('credit_note', 2026), await take('invoice', 2027), await take('invoice', 2026)]).toEqual([1, 2, 1, 1, 3]);
  });

  it('takes several numbers at once for a batch, the next batch following them', async () => {
    const first = await handle.db.transaction().execute((trx) => takeDocumentNumbers(trx, 'credit_note', 2031, 5));
    expect(first).toBe(1);
    expect(await handle.db.transaction().execute((trx) => takeDocumentNumbers(trx, 'credit_note', 2031, 3))).toBe(6);
    expect(await take('credit_note', 2031)).toBe(9);
  });

  it('gives back the number of a finalisation that rolls back: no gap', async () => {
    const failed = handle.db.transaction().execute(async (trx) => {
      expect(await takeDocumentNumbers(trx, 'invoice', 2030)).toBe(1);
      throw new Error('the PDF could not be stored');
    });
    await expect(failed).rejects.toThrow('the PDF could not be stored');
    expect(await take('invoice', 2030)).toBe(1);
  });

  it.runIf(process.env.TEST_DATABASE_URL)('stays unique and gap-free with 100 finalisations racing, a quarter of them rolling back', async () => {
    const committed = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        handle.db
          .transaction()
          .execute(async (trx) => {
            const number = await takeDocumentNumbers(trx, 'invoice', 2040);
            // The rest of a finalisation (lines, PDF) holds the series a little while.
            await sql`select pg_sleep(${(index % 5) / 1000})`.execute(trx);
            if (index % 4 === 3) throw new Error('rolled back');
            return number;
          })
          .catch(() => undefined),
      ),
    );
    const numbers = committed.filter((n) => n !== undefined).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 75 }, (_, k) => k + 1));
  });

  it('writes numbers with the default patterns and checks an operator pattern', () => {
    expect(formatDocumentNumber(DEFAULT_NUMBER_PATTERNS.invoice, 2026, 42)).toBe('F2026-000042');
    expect(formatDocumentNumber(DEFAULT_NUMBER_PATTERNS.credit_note, 2026, 3)).toBe('A2026-000003');
    expect(formatDocumentNumber(DEFAULT_NUMBER_PATTERNS.pro_forma, 2026, 1_234_567)).toBe('PF2026-1234567');
    expect(formatDocumentNumber('{NNNN}/{YYYY}', 2027, 7)).toBe('0007/2027');
    for (const bad of ['F-{NNNNNN}', 'F{YYYY}', 'F{YYYY}-{N}{N}', 'F {YYYY}-{NNN}', `${'X'.repeat(40)}{YYYY}{NNN}`]) expect(isNumberPattern(bad), bad).toBe(false);
  });
});
