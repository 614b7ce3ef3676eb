import { sql, type Kysely } from 'kysely';

/**
 * Documents attached to a pupil or a class of a base (title, category, the base profiles that may
 * see them), letters to families generated for a pupil, and the record of every download or preview
 * of either. Each row hangs on its `base_files` row (on delete cascade), which hangs on its pupil,
 * class and base: deleting any of them deletes the document, its letters and their read records,
 * and the file's object goes through the base files' deletion queue. Under row-level security like
 * every tenant table (decision 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('base_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().unique().references('base_files.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('plan', 'certificate', 'other')`))
    .addColumn('visible_to', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`).check(sql`visible_to <@ array['direction', 'secretariat', 'teacher', 'read_only']::text[]`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('base_documents_base_fkey', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('base_documents_organization_base_idx').on('base_documents').columns(['organization_id', 'base_id']).execute();

  await db.schema
    .createTable('base_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().unique().references('base_files.id').onDelete('cascade'))
    .addColumn('pupil_id', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull().check(sql`template in ('convocation', 'information')`))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('fr', 'en')`))
    .addColumn('fields', 'jsonb', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('base_letters_base_fkey', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('base_letters_pupil_fkey', ['pupil_id', 'base_id'], 'pupils', ['id', 'base_id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('base_letters_pupil_idx').on('base_letters').columns(['pupil_id', 'created_at']).execute();

  // Who downloaded or previewed which file (a document's or a letter's), and when.
  await db.schema
    .createTable('base_document_reads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('base_files.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('reader_name', 'text', (c) => c.notNull())
    .addColumn('inline', 'boolean', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('base_document_reads_file_idx').on('base_document_reads').columns(['file_id', 'read_at']).execute();

  for (const table of ['base_documents', 'base_letters', 'base_document_reads']) {
    await sql`alter table ${sql.table(table)} enable row level security, force row level security`.execute(db);
    const tenant = sql`(select current_setting('preau.tenant', true))`;
    const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
    await sql`create policy tenant_scope on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db);
  }
}

