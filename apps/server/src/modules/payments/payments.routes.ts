import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import {
  AssignBankEntrySchema,
  BalancePayoutSchema,
  BankEntriesQuerySchema,
  BankEntryListSchema,
  BankEntrySchema,
  BankStatementListSchema,
  CreditRefundCandidateListSchema,
  CreditRefundSchema,
  IdParamSchema,
  PayFromBalanceSchema,
  PrepaidBalanceSchema,
  StatementImportReportSchema,
  type BankEntry,
  type Locale,
} from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { answerLocale } from '../../http/answer-locale.ts';
import { requireUser } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { parisDate } from '../billing/billing-calendar.ts';
import type { BalanceService } from './balance.service.ts';
import type { StatementsService } from './statements.service.ts';

export interface PaymentsRoutesDeps {
  db: Kysely<Database>;
  now: Clock;
  balanceService: BalanceService;
  statementsService: StatementsService;
}

const XML_TYPES = ['application/xml', 'text/xml', 'application/octet-stream'];
const OrgParams = Type.Object({ orgId: IdParamSchema });
const EntryParams = Type.Object({ entryId: IdParamSchema });
const ENTRY_LIMIT = 500;
const TAGS = ['billing', 'payments'];

/**
 * Payments: the operator imports bank statements, places what matching could not and pays balances
 * back; the customer sees their balance and what became of their transfers, and pays invoices from it.
 */
export function registerPaymentsRoutes(app: FastifyInstance, deps: PaymentsRoutesDeps): void {
  void app.register(async (scope) => {
    // The statement arrives as the raw XML body, read as a stream by the importer (its own size limit);
    // a scope of its own, so the other routes keep their JSON bodies.
    scope.addContentTypeParser(XML_TYPES, (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/api/operator/billing/statements', {
      config: { action: 'billing.operator.manage' },
      schema: {
        tags: TAGS,
        summary: 'Import a bank statement (camt.053, or camt.054) sent as the raw XML body: new entries are matched; a file seen before changes nothing; a bad file stores nothing',
        response: { 200: StatementImportReportSchema },
      },
      handler: async (request) => {
        const body = request.body as Readable | undefined;
        if (!body || typeof (body as Partial<Readable>)[Symbol.asyncIterator] !== 'function') throw new AppError('unsupported_media_type', 'unsupported_media_type');
        return deps.statementsService.import(body, requireUser(request).id);
      },
    });
  });
  registerRoutes(app, deps);
}

