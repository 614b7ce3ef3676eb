import type { Kysely } from 'kysely';

/**
 * The report of a completion with an annex file (what each row of the file became: attached, already
 * there, no pupil or class matching, refused), kept with the checklist's event of that completion so the
 * hosting console can show it again later. Codes and the rows' keys, never prose. Null on other events.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('hosting_migration_events').addColumn('report', 'jsonb').execute();
}
