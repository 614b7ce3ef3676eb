import { sql, type Kysely } from 'kysely';

/**
 * Search across an organisation (modules/search, decision 0019), with PostgreSQL's own tools, which
 * PGlite carries too:
 * - `unaccent` and `pg_trgm` (both trusted extensions: the database's owner may create them);
 * - `preau_fold(text)`: the text without accents, in lower case. `unaccent()` itself is only stable
 *   (its dictionary could change), so it cannot be indexed; the dictionary named here is fixed;
 * - trigram indexes on accounts' names and e-mails and on imports' file names; for pupils, stored
 *   folded names in byte-ordered indexes (below). Teams, bases and invoice numbers are read within
 *   one organisation, a few thousand rows at most.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists unaccent`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);
  // Named with its schema: index builds run with a search path of pg_catalog only.
  // (`regnamespace::text` quotes the name when it needs quotes.)
  const { rows } = await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'unaccent'`.execute(db);
  const schema = sql.raw(rows[0]?.schema ?? 'public');
  await sql`
    create function preau_fold(text) returns text language sql immutable strict parallel safe
    as $$ select lower(${schema}.unaccent('${schema}.unaccent'::regdictionary, $1)) $$`.execute(db);
  // Pupils are many, and their table is under row-level security for the application's role, where
  // only leakproof operators on plain columns may become index conditions (`like`, `%`, `<%` and any
  // function of a column may not). So their folded names are stored columns, ordered byte-wise
  // (collation "C"): a name starting with the query is a range of an index, read in order, the first
  // few only.
  await sql`
    alter table pupils
      add column search_last_first text collate "C" generated always as (preau_fold(last_name || ' ' || first_name || ' ' || national_id)) stored,
      add column search_first_last text collate "C" generated always as (preau_fold(first_name || ' ' || last_name)) stored`.execute(db);
  await sql`create index pupils_search_last_first_idx on pupils (organization_id, search_last_first)`.execute(db);
  await sql`create index pupils_search_first_last_idx on pupils (organization_id, search_first_last)`.execute(db);
  await sql`create index pupils_search_national_id_idx on pupils (organization_id, (national_id collate "C"))`.execute(db);
  await sql`create index user_search_idx on "user" using gin (preau_fold(name || ' ' || email) gin_trgm_ops)`.execute(db);
  await sql`create index lsu_imports_search_idx on lsu_imports using gin (preau_fold(file_name || ' ' || coalesce(editor, '')) gin_trgm_ops)`.execute(db);
}
