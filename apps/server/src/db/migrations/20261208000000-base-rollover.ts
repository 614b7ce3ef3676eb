import { sql, type Kysely } from 'kysely';

/**
 * Year rollover (modules/base-rollover): the organisation's setting that creates next year's empty
 * bases at the end of August. Bases themselves need nothing new: 'archived' is one of their states.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('base_rollover_settings')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('cascade'))
    .addColumn('auto_create_next_year', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`alter table base_rollover_settings enable row level security, force row level security`.execute(db);
  await sql`create policy tenant_scope on base_rollover_settings for all using (${visible}) with check (${visible})`.execute(db);
}
