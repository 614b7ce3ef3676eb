import { sql, type Kysely } from 'kysely';

/**
 * Files kept in a school base (pupils' photos and their thumbnails, attached documents, letters):
 * one row per stored object, tied to its base and, when it is about one, to a pupil or a class, so
 * that deleting the pupil, the class or the base deletes the rows with it. A deleted row's object
 * key goes to `storage_deletions` (by trigger, in the same transaction), which a job drains: an
 * object outlives its row for a moment, never for good. Per-organisation storage quotas set by an
 * operator override the instance's default.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pupils add constraint pupils_id_base_unique unique (id, base_id)`.execute(db);
  await db.schema
    .createTable('base_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('photo', 'thumbnail', 'document', 'letter')`))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull().check(sql`size_bytes >= 0`))
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('pupil_id', 'text')
    .addColumn('class_id', 'text')
    .addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('base_files_base_fkey', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('base_files_pupil_fkey', ['pupil_id', 'base_id'], 'pupils', ['id', 'base_id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('base_files_class_fkey', ['class_id', 'base_id'], 'classes', ['id', 'base_id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('base_files_organization_base_idx').on('base_files').columns(['organization_id', 'base_id']).execute();
  await db.schema.createIndex('base_files_pupil_idx').on('base_files').column('pupil_id').where(sql.ref('pupil_id'), 'is not', null).execute();
  await db.schema.createIndex('base_files_class_idx').on('base_files').column('class_id').where(sql.ref('class_id'), 'is not', null).execute();

  await sql`alter table base_files enable row level security, force row level security`.execute(db);
  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`create policy tenant_scope on base_files for all using (${visible}) with check (${visible})`.execute(db);

  // Instance level: keys only, no tenant data; written by the trigger whatever the scope.
  await db.schema
    .createTable('storage_deletions')
    .addColumn('storage_key', 'text', (c) => c.primaryKey())
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`
    create function base_files_queue_deletion() returns trigger language plpgsql as $$
    begin
      insert into storage_deletions (storage_key) values (old.storage_key) on conflict do nothing;
      return old;
    end $$
  `.execute(db);
  await sql`create trigger base_files_queue_deletion after delete on base_files for each row execute function base_files_queue_deletion()`.execute(db);

  await db.schema
    .createTable('organization_storage_quotas')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('cascade'))
    .addColumn('quota_bytes', 'bigint', (c) => c.check(sql`quota_bytes is null or quota_bytes >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .execute();
}
