import { sql, type Kysely } from 'kysely';

/**
 * Search across an organisation (modules/search, decision 0019), with PostgreSQL's own tools, which
 * PGlite carries too:
 * - `unaccent` and `pg_trgm` (both trusted extensions: the database's owner may create them);
 * - `preau_fold(text)`: the text without accents, in lower case. `unaccent()` itself is only stable
 *   (its dictionary could change), so it cannot be indexed; the dictionary named here is fixed;
 * - trigram indexes on the folded texts the search reads in large numbers: pupils' names and
 *   national ids, accounts' names and e-mails, imports' file names. Teams, bases and invoice
 *   numbers are read within one organisation, a few hundred rows at most.
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
  await sql`create index pupils_search_idx on pupils using gin (preau_fold(last_name || ' ' || first_name || ' ' || national_id) gin_trgm_ops)`.execute(db);
  await sql`create index user_search_idx on "user" using gin (preau_fold(name || ' ' || email) gin_trgm_ops)`.execute(db);
  await sql`create index lsu_imports_search_idx on lsu_imports using gin (preau_fold(file_name || ' ' || coalesce(editor, '')) gin_trgm_ops)`.execute(db);
}
