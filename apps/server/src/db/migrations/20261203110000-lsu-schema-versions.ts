import { sql, type Kysely } from 'kysely';

/**
 * LSU schema versions added by an operator (`preau lsu versions add FILE.xsd`): instance-wide, like
 * the built-in rule sets, so no organisation column. `rules` is the compiled rule set's stored JSON
 * (loaded at start, never recompiled); `warnings` and `changes` are the review the operator saw
 * (codes and params); `source_sha256` identifies the official file it came from.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lsu_schema_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('family', 'text', (c) => c.notNull().check(sql`family in ('college', 'ecole')`))
    .addColumn('versions', sql`text[]`, (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('changes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('previous_id', 'text')
    .addColumn('source_sha256', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
