/**
 * Bank statements: the import (the file received, then read batch after batch in one transaction:
 * keep only entries never seen, match, write) and the operator's hand assignment of what matching could not place. Matching rules, in order:
 * the reference of an invoice; the reference of an organisation's balance; the payer's IBAN seen
 * before with exactly one open invoice of that amount, else that organisation's balance; otherwise
 * the unmatched queue, with the reason.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely, type Transaction } from 'kysely';
import { arrayLiteral } from '../../db/array-literal.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { orderedId } from '../../shared/ordered-id.ts';
import { normalizedIban } from '../billing/identifiers.ts';
import { createProviderRepository } from '../billing/provider.repository.ts';
import { readStatement, type ParsedStatement, type StatementEntry, type StatementHeader } from './camt-statement.ts';
import { hostingNumberOfBalanceReference } from './creditor-reference.ts';
import { BALANCE_CURRENCY, dueOf, INVOICE_COLUMNS, Settlement, type EntryToSettle, type InvoiceState } from './settlement.ts';
import type { DecisionReason } from './payments.tables.ts';

/** Entries matched and written together: memory stays flat whatever the file's size. */
const BATCH = 2000;
/**
 * Bytes parsed at a time: the parser runs while the batch before is being written, in the same event
 * loop; a slice of 1 MB (25 ms of parsing) held every database reply that came meanwhile, and the
 * database waited a third of the import for the process.
 */
const READ_CHUNK = 256 * 1024;
/** A statement file above this size is refused before it is read to its end. */
export const STATEMENT_MAX_BYTES = 256 * 1024 * 1024;

const BY_REFERENCE = { paid: 'invoice_paid', partial: 'invoice_partially_paid', surplus: 'invoice_paid_surplus', closed: 'invoice_closed_to_balance' } as const;
const BY_OPERATOR = { paid: 'assigned_invoice', partial: 'assigned_invoice', surplus: 'assigned_invoice', closed: 'assigned_invoice' } as const;
const INVOICE_REFS = INVOICE_COLUMNS.map((column) => sql.ref(`d.${column}`));

export interface StatementImportReport {
  statementId: string | null;
  kind: 'camt.053' | 'camt.054';
  entries: number;
  newEntries: number;
  /** Pending or reversed entries: not stored, a later statement books them. */
  notBooked: number;
  decisions: Partial<Record<DecisionReason, number>>;
}

/**
 * What matching needs to know about a batch of entries, read in a few set queries (each joins the
 * batch's values as an array, so its plan never depends on how many there are). The organisations of
 * balance references and of payers are kept for the whole statement; invoices only for the batch
 * (the next batch reads them again, as the previous one left them).
 */
class Matcher {
  private readonly byReference = new Map<string, InvoiceState>();
  private readonly openByOrganization = new Map<string, InvoiceState[]>();
  private readonly byHostingNumber = new Map<string, string | null>();
  private readonly payers = new Map<string, Set<string>>();
  private readonly askedIbans = new Set<string>();

  constructor(private readonly trx: Transaction<Database>, private readonly settlement: Settlement) {}

  async load(entries: readonly StatementEntry[]): Promise<void> {
    const references = [...new Set(entries.map((e) => e.reference).filter((r): r is string => r !== null))];
    if (references.length > 0) {
      const { rows } = await sql<InvoiceState>`select ${sql.join(INVOICE_REFS)} from billing_documents d join unnest(${arrayLiteral(references)}::text[]) as r(reference) on d.payment_reference = r.reference
        where d.kind = 'invoice' and d.payment_reference is not null order by d.id for update of d`.execute(this.trx);
      for (const row of rows) this.byReference.set(row.payment_reference!, this.known(row));
    }
    const hostingNumbers = [...new Set(references.map(hostingNumberOfBalanceReference))].filter((n): n is string => n !== undefined && !this.byHostingNumber.has(n));
    if (hostingNumbers.length > 0) {
      for (const n of hostingNumbers) this.byHostingNumber.set(n, null);
      const { rows } = await sql<{ id: string; hosting_number: string }>`select o.id, o.hosting_number from organization o join unnest(${hostingNumbers}::text[]) as h(n) on o.hosting_number = h.n`.execute(this.trx);
      for (const row of rows) this.byHostingNumber.set(row.hosting_number, row.id);
    }
    const ibans = [...new Set(entries.map((e) => e.payerIban))].filter((i): i is string => i !== null && !this.askedIbans.has(i));
    if (ibans.length > 0) {
      for (const iban of ibans) this.askedIbans.add(iban);
      const { rows } = await sql<{ payer_iban: string; organization_id: string }>`select distinct d.payer_iban, d.organization_id from billing_payment_decisions d join unnest(${ibans}::text[]) as p(iban) on d.payer_iban = p.iban
        where d.payer_iban is not null and d.organization_id is not null`.execute(this.trx);
      for (const row of rows) this.learn(row.payer_iban, row.organization_id);
    }
  }

