import { sql, type Kysely } from 'kysely';

/**
 * A base may opt in to accept, provisionally, collège files declaring a version newer than any known
 * (checked against the newest known rule set, each bilan with an alert): off by default.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('school_bases')
    .addColumn('accept_newer_provisionally', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
    .execute();
}
