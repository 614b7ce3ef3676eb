import { sql, type Kysely } from 'kysely';

/**
 * Resumable uploads (tus, decision 0012): one row per upload a member started in a base, from its
 * creation to its claim by the feature that keeps the file (an LSU import, a document). `received_bytes` is
 * what the server kept; `s3_parts` the parts of its S3 multipart upload (the ledger the S3 store
 * reads instead of ListParts). Under row-level security like every tenant table (decision 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('resumable_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('lsu-import', 'document')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('length_bytes', 'bigint', (c) => c.notNull().check(sql`length_bytes > 0`))
    .addColumn('received_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('sha256', 'text')
    .addColumn('s3_parts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('receiving').check(sql`state in ('receiving', 'complete', 'claimed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('resumable_uploads_base_fk', ['base_id', 'organization_id'], 'school_bases', ['id', 'organization_id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('resumable_uploads_expiry_idx').on('resumable_uploads').columns(['state', 'expires_at']).execute();

  await sql`alter table resumable_uploads enable row level security, force row level security`.execute(db);
  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  await sql`create policy tenant_scope on resumable_uploads for all using (${visible}) with check (${visible})`.execute(db);
}

