import { sql, type Kysely } from 'kysely';

/**
 * Pupil photos: one per pupil, pointing to two base files (the normalised image and its thumbnail).
 * The row goes with its pupil, its base or either file (cascades), and base files go with their
 * pupil, so deleting a pupil removes its photo's rows, and the base files' queue removes the objects.
 * A ZIP of photos waits as a preview (its object under `uploads/photo-zips/`) until applied or expired.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pupil_photos')
    .addColumn('pupil_id', 'text', (c) => c.primaryKey().references('pupils.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('photo_file_id', 'text', (c) => c.notNull().unique().references('base_files.id').onDelete('cascade'))
    .addColumn('thumbnail_file_id', 'text', (c) => c.notNull().unique().references('base_files.id').onDelete('cascade'))
    .addColumn('width', 'integer', (c) => c.notNull().check(sql`width > 0`))
    .addColumn('height', 'integer', (c) => c.notNull().check(sql`height > 0`))
    .addColumn('updated_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('pupil_photos_base_fkey', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('pupil_photos_base_idx').on('pupil_photos').columns(['base_id']).execute();

  await db.schema
    .createTable('pupil_photo_zip_previews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** The matched entries: [{ index, name, pupilId }]. */
    .addColumn('matches', 'jsonb', (c) => c.notNull())
    .addColumn('ignored', 'integer', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('pupil_photo_zip_previews_base_fkey', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('pupil_photo_zip_previews_expiry_idx').on('pupil_photo_zip_previews').columns(['expires_at']).execute();

  for (const table of ['pupil_photos', 'pupil_photo_zip_previews']) {
    await sql`alter table ${sql.table(table)} enable row level security, force row level security`.execute(db);
    const tenant = sql`(select current_setting('preau.tenant', true))`;
    const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
    await sql`create policy tenant_scope on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db);
  }
}
