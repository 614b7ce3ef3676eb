import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, type BillingDocument, type CreditRefundCandidate, type PrepaidBalance, type StatementImportReport } from '@preau/contracts';
import { createTestApp, type Agent, type TestApp } from '../../../test/support/index.ts';
import { insertIssuedInvoice } from '../../../test/support/billing-rows.ts';
import { expectJson, issueInvoice, setUpCustomer, setUpProvider, type BillingFixture } from '../billing/billing.test-helpers.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { createBillingRuntime } from '../billing/billing-runtime.ts';
import { createStorage } from '../storage/create-storage.ts';
import { createBalanceService } from './balance.service.ts';
import { createStatementsService } from './statements.service.ts';
import { camt053, entryXml, PROVIDER_IBAN, type Transfer } from './camt.test-helpers.ts';
import { creditorReference } from './creditor-reference.ts';

const HOSTING = [{ label: 'Hébergement', quantity: 1, unitPriceCents: 120_000, vatRateBp: 2000 }]; // 1,440.00 € gross

describe('payments from bank statements and the prepaid balance', () => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof setUpProvider>>;
  let f: BillingFixture;
  let orgId: string;
  let owner: Agent;

  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2026-12-04T10:00:00Z') });
    provider = await setUpProvider(t);
    f = await setUpCustomer(t, provider);
    orgId = f.org.organization.id;
    owner = f.org.people.owner.agent;
  });
  afterAll(() => t?.close());

  const importXml = (xml: string) => provider.operator.request({ method: 'POST', url: '/api/operator/billing/statements', body: xml, headers: { 'content-type': 'application/xml' } });
  const imported = async (transfers: Transfer[]) => expectJson<StatementImportReport>(importXml(camt053(transfers)), 200);
  const invoice = (id: string) => expectJson<BillingDocument>(provider.operator.get(`/api/operator/billing/documents/${id}`), 200);
  const balance = () => expectJson<PrepaidBalance>(owner.get(`/api/organizations/${orgId}/billing/balance`), 200);
  const counts = async () => ({
    statements: (await t.db.selectFrom('billing_bank_statements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    entries: (await t.db.selectFrom('billing_bank_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    decisions: (await t.db.selectFrom('billing_payment_decisions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    payments: (await t.db.selectFrom('billing_payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    ledger: (await t.db.selectFrom('billing_balance_ledger').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  });
  const ledgerSum = async (organizationId: string) => Number((await t.db.selectFrom('billing_balance_ledger').select((eb) => eb.fn.sum<number>('amount_cents').as('s')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow()).s ?? 0);

  it('prints an ISO 11649 reference on finalised invoices, derived from their number', async () => {
    const issued = await issueInvoice(provider.operator, orgId, HOSTING);
    expect(issued.paymentReference).toBe(creditorReference(issued.number!.replace(/[^A-Za-z0-9]/g, '')));
    expect(issued.paymentReference).toMatch(/^RF[0-9]{2}/);
  });

  it('pays an invoice by its reference, once however often the statement is imported', async () => {
    const issued = await issueInvoice(provider.operator, orgId, HOSTING);
    const xml = camt053([{ amount: '1440.00', reference: issued.paymentReference!, payerIban: 'FR14 2004 1010 0505 0001 3M02 606', payerName: 'Agent comptable' }]);
    const first = await expectJson<StatementImportReport>(importXml(xml), 200);
    expect(first).toMatchObject({ kind: 'camt.053', entries: 1, newEntries: 1, decisions: { invoice_paid: 1 } });
    expect(await invoice(issued.id)).toMatchObject({ paymentStatus: 'paid', paidCents: 144_000 });
    const before = await counts();
    const again = await expectJson<StatementImportReport>(importXml(xml), 200);
    expect(again).toMatchObject({ statementId: null, entries: 1, newEntries: 0, decisions: {} });
    expect(await counts()).toEqual(before);
    const seen = await balance();
    expect(seen.decisions[0]).toMatchObject({ reason: 'invoice_paid', documentNumber: issued.number, amountCents: 144_000 });
    expect(seen.decisions[0]!.text).toContain(issued.number!);
    // The audit log: the import's payments, decisions and invoice changes as one summary per organisation and table, naming the statement, not one entry per row or batch.
    const logged = await t.db.selectFrom('audit_log').select(['operation', 'object_kind', 'object_id', 'changes', 'action']).where('organization_id', '=', orgId)
      .where((eb) => eb.or([eb('object_id', '=', first.statementId), eb('object_id', '=', issued.id), eb('object_kind', 'in', ['billing_payment', 'billing_payment_decisions'])])).orderBy('id').execute();
    expect(logged.filter((e) => e.operation === 'summary').map((e) => [e.object_kind, e.object_id, e.changes, e.action])).toEqual([
      ['billing_documents', first.statementId, { operation: 'update', rows: 1 }, 'billing.operator.manage'],
      ['billing_payment_decisions', first.statementId, { operation: 'insert', rows: 1 }, 'billing.operator.manage'],
      ['billing_payments', first.statementId, { operation: 'insert', rows: 1 }, 'billing.operator.manage'],
    ]);
    const changes = (e: (typeof logged)[number]) => JSON.stringify(e.changes);
    expect(logged.filter((e) => e.object_kind === 'billing_payment' || (e.object_kind === 'billing_document' && e.operation === 'update' && changes(e).includes('paid_cents')))).toEqual([]);
  });

  it('pays part of an invoice when less arrives, and puts a surplus on the balance', async () => {
    const partial = await issueInvoice(provider.operator, orgId, HOSTING);
    const over = await issueInvoice(provider.operator, orgId, HOSTING);
    const report = await imported([
      { amount: '1000.00', reference: partial.paymentReference! },
      // Typed by hand in the free text, with spaces and lower case.
      { amount: '1500', text: `Facture ${over.paymentReference!.toLowerCase().replace(/(.{4})/g, '$1 ')} merci` },
    ]);
    expect(report.decisions).toEqual({ invoice_partially_paid: 1, invoice_paid_surplus: 1 });
    expect(await invoice(partial.id)).toMatchObject({ paymentStatus: 'partially_paid', paidCents: 100_000, amountDueCents: 44_000 });
    expect(await invoice(over.id)).toMatchObject({ paymentStatus: 'paid', paidCents: 144_000 });
    const seen = await balance();
    expect(seen.balanceCents).toBe(6_000);
    expect(seen.ledger[0]).toMatchObject({ amountCents: 6_000, reason: 'surplus', documentNumber: over.number });
    expect(await ledgerSum(orgId)).toBe(seen.balanceCents);
  });

  it("tops up the balance by the organisation's balance reference", async () => {
    const { reference, balanceCents } = await balance();
    const report = await imported([{ amount: '250.00', reference: reference.toLowerCase() }]);
    expect(report.decisions).toEqual({ balance_top_up: 1 });
    expect((await balance()).balanceCents).toBe(balanceCents + 25_000);
  });

  it('matches an old reference by the known payer and the amount, parks what fits nothing of a known payer, and queues the rest', async () => {
    const payer = 'DE89370400440532013000';
    const first = await issueInvoice(provider.operator, orgId, HOSTING);
    await imported([{ amount: '1440.00', reference: first.paymentReference!, payerIban: payer }]);
    const open = await issueInvoice(provider.operator, orgId, [{ label: 'Hébergement école', quantity: 1, unitPriceCents: 100_000, vatRateBp: 2000 }]);
    const before = (await balance()).balanceCents;
    const report = await imported([
      // A standing order set up last year: last year's reference.
      { amount: '1200.00', reference: creditorReference('F2025000001'), payerIban: payer },
      { amount: '77.00', payerIban: payer },
      { amount: '12.34', payerIban: 'BE68539007547034' },
      { amount: '99.00', currency: 'USD', reference: creditorReference('X1') },
      { amount: '5.00', reference: creditorReference('NOPE42'), payerIban: 'BE68539007547034' },
      { amount: '30.00', direction: 'DBIT' },
    ]);
    expect(report.decisions).toEqual({ invoice_paid_by_payer: 1, parked_on_balance: 1, unmatched_amount: 1, unmatched_currency: 1, unmatched_reference: 1, debit_ignored: 1 });
    expect(await invoice(open.id)).toMatchObject({ paymentStatus: 'paid' });
    expect((await balance()).balanceCents).toBe(before + 7_700);
    const queue = await expectJson<{ items: { amountCents: number; state: string; decisions: { reason: string; text: string }[] }[] }>(provider.operator.get('/api/operator/billing/bank-entries?state=unmatched'), 200);
    expect(queue.items.map((e) => e.amountCents).sort((a, b) => a - b)).toEqual([500, 1234, 9900]);
    expect(queue.items.every((e) => e.decisions[0]!.text.length > 0)).toBe(true);
  });

  it('lets the operator assign an unmatched entry to an invoice or a balance, once', async () => {
    const target = await issueInvoice(provider.operator, orgId, HOSTING);
    const report = await imported([{ amount: '1440.00', text: 'paiement hébergement' }, { amount: '40.00' }]);
    expect(report.decisions).toEqual({ unmatched_amount: 2 });
    const queue = await expectJson<{ items: { id: string; amountCents: number }[] }>(provider.operator.get('/api/operator/billing/bank-entries?state=unmatched'), 200);
    const big = queue.items.find((e) => e.amountCents === 144_000)!;
    const small = queue.items.find((e) => e.amountCents === 4_000)!;
    const assigned = await expectJson<{ state: string; decisions: { reason: string }[] }>(provider.operator.post(`/api/operator/billing/bank-entries/${big.id}/assign`, { documentId: target.id }), 200);
    expect(assigned).toMatchObject({ state: 'settled', decisions: expect.arrayContaining([expect.objectContaining({ reason: 'assigned_invoice' })]) });
    expect(await invoice(target.id)).toMatchObject({ paymentStatus: 'paid' });
    const before = (await balance()).balanceCents;
    await expectJson(provider.operator.post(`/api/operator/billing/bank-entries/${small.id}/assign`, { organizationId: orgId }), 200);
    expect((await balance()).balanceCents).toBe(before + 4_000);
    const twice = await provider.operator.post(`/api/operator/billing/bank-entries/${small.id}/assign`, { organizationId: orgId });
    expect([twice.statusCode, twice.json<{ error: { code: string } }>().error.code]).toEqual([409, 'bank_entry.not_unmatched']);
    const customerSees = await balance();
    expect(customerSees.decisions.map((d) => d.reason)).toContain('assigned_balance');
  });

  it('refuses a bad file with a located message and stores nothing', async () => {
    const before = await counts();
    const good: Transfer = { amount: '10.00' };
    const cases: [string, string, number][] = [
      [camt053([good]).replace('</Stmt>', ''), 'statement.malformed', 422],
      [camt053([good], { namespace: 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09' }), 'statement.foreign', 422],
      [camt053([good], { iban: 'DE89370400440532013000' }), 'statement.unknown_account', 422],
      [camt053([good, { amount: '-5.00' }]), 'statement.negative_amount', 422],
      [camt053([good, { amount: '1,5' }]), 'statement.bad_amount', 422],
      [camt053([good, { amount: '5.00', servicerRef: 'SAME' }, { amount: '6.00', servicerRef: 'SAME' }]), 'statement.duplicate_entry', 422],
      [`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${camt053([good]).replace(/^<\?xml[^>]*>/, '')}`, 'statement.malformed', 422],
      ['<html><body>not a statement</body></html>', 'statement.foreign', 422],
    ];
    for (const [xml, code, status] of cases) {
      const response = await importXml(xml);
      expect([response.statusCode, response.json<{ error: { code: string } }>().error.code], code).toEqual([status, code]);
    }
    const located = await importXml(camt053([good, { amount: '-5.00' }]));
    expect(located.json<{ error: { message: string } }>().error.message).toMatch(/line \d+|ligne \d+/);
    expect(await counts()).toEqual(before);
  });

  it('reads camt.054 notifications and leaves pending entries for a later statement', async () => {
    const issued = await issueInvoice(provider.operator, orgId, HOSTING);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>N-${issued.id}</MsgId><CreDtTm>2026-12-03T18:00:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>N1</Id><Acct><Id><IBAN>${PROVIDER_IBAN}</IBAN></Id></Acct>
    ${entryXml({ amount: '1440.00', reference: issued.paymentReference! })}
    ${entryXml({ amount: '3.00', status: 'PDNG' })}
  </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
    const report = await expectJson<StatementImportReport>(importXml(xml), 200);
    expect(report).toMatchObject({ kind: 'camt.054', entries: 2, newEntries: 1, notBooked: 1, decisions: { invoice_paid: 1 } });
  });

  it('matches a statement read in batches as in one pass (each batch sees what the previous wrote), and keeps nothing of it after a late problem', async () => {
    const service = createStatementsService({ db: t.db, batchSize: 2 });
    const payer = 'NL91ABNA0417164300';
    const twice = await issueInvoice(provider.operator, orgId, HOSTING);
    const byPayer = await issueInvoice(provider.operator, orgId, [{ label: 'Stockage', quantity: 1, unitPriceCents: 5_000, vatRateBp: 2000 }]); // 60.00 €
    const transfers = (): Transfer[] => [
      { amount: '1000.00', reference: twice.paymentReference!, payerIban: payer }, // the payer is known from here on
      { amount: '5.00' },
      { amount: '440.00', reference: twice.paymentReference! }, // next batch: the rest of the same invoice
      { amount: '60.00', payerIban: payer }, // the payer's only open invoice of that amount
      { amount: '1.00', direction: 'DBIT' },
    ];
    const before = await counts();
    await expect(service.import(Readable.from([camt053([...transfers(), { amount: '2.00' }, { amount: '-1.00' }])]), null)).rejects.toMatchObject({ code: 'statement.negative_amount' });
    expect(await counts()).toEqual(before);
    expect(await invoice(twice.id)).toMatchObject({ paymentStatus: 'unpaid' });
    const report = await service.import(Readable.from([camt053(transfers())]), null);
    expect(report).toMatchObject({ entries: 5, newEntries: 5, decisions: { invoice_partially_paid: 1, unmatched_amount: 1, invoice_paid: 1, invoice_paid_by_payer: 1, debit_ignored: 1 } });
    expect(await invoice(twice.id)).toMatchObject({ paymentStatus: 'paid', paidCents: 144_000 });
    expect(await invoice(byPayer.id)).toMatchObject({ paymentStatus: 'paid', paidCents: 6_000 });
    const statement = await t.db.selectFrom('billing_bank_statements').selectAll().where('id', '=', report.statementId!).executeTakeFirstOrThrow();
    expect(statement).toMatchObject({ entry_count: 5, new_entry_count: 5 });
    expect(statement.file_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('pays invoices from the balance, all or nothing, and refuses void, paid and uncovered ones', async () => {
    const one = await issueInvoice(provider.operator, orgId, [{ label: 'Stockage', quantity: 1, unitPriceCents: 1_000, vatRateBp: 2000 }]);
    const two = await issueInvoice(provider.operator, orgId, [{ label: 'Stockage', quantity: 1, unitPriceCents: 2_000, vatRateBp: 2000 }]);
    await imported([{ amount: '30.00', reference: (await balance()).reference }]);
    const start = (await balance()).balanceCents;
    const paid = await expectJson<PrepaidBalance>(owner.post(`/api/organizations/${orgId}/billing/balance/payments`, { documentIds: [one.id, two.id] }), 200);
    expect(paid.balanceCents).toBe(start - 3_600);
    expect(paid.ledger.slice(0, 2).map((l) => l.reason)).toEqual(['invoice_payment', 'invoice_payment']);
    expect(await invoice(one.id)).toMatchObject({ paymentStatus: 'paid' });
    expect(await invoice(two.id)).toMatchObject({ paymentStatus: 'paid' });
    const again = await owner.post(`/api/organizations/${orgId}/billing/balance/payments`, { documentIds: [one.id] });
    expect([again.statusCode, again.json<{ error: { code: string } }>().error.code]).toEqual([409, 'payment.nothing_due']);

    const costly = await issueInvoice(provider.operator, orgId, [{ label: 'Gros', quantity: 1, unitPriceCents: 10_000_000, vatRateBp: 2000 }]);
    const cheap = await issueInvoice(provider.operator, orgId, [{ label: 'Petit', quantity: 1, unitPriceCents: 100, vatRateBp: 2000 }]);
    const before = await counts();
    const short = await owner.post(`/api/organizations/${orgId}/billing/balance/payments`, { documentIds: [cheap.id, costly.id] });
    expect([short.statusCode, short.json<{ error: { code: string } }>().error.code]).toEqual([409, 'balance.insufficient']);
    expect(await counts()).toEqual(before);
    expect(await invoice(cheap.id)).toMatchObject({ paymentStatus: 'unpaid' });

    await expectJson(provider.operator.post(`/api/operator/billing/documents/${cheap.id}/credit-notes`, {}), 201);
    const voided = await owner.post(`/api/organizations/${orgId}/billing/balance/payments`, { documentIds: [cheap.id] });
    expect([voided.statusCode, voided.json<{ error: { code: string } }>().error.code]).toEqual([409, 'billing_document.void']);
    const collaborator = await f.org.people.collaborator.agent.post(`/api/organizations/${orgId}/billing/balance/payments`, { documentIds: [costly.id] });
    expect(collaborator.statusCode).toBe(403);
    expect(await ledgerSum(orgId)).toBe((await balance()).balanceCents);
  });

  it('records payouts back to the bank, never beyond the balance', async () => {
    const { balanceCents } = await balance();
    const tooMuch = await provider.operator.post(`/api/operator/billing/customers/${orgId}/balance/payouts`, { amountCents: balanceCents + 1 });
    expect([tooMuch.statusCode, tooMuch.json<{ error: { code: string } }>().error.code]).toEqual([409, 'balance.insufficient']);
    const after = await expectJson<PrepaidBalance>(provider.operator.post(`/api/operator/billing/customers/${orgId}/balance/payouts`, { amountCents: 100, note: 'RIB fourni' }), 200);
    expect(after.balanceCents).toBe(balanceCents - 100);
    expect(after.ledger[0]).toMatchObject({ reason: 'payout', amountCents: -100 });
  });

  it('keeps the ledger append-only', async () => {
    await expect(t.db.updateTable('billing_balance_ledger').set({ amount_cents: 1 }).where('organization_id', '=', orgId).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('billing_balance_ledger').where('organization_id', '=', orgId).execute()).rejects.toThrow(/append-only/);
  });

  it('renders its refusals in the reader\'s language: amounts as money, what is wrong with the XML in words', async () => {
    type Refusal = { error: { code: string; message: string; params: Record<string, unknown> } };
    const { balanceCents } = await balance();
    const asked = balanceCents + 123_45;
    const payout = (language: string) => provider.operator.request({ method: 'POST', url: `/api/operator/billing/customers/${orgId}/balance/payouts`, body: { amountCents: asked }, headers: { 'accept-language': language } });
    const en = (await payout('en')).json<Refusal>().error;
    expect(en).toMatchObject({ code: 'balance.insufficient', params: { balanceCents, amountCents: asked } });
    expect(en.message).toBe(`The prepaid balance (${formatMoney(balanceCents, 'EUR', 'en')}) does not cover ${formatMoney(asked, 'EUR', 'en')}: nothing was paid.`);
    expect(en.message).toContain('€');
    const fr = (await payout('fr')).json<Refusal>().error;
    expect(fr.message).toBe(`Le solde prépayé (${formatMoney(balanceCents, 'EUR', 'fr')}) ne couvre pas ${formatMoney(asked, 'EUR', 'fr')} : rien n’a été payé.`);

    const malformed = camt053([{ amount: '10.00' }]).replace('</Stmt>', '');
    const refused = (language: string) => provider.operator.request({ method: 'POST', url: '/api/operator/billing/statements', body: malformed, headers: { 'content-type': 'application/xml', 'accept-language': language } });
    const enXml = (await refused('en')).json<Refusal>().error;
    expect(enXml).toMatchObject({ code: 'statement.malformed', params: { detailMessage: 'statement_xml.tag_mismatch', name: 'BkToCstmrStmt', expected: 'Stmt' } });
    expect(enXml.message).toContain('the XML file is malformed (end tag </BkToCstmrStmt> found; expected </Stmt>)');
    const frXml = (await refused('fr')).json<Refusal>().error;
    expect(frXml.message).toContain('le fichier XML est mal formé (balise fermante </BkToCstmrStmt> trouvée ; attendu : </Stmt>)');
    const doctype = await importXml(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${camt053([{ amount: '10.00' }]).replace(/^<\?xml[^>]*>/, '')}`);
    expect(doctype.json<Refusal>().error.message).toContain('(déclaration DOCTYPE refusée');
  });

  const renewals = async () => {
    const jobs = { work: () => undefined, send: async () => 'job' } as unknown as JobQueue;
    return createBillingRuntime({ db: t.db, jobs, storage: await createStorage(t.config), mailer: t.mailer, publicUrl: t.config.publicUrl, now: () => new Date('2026-12-04T10:00:00Z'), log: t.app.log, renewalLeadDays: 30, runJobs: false }).renewalsService;
  };

  it('pays an auto-renewal invoice from the balance when the balance covers it', async () => {
    await imported([{ amount: '2000.00', reference: (await balance()).reference }]);
    const before = (await balance()).balanceCents;
    expect((await (await renewals()).run()).invoiced).toBe(1);
    const renewal = await t.db.selectFrom('billing_renewals').select('document_id').where('product_id', '=', f.product.id).executeTakeFirstOrThrow();
    expect(await invoice(renewal.document_id!)).toMatchObject({ source: 'renewal', paymentStatus: 'paid', paidCents: 144_000 });
    expect((await balance()).balanceCents).toBe(before - 144_000);
    expect(await ledgerSum(orgId)).toBe(before - 144_000);
  });

  it('leaves an auto-renewal invoice due when the balance does not cover it', async () => {
    const short = await setUpCustomer(t, provider);
    const shortId = short.org.organization.id;
    const shortBalance = () => expectJson<PrepaidBalance>(short.org.people.owner.agent.get(`/api/organizations/${shortId}/billing/balance`), 200);
    await imported([{ amount: '100.00', reference: (await shortBalance()).reference }]);
    const before = await counts();
    expect((await (await renewals()).run()).invoiced).toBe(1);
    const renewal = await t.db.selectFrom('billing_renewals').select('document_id').where('product_id', '=', short.product.id).executeTakeFirstOrThrow();
    expect(await invoice(renewal.document_id!)).toMatchObject({ source: 'renewal', paymentStatus: 'unpaid', paidCents: 0, amountDueCents: 144_000 });
    const after = await shortBalance();
    expect(after.balanceCents).toBe(10_000);
    expect(after.ledger.map((line) => line.reason)).toEqual(['top_up']);
    expect(await counts()).toMatchObject({ payments: before.payments, ledger: before.ledger });
    expect(await ledgerSum(shortId)).toBe(10_000);
  });

  it('refunds an issued credit note to the balance once: what its invoice was paid beyond what it still asks', async () => {
    const refund = (creditNoteId: string, organizationId = orgId) => provider.operator.post(`/api/operator/billing/customers/${organizationId}/balance/credit-refunds`, { creditNoteId });
    const refusal = async (response: ReturnType<typeof refund>) => {
      const answered = await response;
      return [answered.statusCode, answered.json<{ error: { code: string } }>().error.code];
    };
    const paid = await issueInvoice(provider.operator, orgId, HOSTING);
    await imported([{ amount: '1440.00', reference: paid.paymentReference! }]);
    const note = await expectJson<BillingDocument>(provider.operator.post(`/api/operator/billing/documents/${paid.id}/credit-notes`, {}), 201);
    const candidates = async () => new Map((await expectJson<{ items: CreditRefundCandidate[] }>(provider.operator.get(`/api/operator/billing/customers/${orgId}/balance/credit-refunds`), 200)).items.map((c) => [c.creditNoteId, c]));
    expect((await candidates()).get(note.id)).toMatchObject({ number: note.number, invoiceNumber: paid.number, grossCents: 144_000, invoicePaidCents: 144_000, refundableCents: 144_000, state: 'refundable', refundedCents: null });
    const before = await balance();
    const after = await expectJson<PrepaidBalance>(refund(note.id), 200);
    expect((await candidates()).get(note.id)).toMatchObject({ state: 'refunded', refundableCents: 0, refundedCents: 144_000 });
    expect(after.balanceCents).toBe(before.balanceCents + 144_000);
    expect(after.ledger[0]).toMatchObject({ reason: 'credit_refund', amountCents: 144_000, documentId: note.id, documentNumber: note.number });
    expect(after.ledger[0]!.text).toBe(`Avoir ${note.number} remboursé sur le solde`);
    expect(await ledgerSum(orgId)).toBe(after.balanceCents);
    expect(await refusal(refund(note.id))).toEqual([409, 'credit_refund.already_refunded']);

    // Half paid, then credited in two notes: only what was paid beyond what is still asked goes back.
    const half = await issueInvoice(provider.operator, orgId, HOSTING);
    await imported([{ amount: '720.00', reference: half.paymentReference! }]);
    const line = (await invoice(half.id)).lines[0]!;
    const first = await expectJson<BillingDocument>(provider.operator.post(`/api/operator/billing/documents/${half.id}/credit-notes`, { lines: [{ lineId: line.id, quantity: 1, unitPriceCents: 80_000 }] }), 201);
    // 960.00 credited: 480.00 still asked, of the 720.00 paid 240.00 go back.
    expect((await candidates()).get(first.id)).toMatchObject({ grossCents: 96_000, invoicePaidCents: 72_000, otherRefundsCents: 0, refundableCents: 24_000, state: 'refundable' });
    let start = (await balance()).balanceCents;
    expect((await expectJson<PrepaidBalance>(refund(first.id), 200)).balanceCents).toBe(start + 24_000);
    const second = await expectJson<BillingDocument>(provider.operator.post(`/api/operator/billing/documents/${half.id}/credit-notes`, {}), 201);
    // Nothing asked any more: the rest of the 720.00 paid goes back, never more.
    start = (await balance()).balanceCents;
    expect((await expectJson<PrepaidBalance>(refund(second.id), 200)).balanceCents).toBe(start + 48_000);
    expect(await refusal(refund(first.id))).toEqual([409, 'credit_refund.already_refunded']);
    expect((await candidates()).get(second.id)).toMatchObject({ otherRefundsCents: 24_000, refundedCents: 48_000, state: 'refunded' });

    const unpaid = await issueInvoice(provider.operator, orgId, HOSTING);
    const unpaidNote = await expectJson<BillingDocument>(provider.operator.post(`/api/operator/billing/documents/${unpaid.id}/credit-notes`, {}), 201);
    expect((await candidates()).get(unpaidNote.id)).toMatchObject({ invoicePaidCents: 0, refundableCents: 0, state: 'nothing_paid' });
    expect(await refusal(refund(unpaidNote.id))).toEqual([409, 'credit_refund.nothing_paid']);
    expect(await refusal(refund(unpaid.id))).toEqual([409, 'credit_refund.not_credit_note']);
    const other = await setUpCustomer(t, provider);
    expect(await refusal(refund(note.id, other.org.organization.id))).toEqual([404, 'billing_document.not_found']);
    expect(await refusal(refund('no-such-document'))).toEqual([404, 'billing_document.not_found']);
    expect(await refusal(refund(note.id, 'no-such-organization'))).toEqual([404, 'not_found']);
    expect((await provider.operator.get(`/api/operator/billing/customers/no-such-organization/balance/credit-refunds`)).statusCode).toBe(404);
    expect((await other.org.people.owner.agent.get(`/api/operator/billing/customers/${orgId}/balance/credit-refunds`)).statusCode).toBe(403);
    expect((await expectJson<{ items: CreditRefundCandidate[] }>(provider.operator.get(`/api/operator/billing/customers/${other.org.organization.id}/balance/credit-refunds`), 200)).items).toEqual([]);
    expect(await ledgerSum(orgId)).toBe((await balance()).balanceCents);
  });

  it.runIf(process.env.TEST_DATABASE_URL)('never overdraws a balance under 50 concurrent payments (PostgreSQL)', async () => {
    const other = await setUpCustomer(t, provider);
    const otherId = other.org.organization.id;
    const invoices = await Promise.all(Array.from({ length: 50 }, () => insertIssuedInvoice(t.db, otherId))); // 12.00 € each
    const reference = (await expectJson<PrepaidBalance>(other.org.people.owner.agent.get(`/api/organizations/${otherId}/billing/balance`), 200)).reference;
    await imported([{ amount: '240.00', reference }]); // covers 20 of them
    const balances = createBalanceService({ db: t.db });
    const results = await Promise.allSettled(invoices.map((id) => balances.payInvoices(otherId, [id], null, '2026-12-04')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'balance.insufficient')).toBe(true);
    const head = await t.db.selectFrom('billing_balances').select('balance_cents').where('organization_id', '=', otherId).executeTakeFirstOrThrow();
    expect(head.balance_cents).toBe(0);
    expect(await ledgerSum(otherId)).toBe(0);
  });
});

