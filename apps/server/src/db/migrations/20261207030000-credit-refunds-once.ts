import { sql, type Kysely } from 'kysely';

/**
 * A credit note is refunded to the prepaid balance at most once (modules/payments): the ledger holds
 * at most one `credit_refund` row per credit note. The service checks it under the credit note's
 * row lock; this index is the backstop.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index billing_balance_ledger_credit_refund_once on billing_balance_ledger (document_id) where reason = 'credit_refund'`.execute(db);
}
