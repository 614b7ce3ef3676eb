import { sql, type Kysely } from 'kysely';

/** Organisations, their members (with roles and billing switches) and e-mail invitations. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema as it was then, never the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organization')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hosting_number', 'text', (c) => c.notNull().unique().check(sql`hosting_number ~ '^[0-9]{12}$'`))
    .addColumn('support_code', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('member')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'admin', 'collaborator', 'external')`))
    .addColumn('billing_rights', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('billing_reminders_email', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('billing_reminders_sms', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('member_organization_user_unique', ['organization_id', 'user_id'])
    .execute();
  await db.schema.createIndex('member_user_idx').on('member').column('user_id').execute();

  await db.schema
    .createTable('invitation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'admin', 'collaborator', 'external')`))
    // 'expired' is not stored: a pending invitation past expires_at reads as expired.
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('pending', 'accepted', 'declined', 'cancelled')`),
    )
    .addColumn('invited_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // At most one pending invitation per address and organisation: a new one refreshes it.
  await db.schema
    .createIndex('invitation_pending_unique')
    .on('invitation')
    .columns(['organization_id', 'email'])
    .unique()
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema.createIndex('invitation_email_idx').on('invitation').column('email').execute();
}