  /** Forgets the batch's invoices (written by then). */
  forgetInvoices(): void {
    this.byReference.clear();
    this.openByOrganization.clear();
  }

  private known(row: InvoiceState): InvoiceState {
    return this.settlement.invoices.get(row.id) ?? (this.settlement.invoices.set(row.id, row), row);
  }

  private learn(iban: string, organizationId: string): void {
    const set = this.payers.get(iban) ?? new Set<string>();
    set.add(organizationId);
    this.payers.set(iban, set);
  }

  private async openInvoices(organizationId: string): Promise<InvoiceState[]> {
    let open = this.openByOrganization.get(organizationId);
    if (!open) {
      const rows = await this.trx.selectFrom('billing_documents').select(INVOICE_COLUMNS).where('organization_id', '=', organizationId).where('kind', '=', 'invoice').where('state', '=', 'finalized')
        .where('payment_status', 'in', ['unpaid', 'partially_paid']).orderBy('id').forUpdate().execute();
      open = rows.map((row) => this.known(row));
      this.openByOrganization.set(organizationId, open);
    }
    return open;
  }

  async match(entry: EntryToSettle): Promise<boolean> {
    const s = this.settlement;
    const invoice = entry.reference ? this.byReference.get(entry.reference) : undefined;
    const settled = invoice ? s.applyToInvoice(entry, invoice, BY_REFERENCE) : await this.withoutInvoiceReference(entry);
    const decision = s.decisions[s.decisions.length - 1]!;
    if (settled && entry.payerIban && decision.organization_id) this.learn(entry.payerIban, decision.organization_id);
    return settled;
  }

  private async withoutInvoiceReference(entry: EntryToSettle): Promise<boolean> {
    const s = this.settlement;
    const hostingNumber = entry.reference ? hostingNumberOfBalanceReference(entry.reference) : undefined;
    const balanceOf = hostingNumber ? this.byHostingNumber.get(hostingNumber) : undefined;
    if (balanceOf) return s.applyToBalance(entry, balanceOf, 'balance_top_up', 'top_up');
    if (entry.currency !== BALANCE_CURRENCY) {
      s.decide(entry, 'unmatched_currency');
      return false;
    }
    const organizations = entry.payerIban ? [...(this.payers.get(entry.payerIban) ?? [])] : [];
    if (organizations.length === 0) {
      s.decide(entry, entry.reference ? 'unmatched_reference' : 'unmatched_amount');
      return false;
    }
    const fits: InvoiceState[] = [];
    for (const organizationId of organizations) {
      for (const invoice of await this.openInvoices(organizationId)) if (invoice.currency === entry.currency && dueOf(invoice) === entry.amountCents) fits.push(invoice);
    }
    if (fits.length === 1) return s.applyToInvoice(entry, fits[0]!, { paid: 'invoice_paid_by_payer', partial: 'invoice_paid_by_payer', surplus: 'invoice_paid_by_payer', closed: 'invoice_paid_by_payer' });
    if (organizations.length === 1) return s.applyToBalance(entry, organizations[0]!, 'parked_on_balance', 'parked');
    s.decide(entry, 'unmatched_payer');
    return false;
  }
}

/**
 * One statement's import inside its transaction: each batch of entries read is sorted (pending and
 * reversed ones set aside, those already imported left alone), matched in file order and written;
 * the balances' heads move once, at the end. The statement's row is written with its first new entry.
 */
class StatementImport {
  statementId: string | null = null;
  newEntries = 0;
  notBooked = 0;
  readonly settlement: Settlement;
  private readonly matcher: Matcher;
  /** Rows written per organisation and table, for the audit log's summary entries (`[organisation, table]` → rows). */
  private readonly written = new Map<string, number>();

  constructor(private readonly trx: Transaction<Database>, private readonly userId: string | null) {
    this.settlement = new Settlement(userId);
    this.matcher = new Matcher(trx, this.settlement);
  }

