import { sql, type Kysely } from 'kysely';

/**
 * Several processes share the work (issue 10): an LSU upload waits in the object storage, its import
 * row naming the object (`upload_key`) with its SHA-256 (`upload_sha256`; the size is `file_size`);
 * request counters live in the database so every API process counts the same requests:
 * `request_counters` for Préau's own limits (`http/rate-limit.ts`) and `rate_limit` for better-auth's
 * (its `database` storage). Neither counter table holds an organisation's rows (keys are client
 * addresses), so neither is under row-level security.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('lsu_imports')
    .addColumn('upload_key', 'text')
    .addColumn('upload_sha256', 'text', (c) => c.check(sql`upload_sha256 ~ '^[0-9a-f]{64}$'`))
    .execute();
  // The sweep of `uploads/lsu/` asks which import names each object it finds.
  await db.schema.createIndex('lsu_imports_upload_key').on('lsu_imports').column('upload_key').where(sql.ref('upload_key'), 'is not', null).execute();

  await db.schema
    .createTable('request_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rate_limit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_request', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_last_request').on('rate_limit').column('last_request').execute();
}
