import { sql, type Kysely } from 'kysely';

/**
 * `hosting_migration_events`: each step done in the hosting console for a school's migration (issue
 * 13's checklist): which step, how it ended, when, from which hosting session, and what it did.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hosting_migration_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    // Null for a base file refused before its head was read: the school and year are not known.
    .addColumn('uai', 'text')
    .addColumn('school_year', 'text')
    .addColumn('base_id', 'text')
    .addColumn('step', 'text', (c) => c.notNull().check(sql`step in ('base_stopped', 'base_file', 'users', 'photos', 'documents', 'letters', 'in_service')`))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('done', 'failed')`))
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('error_code', 'text')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text')
    .addColumn('session_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('hosting_migration_events_org_at').on('hosting_migration_events').columns(['organization_id', 'at']).execute();
  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`alter table hosting_migration_events enable row level security, force row level security`.execute(db);
  await sql`create policy tenant_scope on hosting_migration_events for all using (${visible}) with check (${visible})`.execute(db);
}
