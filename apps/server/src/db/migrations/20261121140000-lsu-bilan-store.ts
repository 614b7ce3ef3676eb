import { sql, type Kysely } from 'kysely';

/**
 * Bilan storage built for bulk imports (decision 0004):
 * - a bilan's content is its own XML as the file wrote it (`text`), read back into a tree only when a
 *   page shows it; the earlier JSON trees are dropped (no release ever stored any);
 * - the base's stored version of a key (pupil + `slot`: the period, or `cycle-<n>`) is the one bilan
 *   of a finished import that still has content; the switch-in drops the content of the versions it
 *   replaces, so no row is ever rewritten whole and no flag needs writing per bilan;
 * - no per-row foreign keys on the bilans: checking four of them on each of an import's 35,000 rows
 *   cost PostgreSQL more than storing the rows. Statement-level triggers do the cascades instead,
 *   once per deleting statement; the import pipeline is the only writer and writes ids it resolved.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table lsu_import_bilans
      drop column current, drop column content_hash, drop column content,
      drop constraint lsu_import_bilans_base_fkey,
      drop constraint lsu_import_bilans_import_id_fkey,
      drop constraint lsu_import_bilans_pupil_id_fkey,
      drop constraint lsu_import_bilans_period_id_fkey,
      reset (toast_tuple_target)
  `.execute(db);
  // The bilan element as written in the file (UTF-8). Rows are not rewritten whole any more, so a
  // compressed bilan of a couple of KB stays in line (no TOAST table and index to fill).
  await sql`alter table lsu_import_bilans add column content text, add column slot text`.execute(db);
  // A pupil's stored bilans, and the versions an import replaces, are found along this index; it is
  // filled while the rows are copied in, not at the switch-in.
  await db.schema
    .createIndex('lsu_import_bilans_stored_idx')
    .on('lsu_import_bilans')
    .columns(['base_id', 'pupil_id', 'slot'])
    .where(sql.ref('content'), 'is not', null)
    .execute();

  await cascade('lsu_imports', 'delete from lsu_import_bilans where import_id in (select id from gone)', db);
  // A deleted pupil or period takes its stored bilans with it; their outcomes stay in the history.
  const dropStored = (match: string) => `update lsu_import_bilans b set content = null from gone where b.base_id = gone.base_id and ${match} and b.content is not null`;
  await cascade('pupils', dropStored('b.pupil_id = gone.id'), db);
  await cascade('periods', dropStored('b.slot = gone.id'), db);
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
