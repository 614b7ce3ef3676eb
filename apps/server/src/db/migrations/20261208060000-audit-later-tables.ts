import { sql, type Kysely } from 'kysely';

/**
 * The audit log's triggers (migration 20261208020000, decision 0020) on the organisation tables
 * created after it: a base's legal hold, a hosting console's loads, the base profile an invitation
 * gives; a reminder's messages, sent by the thousand by the hourly run, one summary per statement.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  const rowAudited: [string, string, string, string, string][] = [
    ['base_legal_holds', 'legal_hold', 'base_id', '', ''],
    ['hosting_loads', 'hosting_load', 'id', '', 'heartbeat_at,bytes_read,rows_loaded,parts'],
    ['invitation_base_profiles', 'invitation_base_profile', 'invitation_id,base_id', '', ''],
  ];
  for (const [table, kind, ids, secret, quiet] of rowAudited) {
    await sql`create trigger audit_changes after insert or update or delete on ${sql.table(table)} for each row
      execute function preau_audit_row(${sql.lit(kind)}, ${sql.lit(ids)}, ${sql.lit(secret)}, ${sql.lit(quiet)})`.execute(db);
  }
  for (const operation of ['insert', 'update', 'delete'] as const) {
    const transition = operation === 'delete' ? sql`old table as old_rows` : sql`new table as new_rows`;
    await sql`create trigger ${sql.raw(`audit_${operation}s`)} after ${sql.raw(operation)} on billing_reminder_messages
      referencing ${transition} for each statement execute function preau_audit_statement('billing_reminder_messages')`.execute(db);
  }
}
