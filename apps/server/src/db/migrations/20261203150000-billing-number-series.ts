import { sql, type Kysely } from 'kysely';

/**
 * The numbering series of billing documents (invoices, credit notes, pro forma), one row per series
 * and year at instance level (the provider issues every document). A number is taken by updating the
 * row inside the finalising transaction: concurrent finalisations queue on its lock, and a rollback
 * gives the number back, so each series stays gap-free.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('billing_number_series')
    .addColumn('series', 'text', (c) => c.notNull().check(sql`series in ('invoice', 'credit_note', 'pro_forma')`))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 9999`))
    .addColumn('next_number', 'integer', (c) => c.notNull().check(sql`next_number >= 1`))
    .addPrimaryKeyConstraint('billing_number_series_pkey', ['series', 'year'])
    .execute();
}
