import { sql, type Kysely } from 'kysely';

/**
 * Billing reminders (dunning, modules/reminders):
 * - `billing_reminder_schedule`: the operator's schedule, days after an invoice's due date (one row,
 *   instance level, like the provider's identity); absent, the default 7, 15 and 30 days apply.
 * - `billing_reminders`: one row per reminder sent, unique per invoice and step, so a re-run or two
 *   processes never send a step twice. Its verification code is kept only as an HMAC (keyed by the
 *   auth secret and bound to the organisation), with the code's expiry. A tenant table under
 *   row-level security (decision 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('billing_reminder_schedule')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('days', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('billing_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('restrict'))
    .addColumn('document_id', 'text', (c) => c.notNull().references('billing_documents.id'))
    .addColumn('step', 'integer', (c) => c.notNull().check(sql`step between 1 and 12`))
    .addColumn('days_after_due', 'integer', (c) => c.notNull().check(sql`days_after_due between 1 and 365`))
    .addColumn('amount_due_cents', 'bigint', (c) => c.notNull().check(sql`amount_due_cents > 0`))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_on', 'date', (c) => c.notNull())
    .addColumn('email_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`email_count >= 0`))
    .addColumn('sms_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`sms_count >= 0`))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('code_expires_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('billing_reminders_document_step_key', ['document_id', 'step'])
    .execute();
  await sql`create index billing_reminders_code_idx on billing_reminders (organization_id, code_hash)`.execute(db);
  await sql`create index billing_reminders_organization_idx on billing_reminders (organization_id, sent_at desc)`.execute(db);

  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`alter table billing_reminders enable row level security, force row level security`.execute(db);
  await sql`create policy tenant_scope on billing_reminders for all using (${visible}) with check (${visible})`.execute(db);
}
