import { sql, type Kysely } from 'kysely';

/**
 * Import messages stored as codes (decision 0005): file-level issues become `{ line, column, path,
 * code, params }` and bilan messages `{ level, code, params }`. The French prose stored so far is
 * dropped; its code is kept with no parameters (the console shows "…" where one is missing).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update lsu_imports set errors = (
      select coalesce(jsonb_agg(
        jsonb_build_object('line', e -> 'line', 'column', e -> 'column', 'path', e -> 'path', 'code', e -> 'code', 'params', '{}'::jsonb)
        order by position), '[]'::jsonb)
      from jsonb_array_elements(errors) with ordinality as issue(e, position)
    )
    where errors <> '[]'::jsonb
  `.execute(db);
  await sql`
    update lsu_import_bilans set messages = (
      select coalesce(jsonb_agg(
        jsonb_build_object('level', m -> 'level', 'code', m -> 'code', 'params', '{}'::jsonb)
        order by position), '[]'::jsonb)
      from jsonb_array_elements(messages) with ordinality as message(m, position)
    )
    where messages <> '[]'::jsonb
  `.execute(db);
}
