import { sql, type Kysely } from 'kysely';

/**
 * Bilan storage built for bulk imports (decision 0004):
 * - a bilan's content is its own XML as the file wrote it (`text`), read back into a tree only when a
 *   page shows it; the earlier JSON trees are dropped (no release ever stored any);
 * - the base's stored version of each key (pupil + period, pupil + cycle) moves to the narrow
 *   `lsu_current_bilans`, so switching an import in writes small rows instead of flagging wide ones;
 * - no per-row foreign keys on the bilan tables: checking four of them on each of an import's 35,000
 *   rows cost PostgreSQL more than storing the rows. Statement-level triggers do the cascades instead,
 *   once per deleting statement; the import pipeline is the only writer and writes ids it resolved.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lsu_current_bilans')
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('pupil_id', 'text', (c) => c.notNull())
    // The key within the pupil: the period's id, or `cycle-<n>` for an end-of-cycle bilan.
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('bilan_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lsu_current_bilans_pkey', ['base_id', 'pupil_id', 'slot'])
    .execute();
  await db.schema.createIndex('lsu_current_bilans_bilan_idx').on('lsu_current_bilans').column('bilan_id').execute();
  await sql`
    insert into lsu_current_bilans (base_id, organization_id, pupil_id, slot, bilan_id)
    select base_id, organization_id, pupil_id, coalesce(period_id, 'cycle-' || cycle), id
    from lsu_import_bilans where current and pupil_id is not null
  `.execute(db);

  await sql`
    alter table lsu_import_bilans
      drop column current, drop column content_hash, drop column content,
      drop constraint lsu_import_bilans_base_fkey,
      drop constraint lsu_import_bilans_import_id_fkey,
      drop constraint lsu_import_bilans_pupil_id_fkey,
      drop constraint lsu_import_bilans_period_id_fkey,
      reset (toast_tuple_target)
  `.execute(db);
  // The bilan element as written in the file (UTF-8). Rows are never rewritten whole any more, so a
  // compressed bilan of a couple of KB stays in line (no TOAST table and index to fill).
  await sql`alter table lsu_import_bilans add column content text`.execute(db);

  await cascade('lsu_imports', 'delete from lsu_import_bilans where import_id in (select id from gone)', db);
  await cascade('lsu_import_bilans', 'delete from lsu_current_bilans where bilan_id in (select id from gone)', db);
  // A deleted pupil or period takes its stored bilans with it; their outcomes stay in the history.
  const dropStored = (match: string) =>
    `with dropped as (delete from lsu_current_bilans c using gone where c.base_id = gone.base_id and ${match} returning c.bilan_id) ` +
    'update lsu_import_bilans set content = null where id in (select bilan_id from dropped)';
  await cascade('pupils', dropStored('c.pupil_id = gone.id'), db);
  await cascade('periods', dropStored('c.slot = gone.id'), db);
}

/** An `after delete` statement trigger on `table` running `action`, where `gone` holds the deleted rows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
async function cascade(table: string, action: string, db: Kysely<any>): Promise<void> {
  const name = `${table}_lsu_cascade`;
  await sql`
    create function ${sql.raw(name)}() returns trigger language plpgsql as ${sql.lit(`begin ${action}; return null; end`)}
  `.execute(db);
  await sql`
    create trigger ${sql.raw(name)} after delete on ${sql.table(table)}
    referencing old table as gone for each statement execute function ${sql.raw(name)}()
  `.execute(db);
}