function registerRoutes(app: FastifyInstance, { db, now, balanceService, statementsService }: PaymentsRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const operator = '/api/operator/billing';
  const customer = '/api/organizations/:orgId/billing';
  const tags = TAGS;

  async function customerExists(orgId: string): Promise<string> {
    const row = await db.selectFrom('organization').select('id').where('id', '=', orgId).executeTakeFirst();
    if (!row) throw new AppError('not_found', 'not_found');
    return orgId;
  }

  async function entries(filter: { state?: BankEntry['state']; statementId?: string; id?: string }, locale: Locale): Promise<BankEntry[]> {
    let query = db.selectFrom('billing_bank_entries').selectAll().orderBy('booking_date', 'desc').orderBy('id', 'desc').limit(ENTRY_LIMIT);
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.statementId) query = query.where('statement_id', '=', filter.statementId);
    if (filter.id) query = query.where('id', '=', filter.id);
    const rows = await query.execute();
    const decisions = await balanceService.decisions(db, { entryIds: rows.map((row) => row.id) }, locale);
    return rows.map((row) => ({
      id: row.id,
      bookingDate: row.booking_date,
      direction: row.direction,
      amountCents: row.amount_cents,
      currency: row.currency,
      payerName: row.payer_name,
      payerIban: row.payer_iban,
      reference: row.reference,
      remittance: row.remittance,
      state: row.state,
      decisions: decisions.filter((d) => d.entryId === row.id),
    }));
  }

  r.get(`${operator}/statements`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: 'Imported bank statements, latest first', response: { 200: BankStatementListSchema } },
    handler: async () => {
      const rows = await db.selectFrom('billing_bank_statements').selectAll().orderBy('imported_at', 'desc').orderBy('id', 'desc').limit(200).execute();
      return { items: rows.map((row) => ({ id: row.id, kind: row.kind, messageId: row.message_id, statementRef: row.statement_ref, entryCount: row.entry_count, newEntryCount: row.new_entry_count, importedAt: row.imported_at.toISOString() })) };
    },
  });
  r.get(`${operator}/bank-entries`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: 'Bank entries with their decisions (the unmatched queue with `state=unmatched`), latest first', querystring: BankEntriesQuerySchema, response: { 200: BankEntryListSchema } },
    handler: async (request) => ({ items: await entries(request.query, answerLocale(request)) }),
  });
  r.post(`${operator}/bank-entries/:entryId/assign`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: 'Place an unmatched entry on an invoice (paid like a matched transfer) or on an organisation’s balance', params: EntryParams, body: AssignBankEntrySchema, response: { 200: BankEntrySchema } },
    handler: async (request) => {
      await statementsService.assign(request.params.entryId, request.body, requireUser(request).id);
      return (await entries({ id: request.params.entryId }, answerLocale(request)))[0]!;
    },
  });
  r.get(`${operator}/customers/:orgId/balance`, {
    config: { action: 'billing.operator.read' },
    schema: { tags, summary: "A customer's prepaid balance, its movements and what became of its transfers", params: OrgParams, response: { 200: PrepaidBalanceSchema } },
    handler: async (request) => balanceService.view(await customerExists(request.params.orgId), answerLocale(request)),
  });
  r.post(`${operator}/customers/:orgId/balance/payouts`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: "Record money of a customer's balance paid back to their bank", params: OrgParams, body: BalancePayoutSchema, response: { 200: PrepaidBalanceSchema } },
    handler: async (request) => {
      const orgId = await customerExists(request.params.orgId);
      await balanceService.payout(orgId, request.body.amountCents, request.body.note ?? null, requireUser(request).id);
      return balanceService.view(orgId, answerLocale(request));
    },
  });

  r.get(`${operator}/customers/:orgId/balance/credit-refunds`, {
    config: { action: 'billing.operator.read' },
    schema: {
      tags, summary: "A customer's issued credit notes, latest first: what their invoice was paid, what a refund to the balance would put there now (the cap), or what it did",
      params: OrgParams, response: { 200: CreditRefundCandidateListSchema },
    },
    handler: async (request) => ({ items: await balanceService.creditRefundCandidates(await customerExists(request.params.orgId)) }),
  });
  r.post(`${operator}/customers/:orgId/balance/credit-refunds`, {
    config: { action: 'billing.operator.manage' },
    schema: { tags, summary: "Refund an issued credit note to a customer's prepaid balance (once; what its invoice was paid beyond what it still asks)", params: OrgParams, body: CreditRefundSchema, response: { 200: PrepaidBalanceSchema } },
    handler: async (request) => {
      const orgId = await customerExists(request.params.orgId);
      await balanceService.refundCreditNote(orgId, request.body.creditNoteId, requireUser(request).id);
      return balanceService.view(orgId, answerLocale(request));
    },
  });

  r.get(`${customer}/balance`, {
    config: { action: 'billing.read' },
    schema: { tags, summary: 'The prepaid balance: its sum, the reference to top it up, its movements and what became of each transfer', params: OrgParams, response: { 200: PrepaidBalanceSchema } },
    handler: (request) => balanceService.view(request.params.orgId, answerLocale(request)),
  });
  r.post(`${customer}/balance/payments`, {
    config: { action: 'billing.manage' },
    schema: { tags, summary: 'Pay invoices in full from the prepaid balance (all or none)', params: OrgParams, body: PayFromBalanceSchema, response: { 200: PrepaidBalanceSchema } },
    handler: async (request) => {
      await balanceService.payInvoices(request.params.orgId, request.body.documentIds, requireUser(request).id, parisDate(now()));
      return balanceService.view(request.params.orgId, answerLocale(request));
    },
  });
}
