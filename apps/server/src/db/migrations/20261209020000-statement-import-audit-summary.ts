import { sql, type Kysely } from 'kysely';

/**
 * A bank statement's import (modules/payments, decision 0016) writes payments and changes invoices by
 * the ten thousand in one transaction: one audit entry per row (migration 20261208020000) made the
 * trigger's work most of the import's time. The row triggers of `billing_documents` and
 * `billing_payments`, and the insert summaries of decisions and ledger rows (one per batch and
 * organisation), now fall silent in a transaction that set `preau.audit_summarised` to `on` (only the
 * import does, transaction-local); the import writes instead one summary entry per organisation and
 * table for the whole statement, naming it (its decisions, each with its reason, say what happened to
 * every entry). Every other change of these tables is audited as before. A trigger's WHEN is evaluated
 * without calling the trigger's function.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  const rowAudited: [string, string, string, string, string][] = [
    ['billing_documents', 'billing_document', 'id', 'pdf_key,paid_pdf_key', 'sort_at'],
    ['billing_payments', 'billing_payment', 'id', '', ''],
  ];
  for (const [table, kind, ids, secret, quiet] of rowAudited) {
    await sql`drop trigger audit_changes on ${sql.table(table)}`.execute(db);
    await sql`create trigger audit_changes after insert or update or delete on ${sql.table(table)} for each row
      when (current_setting('preau.audit_summarised', true) is distinct from 'on')
      execute function preau_audit_row(${sql.lit(kind)}, ${sql.lit(ids)}, ${sql.lit(secret)}, ${sql.lit(quiet)})`.execute(db);
  }
  // Its decisions and ledger rows: one summary for the whole import rather than one per batch of 2,000.
  for (const [table, kind] of [['billing_payment_decisions', 'billing_payment_decisions'], ['billing_balance_ledger', 'billing_ledger_entries']] as const) {
    await sql`drop trigger audit_inserts on ${sql.table(table)}`.execute(db);
    await sql`create trigger audit_inserts after insert on ${sql.table(table)} referencing new table as new_rows for each statement
      when (current_setting('preau.audit_summarised', true) is distinct from 'on')
      execute function preau_audit_statement(${sql.lit(kind)})`.execute(db);
  }
}