  async add(entries: readonly StatementEntry[], header: StatementHeader): Promise<void> {
    const booked = entries.filter((e) => e.booked);
    this.notBooked += entries.length - booked.length;
    if (booked.length === 0) return;
    const { rows } = await sql<{ bank_key: string }>`select e.bank_key from billing_bank_entries e join unnest(${arrayLiteral(booked.map((e) => e.key))}::text[]) as k(bank_key) on e.bank_key = k.bank_key`.execute(this.trx);
    const known = new Set(rows.map((row) => row.bank_key));
    const fresh = known.size === 0 ? booked : booked.filter((e) => !known.has(e.key));
    if (fresh.length === 0) return;
    const statementId = this.statementId ?? (await this.insertStatement(header));
    this.newEntries += fresh.length;
    const settlement = this.settlement;
    await this.matcher.load(fresh.filter((e) => e.direction === 'credit'));
    for (const e of fresh) {
      const entry: EntryToSettle = { id: orderedId(), amountCents: e.amountCents, currency: e.currency, bookingDate: e.bookingDate, payerIban: e.payerIban, reference: e.reference };
      let state: 'settled' | 'unmatched' | 'debit' = 'debit';
      if (e.direction === 'debit') settlement.decide(entry, 'debit_ignored');
      else state = (await this.matcher.match(entry)) ? 'settled' : 'unmatched';
      settlement.entries.push({ id: entry.id, statement_id: statementId, bank_key: e.key, direction: e.direction, amount_cents: e.amountCents, currency: e.currency, booking_date: e.bookingDate, payer_name: e.payerName, payer_iban: e.payerIban, reference: e.reference, remittance: e.remittance, state });
    }
    for (const payment of settlement.payments) this.count(payment.organization_id, 'billing_payments');
    for (const invoice of settlement.invoices.values()) if (invoice.changed) this.count(invoice.organization_id, 'billing_documents');
    for (const decision of settlement.decisions) if (decision.organization_id) this.count(decision.organization_id, 'billing_payment_decisions');
    for (const row of settlement.ledger) this.count(row.organization_id, 'billing_ledger_entries');
    await settlement.writeRows(this.trx);
    this.matcher.forgetInvoices();
  }

  private count(organizationId: string, table: string): void {
    const key = `${organizationId}\u0000${table}`;
    this.written.set(key, (this.written.get(key) ?? 0) + 1);
  }

  /** The balances' heads, and the statement's row completed (its counts and hash are known at the end). */
  async finish(statement: ParsedStatement): Promise<void> {
    if (this.statementId === null) return;
    await this.settlement.writeHeads(this.trx);
    await this.writeAuditSummaries(this.statementId);
    await this.trx.updateTable('billing_bank_statements')
      .set({ message_id: statement.messageId, statement_ref: statement.statementRef, file_sha256: statement.sha256, entry_count: statement.entryCount, new_entry_count: this.newEntries })
      .where('id', '=', this.statementId)
      .execute();
  }

  /**
   * The payments, decisions and ledger rows written and the invoices changed: one audit entry per
   * organisation and table naming the statement (its decisions say what happened to each entry); the
   * triggers of these tables are silent in this transaction (migration 20261209020000).
   */
  private async writeAuditSummaries(statementId: string): Promise<void> {
    if (this.written.size === 0) return;
    const keys = [...this.written.keys()].sort();
    const split = keys.map((key) => key.split('\u0000') as [string, string]);
    await sql`select preau_audit_write(s.organization_id, null, 'summary', s.kind, ${statementId}, jsonb_build_object('operation', s.operation, 'rows', s.n))
      from unnest(${split.map(([o]) => o)}::text[], ${split.map(([, table]) => table)}::text[], ${split.map(([, table]) => (table === 'billing_documents' ? 'update' : 'insert'))}::text[], ${keys.map((key) => this.written.get(key)!)}::bigint[])
        as s(organization_id, kind, operation, n)`.execute(this.trx);
  }

  private async insertStatement(header: StatementHeader): Promise<string> {
    const id = orderedId();
    // The audit triggers of payments, invoices, decisions and ledger rows fall silent until the transaction ends: `finish` writes their summaries.
    // Generic plans from a statement's second run: a custom plan, knowing its 2,000 keys, hashes a scan of the
    // whole invoices table where the generic one probes the index for each (5 to 10 times faster).
    await sql`select set_config('preau.audit_summarised', 'on', true), set_config('plan_cache_mode', 'force_generic_plan', true)`.execute(this.trx);
    await this.trx.insertInto('billing_bank_statements')
      .values({ id, kind: header.kind, message_id: header.messageId, statement_ref: header.statementRef, account_iban: header.accountIban, file_sha256: '', entry_count: 0, new_entry_count: 0, imported_by_user_id: this.userId })
      .execute();
    this.statementId = id;
    return id;
  }
}

