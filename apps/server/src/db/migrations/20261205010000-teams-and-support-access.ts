import { sql, type Kysely } from 'kysely';

/**
 * Work teams and temporary support access (decision 0013).
 * - `teams`, `team_members`, `team_products`: a team gives its members a profile on some of the
 *   organisation's bases and a right on its billing; a membership may end on a date.
 * - `base_profiles.ends_on`: a direct grant may end on a date too; `warned_on` records the week's
 *   notice sent before either ends.
 * - `invitation_teams`: an address invited straight into teams joins them when it accepts.
 * - `organization.premium_support_code`: shown while the organisation holds premium support.
 * - `support_grants`, `support_actions`: the accesses an organisation gave the provider's support,
 *   and every request the support made under one.
 * All under row-level security like every tenant table (decision 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('colour', 'text', (c) => c.notNull())
    .addColumn('leader_member_id', 'text', (c) => c.references('member.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('teams_id_organization_key', ['id', 'organization_id'])
    .execute();
  await sql`create unique index teams_name_key on teams (organization_id, lower(name))`.execute(db);

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('member.id').onDelete('cascade'))
    .addColumn('ends_on', 'date')
    .addColumn('warned_on', 'date')
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('team_members_pkey', ['team_id', 'member_id'])
    .addForeignKeyConstraint('team_members_team_fk', ['team_id', 'organization_id'], 'teams', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('team_members_member_idx').on('team_members').columns(['member_id', 'team_id']).execute();

  await db.schema
    .createTable('team_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('base', 'billing')`))
    .addColumn('base_id', 'text')
    .addColumn('base_profile', 'text', (c) => c.check(sql`base_profile in ('direction', 'secretariat', 'teacher', 'read_only')`))
    .addColumn('billing_right', 'text', (c) => c.check(sql`billing_right in ('read', 'manage')`))
    .addForeignKeyConstraint('team_products_team_fk', ['team_id', 'organization_id'], 'teams', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    // The base is the team's organisation's own: another organisation's base cannot be named, even by a bug.
    .addForeignKeyConstraint('team_products_base_fk', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    .addCheckConstraint('team_products_shape', sql`(kind = 'base' and base_id is not null and base_profile is not null and billing_right is null) or (kind = 'billing' and base_id is null and base_profile is null and billing_right is not null)`)
    .execute();
  await sql`create unique index team_products_base_key on team_products (team_id, base_id) where kind = 'base'`.execute(db);
  await sql`create unique index team_products_billing_key on team_products (team_id) where kind = 'billing'`.execute(db);
  await db.schema.createIndex('team_products_base_idx').on('team_products').columns(['base_id', 'team_id']).execute();

  await db.schema.alterTable('base_profiles').addColumn('ends_on', 'date').execute();
  await db.schema.alterTable('base_profiles').addColumn('warned_on', 'date').execute();

  await db.schema
    .createTable('invitation_teams')
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitation.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'date')
    .addPrimaryKeyConstraint('invitation_teams_pkey', ['invitation_id', 'team_id'])
    .addForeignKeyConstraint('invitation_teams_team_fk', ['team_id', 'organization_id'], 'teams', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    .execute();

  // `P` and 8 readable characters (the support code's alphabet), drawn by the database for every new organisation.
  await sql`
    create function preau_premium_support_code() returns text language sql volatile as $$
      select 'P' || string_agg(substr('346789ABCDEFGHJKMNPQRTWXY', 1 + floor(random() * 25)::int, 1), '') from generate_series(1, 8)
    $$`.execute(db);
  await db.schema.alterTable('organization').addColumn('premium_support_code', 'text', (c) => c.notNull().defaultTo(sql`preau_premium_support_code()`)).execute();
  await sql`create unique index organization_premium_support_code_key on organization (premium_support_code)`.execute(db);

  await db.schema
    .createTable('support_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('write', 'boolean', (c) => c.notNull())
    .addColumn('granted_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('granted_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by_name', 'text')
    .addColumn('first_used_at', 'timestamptz')
    .addColumn('end_notified_at', 'timestamptz')
    .addCheckConstraint('support_grants_duration', sql`ends_at > created_at and ends_at <= created_at + interval '30 days'`)
    .execute();
  await db.schema.createIndex('support_grants_organization_idx').on('support_grants').columns(['organization_id', 'ends_at']).execute();
  await sql`create index support_grants_unnotified_idx on support_grants (ends_at) where end_notified_at is null`.execute(db);

  await db.schema
    .createTable('support_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The order requests were made in, whatever the clock says.
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('support_grants.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('operator_user_id', 'text')
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('support_actions_grant_idx').on('support_actions').columns(['grant_id', 'seq']).execute();

  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  for (const table of ['teams', 'team_members', 'team_products', 'invitation_teams', 'support_grants', 'support_actions']) {
    await sql`alter table ${sql.table(table)} enable row level security, force row level security`.execute(db);
    await sql`create policy tenant_scope on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db);
  }
}
