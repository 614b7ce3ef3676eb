/**
 * Bank statements: the import (read, keep only entries never seen, match, write in one transaction)
 * and the operator's hand assignment of what matching could not place. Matching rules, in order:
 * the reference of an invoice; the reference of an organisation's balance; the payer's IBAN seen
 * before with exactly one open invoice of that amount, else that organisation's balance; otherwise
 * the unmatched queue, with the reason.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { normalizedIban } from '../billing/identifiers.ts';
import { createProviderRepository } from '../billing/provider.repository.ts';
import { readStatement, type StatementEntry } from './camt-statement.ts';
import { hostingNumberOfBalanceReference } from './creditor-reference.ts';
import { BALANCE_CURRENCY, dueOf, INVOICE_COLUMNS, Settlement, type EntryToSettle, type InvoiceState } from './settlement.ts';
import type { DecisionReason } from './payments.tables.ts';

const CHUNK = 1000;
/** A statement file above this size is refused before it is read to its end. */
export const STATEMENT_MAX_BYTES = 256 * 1024 * 1024;

const BY_REFERENCE = { paid: 'invoice_paid', partial: 'invoice_partially_paid', surplus: 'invoice_paid_surplus', closed: 'invoice_closed_to_balance' } as const;
const BY_OPERATOR = { paid: 'assigned_invoice', partial: 'assigned_invoice', surplus: 'assigned_invoice', closed: 'assigned_invoice' } as const;

export interface StatementImportReport {
  statementId: string | null;
  kind: 'camt.053' | 'camt.054';
  entries: number;
  newEntries: number;
  /** Pending or reversed entries: not stored, a later statement books them. */
  notBooked: number;
  decisions: Partial<Record<DecisionReason, number>>;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Everything matching needs to know, read once for the whole statement. */
class Matcher {
  private readonly byReference = new Map<string, InvoiceState>();
  private readonly byHostingNumber = new Map<string, string>();
  private readonly payers = new Map<string, Set<string>>();
  private readonly openByOrganization = new Map<string, InvoiceState[]>();

  constructor(private readonly trx: Transaction<Database>, private readonly settlement: Settlement) {}

  async load(entries: readonly StatementEntry[]): Promise<void> {
    const references = [...new Set(entries.map((e) => e.reference).filter((r): r is string => r !== null))];
    for (const part of chunks(references)) {
      const rows = await this.trx.selectFrom('billing_documents').select(INVOICE_COLUMNS).where('kind', '=', 'invoice').where('payment_reference', 'in', part).orderBy('id').forUpdate().execute();
      for (const row of rows) this.byReference.set(row.payment_reference!, this.known(row));
    }
    const hostingNumbers = references.map(hostingNumberOfBalanceReference).filter((n): n is string => n !== undefined);
    for (const part of chunks(hostingNumbers)) {
      for (const row of await this.trx.selectFrom('organization').select(['id', 'hosting_number']).where('hosting_number', 'in', part).execute()) this.byHostingNumber.set(row.hosting_number, row.id);
    }
    const ibans = [...new Set(entries.map((e) => e.payerIban).filter((i): i is string => i !== null))];
    for (const part of chunks(ibans)) {
      const rows = await this.trx.selectFrom('billing_payment_decisions').select(['payer_iban', 'organization_id']).distinct().where('payer_iban', 'in', part).where('organization_id', 'is not', null).execute();
      for (const row of rows) this.learn(row.payer_iban!, row.organization_id!);
    }
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

export function createStatementsService({ db }: { db: Kysely<Database> }) {
  async function providerIban(): Promise<string> {
    const provider = await createProviderRepository(db).find();
    if (!provider) throw new AppError('conflict', 'billing.provider_missing');
    return normalizedIban(provider.settings.iban) ?? provider.settings.iban;
  }

  return {
    /** Imports a camt.053 / camt.054 file: entries already imported are left as they are, the others matched. */
    async import(file: AsyncIterable<Uint8Array>, userId: string | null): Promise<StatementImportReport> {
      const statement = await readStatement(file, { accountIban: await providerIban(), maxBytes: STATEMENT_MAX_BYTES });
      const booked = statement.entries.filter((e) => e.booked);
      const report: StatementImportReport = { statementId: null, kind: statement.kind, entries: statement.entries.length, newEntries: 0, notBooked: statement.entries.length - booked.length, decisions: {} };
      return db.transaction().execute(async (trx) => {
        const known = new Set<string>();
        for (const part of chunks(booked.map((e) => e.key))) {
          for (const row of await trx.selectFrom('billing_bank_entries').select('bank_key').where('bank_key', 'in', part).execute()) known.add(row.bank_key);
        }
        const fresh = booked.filter((e) => !known.has(e.key));
        if (fresh.length === 0) return report;
        const statementId = randomUUID();
        await trx.insertInto('billing_bank_statements').values({ id: statementId, kind: statement.kind, message_id: statement.messageId, statement_ref: statement.statementRef, account_iban: statement.accountIban, file_sha256: statement.sha256, entry_count: statement.entries.length, new_entry_count: fresh.length, imported_by_user_id: userId }).execute();
        const settlement = new Settlement(userId);
        const matcher = new Matcher(trx, settlement);
        await matcher.load(fresh.filter((e) => e.direction === 'credit'));
        for (const e of fresh) {
          const entry: EntryToSettle = { id: randomUUID(), amountCents: e.amountCents, currency: e.currency, bookingDate: e.bookingDate, payerIban: e.payerIban, reference: e.reference };
          let state: 'settled' | 'unmatched' | 'debit' = 'debit';
          if (e.direction === 'debit') settlement.decide(entry, 'debit_ignored');
          else state = (await matcher.match(entry)) ? 'settled' : 'unmatched';
          settlement.entries.push({ id: entry.id, statement_id: statementId, bank_key: e.key, direction: e.direction, amount_cents: e.amountCents, currency: e.currency, booking_date: e.bookingDate, payer_name: e.payerName, payer_iban: e.payerIban, reference: e.reference, remittance: e.remittance, state });
        }
        await settlement.flush(trx);
        return { ...report, statementId, newEntries: fresh.length, decisions: settlement.counts };
      });
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
