import { sql, type Kysely } from 'kysely';

/**
 * Billing II, payments: the bank statements the operator imports (instance level: the provider's own
 * account) with their entries, each keyed by its bank references so a second import adds nothing;
 * the matching decisions (one row per decision, with its reason, naming the organisation once it is
 * known); and each organisation's prepaid balance: an append-only ledger of signed cents, and a head
 * row holding its sum, locked by every movement and never negative.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('billing_bank_statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('camt.053', 'camt.054')`))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('statement_ref', 'text')
    .addColumn('account_iban', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('new_entry_count', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('imported_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .execute();
  await sql`create index billing_bank_statements_imported_idx on billing_bank_statements (imported_at desc, id desc)`.execute(db);

  await db.schema
    .createTable('billing_bank_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('statement_id', 'text', (c) => c.notNull().references('billing_bank_statements.id'))
    // AcctSvcrRef, else NtryRef / EndToEndId with the date and amount: a second import finds it.
    .addColumn('bank_key', 'text', (c) => c.notNull().unique())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('credit', 'debit')`))
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('currency', 'text', (c) => c.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
    .addColumn('booking_date', 'date', (c) => c.notNull())
    .addColumn('payer_name', 'text')
    .addColumn('payer_iban', 'text')
    .addColumn('reference', 'text')
    .addColumn('remittance', 'text')
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('settled', 'unmatched', 'debit')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index billing_bank_entries_unmatched_idx on billing_bank_entries (booking_date desc, id desc) where state = 'unmatched'`.execute(db);
  await sql`create index billing_bank_entries_statement_idx on billing_bank_entries (statement_id)`.execute(db);

  await db.schema
    .createTable('billing_payment_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('billing_bank_entries.id'))
    .addColumn('organization_id', 'text', (c) => c.references('organization.id').onDelete('restrict'))
    .addColumn('document_id', 'text', (c) => c.references('billing_documents.id'))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('invoice_paid', 'invoice_partially_paid', 'invoice_paid_surplus', 'invoice_paid_by_payer', 'invoice_closed_to_balance', 'balance_top_up',
        'parked_on_balance', 'unmatched_reference', 'unmatched_currency', 'unmatched_amount', 'unmatched_payer', 'debit_ignored', 'assigned_invoice', 'assigned_balance')`))
    .addColumn('invoice_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`invoice_cents >= 0`))
    .addColumn('balance_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`balance_cents >= 0`))
    .addColumn('payer_iban', 'text')
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .execute();
  await sql`create index billing_payment_decisions_organization_idx on billing_payment_decisions (organization_id, decided_at desc, id desc)`.execute(db);
  await sql`create index billing_payment_decisions_entry_idx on billing_payment_decisions (entry_id)`.execute(db);
  // The payers seen before: an IBAN that paid an organisation's invoice or balance names it next time.
  await sql`create index billing_payment_decisions_payer_idx on billing_payment_decisions (payer_iban, organization_id) where payer_iban is not null and organization_id is not null`.execute(db);

  await db.schema
    .createTable('billing_balances')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organization.id').onDelete('restrict'))
    .addColumn('balance_cents', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`balance_cents >= 0`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('billing_balance_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organization.id').onDelete('restrict'))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    .addColumn('amount_cents', 'bigint', (c) => c.notNull().check(sql`amount_cents <> 0`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('top_up', 'surplus', 'parked', 'credit_refund', 'invoice_payment', 'payout')`))
    .addColumn('entry_id', 'text', (c) => c.references('billing_bank_entries.id'))
    .addColumn('document_id', 'text', (c) => c.references('billing_documents.id'))
    .addColumn('payment_id', 'text', (c) => c.references('billing_payments.id'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by_user_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addCheckConstraint('billing_balance_ledger_sign', sql`(amount_cents < 0) = (reason in ('invoice_payment', 'payout'))`)
    .execute();
  await sql`create index billing_balance_ledger_organization_idx on billing_balance_ledger (organization_id, seq desc)`.execute(db);

  // Matching finds invoices by their printed reference.
  await sql`create index billing_documents_payment_reference_idx on billing_documents (payment_reference) where kind = 'invoice' and payment_reference is not null`.execute(db);

  await sql`
    create function billing_balance_ledger_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the balance ledger is append-only' using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger billing_balance_ledger_append_only before update or delete on billing_balance_ledger for each row execute function billing_balance_ledger_append_only()`.execute(db);

  const tenant = sql`(select current_setting('preau.tenant', true))`;
  const visible = sql`${tenant} = '*' or organization_id = ${tenant}`;
  for (const table of ['billing_payment_decisions', 'billing_balances', 'billing_balance_ledger']) {
    await sql`alter table ${sql.table(table)} enable row level security, force row level security`.execute(db);
    await sql`create policy tenant_scope on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db);
  }
}
