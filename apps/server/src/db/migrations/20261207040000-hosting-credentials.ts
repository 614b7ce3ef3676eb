import { sql, type Kysely } from 'kysely';

/**
 * Hosting credentials and the hosting console's sessions (modules/hosting, decision 0018).
 * - `hosting_credentials`: an organisation's hosting password (a scrypt hash, never the password),
 *   when it was set, and when the ownership proof (an invoice number, at the first sign-in) was given.
 * - `hosting_sessions`: a hosting console session, kept as the SHA-256 of its cookie's token, with its
 *   last use (idle end) and its absolute end.
 * Both are an organisation's rows: row-level security like every tenant table (decision 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hosting_credentials')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_set_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ownership_proved_at', 'timestamptz')
    .addColumn('ownership_invoice_id', 'text', (c) => c.references('billing_documents.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('hosting_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip_address', 'text')
    .execute();
  await sql`create index hosting_sessions_organization_idx on hosting_sessions (organization_id)`.execute(db);

  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  for (const table of ['hosting_credentials', 'hosting_sessions']) {
    await sql`alter table ${sql.table(table)} enable row level security, force row level security`.execute(db);
    await sql`create policy tenant_scope on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db);
  }
}