/**
 * Receives the upload into a file of its own (refused past `maxBytes`) and runs `work` on it: the
 * import's transaction, and the locks it takes, never wait for a slow upload.
 */
async function withReceivedFile<T>(upload: AsyncIterable<Uint8Array>, maxBytes: number, work: (file: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), 'preau-statement-'));
  try {
    const file = path.join(folder, 'statement.xml');
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        callback(size > maxBytes ? new AppError('payload_too_large', 'statement.too_large', { max: maxBytes }) : null, chunk);
      },
    });
    await pipeline(upload, limit, createWriteStream(file));
    return await work(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** `batchSize`: entries matched and written together (tests make it small). */
export function createStatementsService({ db, batchSize = BATCH }: { db: Kysely<Database>; batchSize?: number }) {
  async function providerIban(): Promise<string> {
    const provider = await createProviderRepository(db).find();
    if (!provider) throw new AppError('conflict', 'billing.provider_missing');
    return normalizedIban(provider.settings.iban) ?? provider.settings.iban;
  }

  return {
    /**
     * Imports a camt.053 / camt.054 file in one transaction, reading it batch after batch: entries
     * already imported are left as they are, the others matched; a problem anywhere in the file
     * rolls everything back.
     */
    async import(upload: AsyncIterable<Uint8Array>, userId: string | null): Promise<StatementImportReport> {
      const accountIban = await providerIban();
      return withReceivedFile(upload, STATEMENT_MAX_BYTES, (file) =>
        db.transaction().execute(async (trx) => {
          const run = new StatementImport(trx, userId);
          const statement = await readStatement(createReadStream(file, { highWaterMark: READ_CHUNK }), { accountIban, maxBytes: STATEMENT_MAX_BYTES, batchSize }, (entries, header) => run.add(entries, header));
          await run.finish(statement);
          const entries = statement.entryCount;
          if (run.statementId === null) return { statementId: null, kind: statement.kind, entries, newEntries: 0, notBooked: run.notBooked, decisions: {} };
          return { statementId: run.statementId, kind: statement.kind, entries, newEntries: run.newEntries, notBooked: run.notBooked, decisions: run.settlement.counts };
        }),
      );
    },

    /** The operator places an unmatched entry: on an invoice (paid as a matched payment would) or on an organisation's balance. */
    async assign(entryId: string, target: { documentId?: string; organizationId?: string }, userId: string): Promise<void> {
      if ((target.documentId === undefined) === (target.organizationId === undefined)) throw new AppError('bad_request', 'bank_entry.target');
      await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('billing_bank_entries').selectAll().where('id', '=', entryId).forUpdate().executeTakeFirst();
        if (!row) throw new AppError('not_found', 'bank_entry.not_found');
        if (row.state !== 'unmatched') throw new AppError('conflict', 'bank_entry.not_unmatched');
        const entry: EntryToSettle = { id: row.id, amountCents: row.amount_cents, currency: row.currency, bookingDate: row.booking_date, payerIban: row.payer_iban, reference: row.reference };
        const settlement = new Settlement(userId);
        let settled: boolean;
        if (target.documentId !== undefined) {
          const invoice = await trx.selectFrom('billing_documents').select(INVOICE_COLUMNS).where('id', '=', target.documentId).where('kind', '=', 'invoice').where('state', '<>', 'draft').forUpdate().executeTakeFirst();
          if (!invoice) throw new AppError('not_found', 'billing_document.not_found');
          settled = settlement.applyToInvoice(entry, invoice, BY_OPERATOR);
        } else {
          const organization = await trx.selectFrom('organization').select('id').where('id', '=', target.organizationId!).executeTakeFirst();
          if (!organization) throw new AppError('not_found', 'not_found');
          settled = settlement.applyToBalance(entry, organization.id, 'assigned_balance', 'top_up');
        }
        if (!settled) throw new AppError('conflict', 'bank_entry.currency', { currency: row.currency });
        await settlement.flush(trx);
        await trx.updateTable('billing_bank_entries').set({ state: 'settled' }).where('id', '=', entryId).execute();
      });
    },
  };
}
export type StatementsService = ReturnType<typeof createStatementsService>;
