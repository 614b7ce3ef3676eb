import { sql, type Kysely } from 'kysely';

/**
 * Loading a base file in the hosting console (modules/hosting-files, decision 0022).
 * - A load writes a new base row in state `loading` beside the live base of the same UAI and year, and
 *   switches it in at the end; the base it replaces is kept read-only (`archived`, `replaced_at` set) and
 *   can be switched back. So one UAI and year may now have several rows: the uniqueness holds among
 *   the bases neither loading nor replaced.
 * - `hosting_loads`: one load, its state (`running`, `done`, `failed`), its heartbeat (a stale running
 *   load belongs to a dead process: marked failed at the next start, its loading base deleted), the
 *   error code with the part and the row at fault, and the row counts of each part.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table school_bases add column replaced_at timestamptz`.execute(db);
  await sql`alter table school_bases drop constraint school_bases_organization_uai_year_unique`.execute(db);
  await sql`
    create unique index school_bases_organization_uai_year_unique on school_bases (organization_id, uai, school_year)
    where state <> 'loading' and replaced_at is null
  `.execute(db);

  await db.schema
    .createTable('hosting_loads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    // The base written by the load (deleted with it when the load fails) and the one it replaced.
    .addColumn('base_id', 'text')
    .addColumn('replaced_base_id', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('uai', 'text')
    .addColumn('school_year', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('running').check(sql`state in ('running', 'done', 'failed')`))
    .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_loaded', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('parts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // { code, params, part, row }: a code of the messages catalogue, never prose.
    .addColumn('error', 'jsonb')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`create index hosting_loads_organization_idx on hosting_loads (organization_id, started_at desc)`.execute(db);
  await sql`create index hosting_loads_running_idx on hosting_loads (heartbeat_at) where state = 'running'`.execute(db);

  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`alter table hosting_loads enable row level security, force row level security`.execute(db);
  await sql`create policy tenant_scope on hosting_loads for all using (${visible}) with check (${visible})`.execute(db);
}
