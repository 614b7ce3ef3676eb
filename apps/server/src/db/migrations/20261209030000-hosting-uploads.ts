import { sql, type Kysely } from 'kysely';

/**
 * Resumable uploads of the hosting console (issue 13, decision 0022's update): the annex files (and
 * later the base file) are sent by a hosting session, which is neither a member nor in a base. Such an
 * upload belongs to its organisation's hosting console (`hosting`), without base or sender; a member's
 * upload keeps both. Purposes `hosting-annex` (an annex file, claimed by the completion of a base) and
 * `hosting-base` (a base file, claimed by its load).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table resumable_uploads alter column base_id drop not null, alter column user_id drop not null`.execute(db);
  await db.schema.alterTable('resumable_uploads').addColumn('hosting', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`alter table resumable_uploads add constraint resumable_uploads_owner_check check (
    (hosting and base_id is null and user_id is null) or (not hosting and base_id is not null and user_id is not null))`.execute(db);
  await sql`alter table resumable_uploads drop constraint resumable_uploads_purpose_check`.execute(db);
  await sql`alter table resumable_uploads add constraint resumable_uploads_purpose_check check (
    (not hosting and purpose in ('lsu-import', 'document')) or (hosting and purpose in ('hosting-annex', 'hosting-base')))`.execute(db);
}
