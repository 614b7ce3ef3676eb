import { sql, type Kysely } from 'kysely';

/**
 * What an accepted LSU file declared for the IDs its bilans refer to (disciplines, teachers, programme
 * elements, EPI and accompaniment groups…), written when the import finishes `done`: the pupil page
 * shows a stored bilan in the file's own words. Imports finished before this migration keep `{}`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table lsu_imports add column labels jsonb not null default '{}'`.execute(db);
}
