import { sql, type Kysely } from 'kysely';

/**
 * The provider's legal identity (one row: the instance's), set by an operator and copied onto each
 * billing document when it is finalised, so a later change never alters an issued document.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('billing_provider')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .execute();
}
