import { sql, type Kysely } from 'kysely';

/**
 * Operators: accounts that run this Préau instance (the provider), flagged at instance level and
 * never members of a customer organisation by that fact. Granted by the CLI, or to the first account
 * of a trial instance reached on localhost.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('user.id').onDelete('cascade'))
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
