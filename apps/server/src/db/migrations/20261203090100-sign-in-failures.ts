import type { Kysely } from 'kysely';

/**
 * Failed sign-ins counted per account and per client address (not successes per address): colleagues
 * behind one school's address never lock each other out, and guessing one account's password is
 * slowed whatever address it comes from. A table, not memory, so every process shares the counts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .execute();
}
