import { sql, type Kysely } from 'kysely';

/**
 * Billing I: the operator's catalogue (instance level), and per organisation its billing addresses,
 * the products it holds, its documents (invoices, credit notes, pro forma) with their lines, the
 * payments recorded against them, the renewals the daily job decided and the CSV exports it asked
 * for. Amounts are integer cents (`bigint`), VAT rates basis points.
 *
 * An issued document never changes: triggers refuse any change to what it says once it has left
 * `draft` (only its state, what was paid or credited against it and its paid PDF may follow), refuse
 * deleting it, and refuse touching its lines. The organisation's rows are under row-level security
 * like every tenant table (decision 0006).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  const money = (column: string) => sql.raw(`${column} >= 0`);
  const vatRate = (column: string) => sql.raw(`${column} in (2000, 1000, 550, 210, 0)`);

  await db.schema
    .createTable('billing_catalogue_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique().check(sql`code ~ '^[A-Za-z0-9][A-Za-z0-9-]{1,39}$'`))
    .addColumn('label_fr', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('base_hosting', 'support', 'storage', 'other')`))
    .addColumn('price_cents', 'bigint', (c) => c.notNull().check(money('price_cents')))
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR').check(sql`currency ~ '^[A-Z]{3}$'`))
    .addColumn('vat_rate_bp', 'integer', (c) => c.notNull().check(vatRate('vat_rate_bp')))
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period in ('year', 'month')`))
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('billing_addresses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('restrict'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'jsonb', (c) => c.notNull())
    .addColumn('siret', 'text')
    .addColumn('vat_number', 'text')
    .addColumn('service_code', 'text')
    .addColumn('purchase_order', 'text')
    .addColumn('email', 'text')
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('billing_addresses_default_active', sql`not (is_default and archived_at is not null)`)
    .addUniqueConstraint('billing_addresses_id_organization_unique', ['id', 'organization_id'])
    .execute();
  await sql`create unique index billing_addresses_one_default on billing_addresses (organization_id) where is_default`.execute(db);

  await db.schema
    .createTable('billing_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('restrict'))
    .addColumn('catalogue_item_id', 'text', (c) => c.notNull().references('billing_catalogue_items.id'))
    .addColumn('base_id', 'text', (c) => c.references('school_bases.id').onDelete('set null'))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('renewal_date', 'date', (c) => c.notNull())
    .addColumn('auto_renew', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('renewal_warranty', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('address_id', 'text')
    .addColumn('ended_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('billing_products_dates', sql`renewal_date > start_date`)
    .addForeignKeyConstraint('billing_products_address_fk', ['address_id', 'organization_id'], 'billing_addresses', ['id', 'organization_id'])
    .addUniqueConstraint('billing_products_id_organization_unique', ['id', 'organization_id'])
    .execute();
  await db.schema.createIndex('billing_products_renewal_idx').on('billing_products').columns(['renewal_date']).where(sql.ref('ended_on'), 'is', null).execute();
  await db.schema.createIndex('billing_products_organization_idx').on('billing_products').columns(['organization_id', 'renewal_date']).execute();

  await db.schema
    .createTable('billing_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invoice', 'credit_note', 'pro_forma')`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(sql`state in ('draft', 'finalized', 'void')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('manual', 'renewal', 'warranty', 'pro_forma')`))
    .addColumn('number', 'text')
    .addColumn('number_year', 'integer')
    .addColumn('number_seq', 'integer')
    .addColumn('issue_date', 'date')
    .addColumn('due_date', 'date')
    .addColumn('currency', 'text', (c) => c.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('fr', 'en')`))
    .addColumn('address_id', 'text')
    .addColumn('customer', 'jsonb')
    .addColumn('provider', 'jsonb')
    .addColumn('net_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(money('net_cents')))
    .addColumn('vat_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(money('vat_cents')))
    .addColumn('gross_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(money('gross_cents')))
    .addColumn('vat_rows', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('credited_invoice_id', 'text', (c) => c.references('billing_documents.id'))
    .addColumn('converted_invoice_id', 'text', (c) => c.references('billing_documents.id'))
    .addColumn('payment_reference', 'text')
    .addColumn('paid_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(money('paid_cents')))
    .addColumn('credited_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(money('credited_cents')))
    .addColumn('payment_status', 'text', (c) => c.notNull().defaultTo('unpaid').check(sql`payment_status in ('unpaid', 'partially_paid', 'paid', 'refunded')`))
    .addColumn('paid_on', 'date')
    .addColumn('pdf_key', 'text')
    .addColumn('pdf_sha256', 'text')
    .addColumn('pdf_size', 'integer')
    .addColumn('paid_pdf_key', 'text')
    .addColumn('paid_pdf_sha256', 'text')
    .addColumn('paid_pdf_size', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('finalized_at', 'timestamptz')
    .addColumn('finalized_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    // The history's order: issued documents by finalisation, drafts by creation. A plain column, not an
    // expression: under row-level security only such a column's comparisons reach into the index.
    .addColumn('sort_at', 'timestamptz', (c) => c.generatedAlwaysAs(sql`coalesce(finalized_at, created_at)`).stored())
    .addCheckConstraint('billing_documents_issued', sql`(state = 'draft') = (number is null) and (state = 'draft') = (issue_date is null) and (state = 'draft') = (customer is null)`)
    .addCheckConstraint('billing_documents_credit_note', sql`(kind = 'credit_note') = (credited_invoice_id is not null)`)
    .addCheckConstraint('billing_documents_totals', sql`gross_cents = net_cents + vat_cents`)
    .addForeignKeyConstraint('billing_documents_address_fk', ['address_id', 'organization_id'], 'billing_addresses', ['id', 'organization_id'])
    .execute();
  await sql`create unique index billing_documents_number_unique on billing_documents (kind, number) where number is not null`.execute(db);
  // History: newest first within an organisation, and its filters that select few documents.
  await sql`create index billing_documents_history_idx on billing_documents (organization_id, sort_at desc, id desc)`.execute(db);
  await sql`create index billing_documents_number_seq_idx on billing_documents (organization_id, number_seq) where number_seq is not null`.execute(db);
  await sql`create index billing_documents_number_idx on billing_documents (organization_id, number text_pattern_ops) where number is not null`.execute(db);
  await sql`create index billing_documents_issue_date_idx on billing_documents (organization_id, issue_date)`.execute(db);
  await sql`create index billing_documents_kind_idx on billing_documents (organization_id, kind, sort_at desc, id desc)`.execute(db);
  await sql`create index billing_documents_unpaid_idx on billing_documents (organization_id, sort_at desc, id desc) include (due_date) where kind = 'invoice' and state = 'finalized' and payment_status in ('unpaid', 'partially_paid')`.execute(db);
  await sql`create index billing_documents_paid_idx on billing_documents (organization_id, sort_at desc, id desc) where state = 'finalized' and payment_status = 'paid'`.execute(db);
  await sql`create index billing_documents_void_idx on billing_documents (organization_id, sort_at desc, id desc) where state = 'void'`.execute(db);
  // Issued documents whose original PDF is not stored yet (normally none): the hourly sweep reads them.
  await sql`create index billing_documents_pdf_missing_idx on billing_documents (finalized_at) where pdf_key is null and state <> 'draft'`.execute(db);
  await sql`create index billing_documents_credited_idx on billing_documents (credited_invoice_id) where credited_invoice_id is not null`.execute(db);

  await db.schema
    .createTable('billing_document_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().references('billing_documents.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1`))
    .addColumn('unit_price_cents', 'bigint', (c) => c.notNull().check(money('unit_price_cents')))
    .addColumn('vat_rate_bp', 'integer', (c) => c.notNull().check(vatRate('vat_rate_bp')))
    .addColumn('net_cents', 'bigint', (c) => c.notNull())
    .addColumn('vat_cents', 'bigint', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.references('billing_products.id').onDelete('set null'))
    .addColumn('period_start', 'date')
    .addColumn('period_end', 'date')
    .addColumn('credited_line_id', 'text', (c) => c.references('billing_document_lines.id'))
    .addUniqueConstraint('billing_document_lines_position_unique', ['document_id', 'position'])
    .execute();
  await sql`create index billing_document_lines_credited_idx on billing_document_lines (credited_line_id) where credited_line_id is not null`.execute(db);
  await sql`create index billing_document_lines_product_idx on billing_document_lines (product_id) where product_id is not null`.execute(db);

  // The history's text search: the distinct words of an issued document (its number, the words of its
  // lines' labels), lower-cased and without accents, written when it is issued, with the document's
  // sort time (frozen from then on). Row-level security lets only leak-proof operators reach an index:
  // LIKE, pg_trgm and regular expressions never do, but the pattern operators (`~>=~`, `~<~`) do, so a
  // typed word is the range of the words it begins (decision 0010). The word index gives the documents
  // holding a rare word already in the history's order (no visit of the documents to sort them); the
  // primary key checks one document while the history index is walked (common words).
  await db.schema
    .createTable('billing_document_words')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().references('billing_documents.id').onDelete('cascade'))
    .addColumn('word', 'text', (c) => c.notNull().check(sql`word <> ''`))
    .addColumn('sort_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_document_words_pkey', ['organization_id', 'document_id', 'word'])
    .execute();
  await sql`create index billing_document_words_word_idx on billing_document_words (organization_id, word text_pattern_ops, sort_at, document_id)`.execute(db);

  await db.schema
    .createTable('billing_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().references('billing_documents.id'))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('transfer', 'card', 'cheque', 'direct_debit', 'other')`))
    .addColumn('reference', 'text')
    .addColumn('recorded_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('billing_payments_document_idx').on('billing_payments').column('document_id').execute();

  await db.schema
    .createTable('billing_renewals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('billing_products.id'))
    .addColumn('renewal_date', 'date', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('invoiced', 'warranty_invoiced', 'ended', 'no_address', 'no_provider')`))
    .addColumn('document_id', 'text', (c) => c.references('billing_documents.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('billing_renewals_once', ['product_id', 'renewal_date'])
    .execute();

  await db.schema
    .createTable('billing_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('cascade'))
    .addColumn('requested_by_user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('filters', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending', 'done', 'failed')`))
    .addColumn('storage_key', 'text')
    .addColumn('size', 'bigint')
    .addColumn('row_count', 'integer')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();

  for (const table of ['billing_addresses', 'billing_products', 'billing_documents', 'billing_document_lines', 'billing_document_words', 'billing_payments', 'billing_renewals', 'billing_exports']) {
    await sql`alter table ${sql.table(table)} enable row level security, force row level security`.execute(db);
    const tenant = sql`(select current_setting('preau.tenant', true))`;
    const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
    await sql`create policy tenant_scope on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db);
  }

  // What an issued document says never changes; it is never deleted; its lines are frozen with it.
  await sql`
    create function billing_document_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.state <> 'draft' then raise exception 'billing document % is issued: it cannot be deleted', old.number using errcode = 'P0001'; end if;
        return old;
      end if;
      if old.state <> 'draft' and (
        new.kind, new.organization_id, new.source, new.number, new.number_year, new.number_seq, new.issue_date, new.due_date,
        new.currency, new.locale, new.address_id, new.customer, new.provider, new.net_cents, new.vat_cents, new.gross_cents,
        new.vat_rows, new.credited_invoice_id, new.payment_reference, new.created_at, new.finalized_at
      ) is distinct from (
        old.kind, old.organization_id, old.source, old.number, old.number_year, old.number_seq, old.issue_date, old.due_date,
        old.currency, old.locale, old.address_id, old.customer, old.provider, old.net_cents, old.vat_cents, old.gross_cents,
        old.vat_rows, old.credited_invoice_id, old.payment_reference, old.created_at, old.finalized_at
      ) then
        raise exception 'billing document % is issued: what it says cannot change', old.number using errcode = 'P0001';
      end if;
      if old.state = 'void' and new.state <> 'void' then
        raise exception 'billing document % is void', old.number using errcode = 'P0001';
      end if;
      -- The stored PDF, once recorded, is the legal original.
      if (old.pdf_key is not null and new.pdf_key is distinct from old.pdf_key) or (old.pdf_sha256 is not null and new.pdf_sha256 is distinct from old.pdf_sha256)
        or (old.paid_pdf_key is not null and new.paid_pdf_key is distinct from old.paid_pdf_key) then
        raise exception 'billing document % has its stored PDF already', old.number using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger billing_document_immutable before update or delete on billing_documents for each row execute function billing_document_immutable()`.execute(db);

  await sql`
    create function billing_line_frozen() returns trigger language plpgsql as $$
    declare
      document_state text;
    begin
      select state into document_state from billing_documents where id = coalesce(new.document_id, old.document_id);
      if document_state is not null and document_state <> 'draft' then
        raise exception 'the lines of an issued billing document cannot change' using errcode = 'P0001';
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger billing_line_frozen before insert or update or delete on billing_document_lines for each row execute function billing_line_frozen()`.execute(db);
}
