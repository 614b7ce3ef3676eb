import { sql, type Kysely } from 'kysely';

/**
 * `invitation_base_profiles`: the profile on a base an invited address receives when it accepts
 * (users recovered from a profiles file in the hosting console, issue 13).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitation_base_profiles')
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitation.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull().check(sql`profile in ('direction', 'secretariat', 'teacher', 'read_only')`))
    .addColumn('ends_on', 'date')
    .addPrimaryKeyConstraint('invitation_base_profiles_pkey', ['invitation_id', 'base_id'])
    .addForeignKeyConstraint('invitation_base_profiles_base_fk', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    .execute();
  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`alter table invitation_base_profiles enable row level security, force row level security`.execute(db);
  await sql`create policy tenant_scope on invitation_base_profiles for all using (${visible}) with check (${visible})`.execute(db);
}
