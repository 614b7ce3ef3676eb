import { sql, type Kysely } from 'kysely';

/**
 * Row-level security on every table holding an organisation's rows (decision 0006). One policy per
 * table, for reads and writes: the rows of the organisation named by the session setting
 * `preau.tenant`, every row when it is `*` (the system scope), none when it is unset. FORCE makes it
 * hold for the tables' owner, the role Préau connects as. Superusers and BYPASSRLS roles are never
 * held (Préau warns at start-up); PGlite runs as a superuser, so there this changes nothing.
 *
 * PostgreSQL refuses COPY FROM into a table under row-level security, and imports copy their bilans
 * in (decision 0004). So `lsu_import_bilans` becomes a table partitioned by organisation, under the
 * policy, whose one (default) partition `lsu_import_bilans_unscoped` holds the rows: queries go through
 * the parent, only the import's COPY names the partition. The partition's policy is enabled but not
 * forced: its owner (Préau) may copy into it, any other role is held.
 */
const TENANT_TABLES: Record<string, string> = {
  organization: 'id',
  member: 'organization_id',
  invitation: 'organization_id',
  school_bases: 'organization_id',
  base_profiles: 'organization_id',
  periods: 'organization_id',
  classes: 'organization_id',
  pupils: 'organization_id',
  teachers: 'organization_id',
  disciplines: 'organization_id',
  api_tokens: 'organization_id',
  lsu_imports: 'organization_id',
  lsu_import_bilans: 'organization_id',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table lsu_import_bilans rename to lsu_import_bilans_unscoped`.execute(db);
  await sql`create table lsu_import_bilans (like lsu_import_bilans_unscoped including defaults) partition by list (organization_id)`.execute(db);
  await sql`alter table lsu_import_bilans attach partition lsu_import_bilans_unscoped default`.execute(db);

  for (const [table, column] of Object.entries(TENANT_TABLES)) {
    await sql`alter table ${sql.table(table)} enable row level security, force row level security`.execute(db);
    await tenantPolicy(db, table, column);
  }
  await sql`alter table lsu_import_bilans_unscoped enable row level security`.execute(db);
  await tenantPolicy(db, 'lsu_import_bilans_unscoped', 'organization_id');
}

/**
 * The policy of `table`, whose `column` names the organisation. The setting is read in sub-selects,
 * evaluated once per statement rather than once per row, so `column = …` can use an index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
async function tenantPolicy(db: Kysely<any>, table: string, column: string): Promise<void> {
  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or ${sql.ref(column)} = ${tenant}`;
  await sql`create policy tenant_scope on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db);
}
