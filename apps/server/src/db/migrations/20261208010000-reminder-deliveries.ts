import { sql, type Kysely } from 'kysely';

/**
 * Reminders sent after their transaction (modules/reminders, decision 0017):
 * - `billing_reminders.delivery`: `pending` while some of its messages wait to be sent, `done` once
 *   each was sent, failed or given up; reminders sent before this migration are `done`.
 *   `sealed_code` holds the reminder's code encrypted (AES-256-GCM, key derived from the auth secret)
 *   only while the delivery is pending, so a run after a crash sends the same code; cleared once done.
 * - `billing_reminder_messages`: one row per e-mail or text a reminder sends, written in the
 *   transaction that claims the step and sent after its commit. A message is claimed
 *   (`pending` → `sending`) before it is sent, so no two processes send it; one left `sending` by a
 *   crash is never sent again and becomes `unknown` after a while. A tenant table under row-level
 *   security (decision 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('billing_reminders')
    .addColumn('delivery', 'text', (c) => c.notNull().defaultTo('done').check(sql`delivery in ('pending', 'done')`))
    .execute();
  await db.schema.alterTable('billing_reminders').addColumn('sealed_code', 'text').execute();
  await sql`alter table billing_reminders add constraint billing_reminders_sealed_code_check check ((delivery = 'pending') = (sealed_code is not null))`.execute(db);
  await sql`create index billing_reminders_pending_idx on billing_reminders (sent_at) where delivery = 'pending'`.execute(db);

  await db.schema
    .createTable('billing_reminder_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('restrict'))
    .addColumn('reminder_id', 'text', (c) => c.notNull().references('billing_reminders.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'sms')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled')`))
    .addColumn('attempted_at', 'timestamptz')
    .addColumn('settled_at', 'timestamptz')
    .execute();
  await sql`create index billing_reminder_messages_reminder_idx on billing_reminder_messages (reminder_id)`.execute(db);

  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`alter table billing_reminder_messages enable row level security, force row level security`.execute(db);
  await sql`create policy tenant_scope on billing_reminder_messages for all using (${visible}) with check (${visible})`.execute(db);
}
