import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { runInSystemScope } from '../../db/tenant-scope.ts';

/** The keys checked once per statement rather than by foreign keys (migration 20261210010100): the same guarantees. */
describe('references of bank entries and decisions, checked per statement', () => {
  let database: TestDatabase;
  const run = (text: ReturnType<typeof sql>) => runInSystemScope(() => text.execute(database.db));
  const codeOf = async (text: ReturnType<typeof sql>) => run(text).then(() => 'ok', (error: { code?: string }) => error.code);

  beforeAll(async () => {
    database = await createTestDatabase();
    await run(sql`insert into organization (id, name, hosting_number, support_code) values ('org-a', 'Collège A', '100000000001', 'S-A'), ('org-b', 'Collège B', '100000000002', 'S-B')`);
    await run(sql`insert into billing_bank_statements (id, kind, message_id, account_iban, file_sha256, entry_count, new_entry_count) values ('st-1', 'camt.053', 'M1', 'FR76', '', 2, 2)`);
  });
  afterAll(async () => {
    await database?.close();
  });

  const entry = (id: string, statementId: string) =>
    sql`insert into billing_bank_entries (id, statement_id, bank_key, direction, amount_cents, currency, booking_date, state) values (${id}, ${statementId}, ${`key-${id}`}, 'credit', 100, 'EUR', '2026-12-03', 'unmatched')`;
  const decision = (id: string, entryId: string, organizationId: string | null) =>
    sql`insert into billing_payment_decisions (id, entry_id, organization_id, reason) values (${id}, ${entryId}, ${organizationId}, 'unmatched_reference')`;

  it('refuses an entry of an unknown statement and a decision for an unknown organisation, as a foreign key would (23503)', async () => {
    expect(await codeOf(entry('e-1', 'st-1'))).toBe('ok');
    expect(await codeOf(entry('e-2', 'st-missing'))).toBe('23503');
    expect(await codeOf(decision('d-1', 'e-1', 'org-a'))).toBe('ok');
    expect(await codeOf(decision('d-2', 'e-1', null))).toBe('ok');
    expect(await codeOf(decision('d-3', 'e-1', 'org-missing'))).toBe('23503');
    expect(await codeOf(sql`update billing_payment_decisions set organization_id = 'org-missing' where id = 'd-2'`)).toBe('23503');
    expect(await codeOf(sql`update billing_bank_entries set statement_id = 'st-missing' where id = 'e-1'`)).toBe('23503');
    // Many rows naming a few parents, in one statement: the refused one is found among them.
    expect(await codeOf(sql`insert into billing_payment_decisions (id, entry_id, organization_id, reason)
      select 'm-' || g, 'e-1', case when g = 500 then 'org-missing' when g % 2 = 0 then 'org-a' else 'org-b' end, 'unmatched_reference' from generate_series(1, 1000) g`)).toBe('23503');
    const { rows } = await run(sql<{ n: number }>`select count(*)::int as n from billing_payment_decisions`);
    expect(rows[0]).toEqual({ n: 2 });
  });

  it('refuses deleting, or changing the id of, a statement or an organisation still named', async () => {
    expect(await codeOf(sql`delete from billing_bank_statements where id = 'st-1'`)).toBe('23503');
    expect(await codeOf(sql`update billing_bank_statements set id = 'st-2' where id = 'st-1'`)).toBe('23503');
    expect(await codeOf(sql`delete from organization where id = 'org-a'`)).toBe('23503');
    expect(await codeOf(sql`update organization set id = 'org-c' where id = 'org-a'`)).toBe('23503');
    // Not named by any decision: may go.
    expect(await codeOf(sql`update organization set name = 'Collège B2' where id = 'org-b'`)).toBe('ok');
    expect(await codeOf(sql`delete from organization where id = 'org-b'`)).toBe('ok');
  });
});
