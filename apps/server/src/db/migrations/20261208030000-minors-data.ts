import { sql, type Kysely } from 'kysely';

/**
 * Minors' data (modules/minors-data, decision 0021):
 * - `minors_data_retention_rules`: the operator's retention rules (one row, instance level); absent,
 *   the defaults of decision 0021 apply;
 * - `minors_data_retention_runs`: what each run of the retention job did (counts only, no pupil's data);
 * - `base_legal_holds`: a base under legal hold (the retention job and erasures leave it alone), with
 *   who set it and why. A tenant table under row-level security (decision 0006); it goes with its base.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  const days = (max: number) => sql`between 0 and ${sql.lit(max)}`;
  await db.schema
    .createTable('minors_data_retention_rules')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('schooling_days', 'integer', (c) => c.notNull().check(sql`schooling_days ${days(3650)}`))
    .addColumn('identity_days', 'integer', (c) => c.notNull().check(sql`identity_days ${days(3650)}`))
    .addColumn('access_log_days', 'integer', (c) => c.notNull().check(sql`access_log_days between 1 and 3650`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('minors_data_retention_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ran_at', 'timestamptz', (c) => c.notNull())
    .addColumn('bases_examined', 'integer', (c) => c.notNull())
    .addColumn('bases_held', 'integer', (c) => c.notNull())
    .addColumn('pupils_removed', 'integer', (c) => c.notNull())
    .addColumn('bilans_removed', 'integer', (c) => c.notNull())
    .addColumn('files_removed', 'integer', (c) => c.notNull())
    .execute();
  await sql`create index minors_data_retention_runs_ran_at_idx on minors_data_retention_runs (ran_at desc)`.execute(db);

  await db.schema
    .createTable('base_legal_holds')
    .addColumn('base_id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('set_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('set_by_name', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('base_legal_holds_base_fkey', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (fk) => fk.onDelete('cascade'))
    .execute();
  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`alter table base_legal_holds enable row level security, force row level security`.execute(db);
  await sql`create policy tenant_scope on base_legal_holds for all using (${visible}) with check (${visible})`.execute(db);
}
