import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentSearch, PaymentSearchAnswer, PrepaidBalance, StatementImportReport } from '@preau/contracts';
import { createTestApp, type TestApp } from '../../../test/support/index.ts';
import { expectJson, issueInvoice, setUpCustomer, setUpProvider, type BillingFixture } from '../billing/billing.test-helpers.ts';
import { camt053, type Transfer } from '../payments/camt.test-helpers.ts';

const LINE = [{ label: 'Hébergement', quantity: 1, unitPriceCents: 120_000, vatRateBp: 2000 }]; // 1,440.00 € gross

describe('"I paid but got a reminder"', () => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof setUpProvider>>;
  let f: BillingFixture;
  let other: BillingFixture;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2026-12-20T10:00:00Z') });
    provider = await setUpProvider(t);
    f = await setUpCustomer(t, provider);
    other = await setUpCustomer(t, provider);
    orgId = f.org.organization.id;
  });
  afterAll(() => t?.close());

  const importStatement = (transfers: Transfer[]) => expectJson<StatementImportReport>(provider.operator.request({ method: 'POST', url: '/api/operator/billing/statements', body: camt053(transfers), headers: { 'content-type': 'application/xml' } }), 200);
  const search = (input: PaymentSearch, fixture = f) =>
    expectJson<PaymentSearchAnswer>(fixture.org.people.owner.agent.post(`/api/organizations/${fixture.org.organization.id}/billing/payment-searches`, input), 200);

  it('finds the invoice a transfer paid, around the date the customer remembers', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    await importStatement([{ amount: '1440.00', reference: invoice.paymentReference!, date: '2026-12-08' }]);
    expect(await search({ date: '2026-12-06', amountCents: 144_000 })).toMatchObject({ outcome: 'paid', documentId: invoice.id, documentNumber: invoice.number, receivedCents: 144_000, bookingDate: '2026-12-08', balanceCents: null });
  });

  it('says a surplus went to the balance, and a transfer without an invoice is on the balance', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    await importStatement([{ amount: '1500.00', reference: invoice.paymentReference!, date: '2026-12-09' }]);
    expect(await search({ date: '2026-12-09', amountCents: 150_000, reference: invoice.paymentReference!.toLowerCase() })).toMatchObject({ outcome: 'paid', documentNumber: invoice.number, balanceCents: 6_000 });
    const { reference } = await expectJson<PrepaidBalance>(f.org.people.owner.agent.get(`/api/organizations/${orgId}/billing/balance`), 200);
    await importStatement([{ amount: '321.00', reference, date: '2026-12-10' }]);
    const answer = await search({ date: '2026-12-10', amountCents: 32_100 });
    expect(answer).toMatchObject({ outcome: 'on_balance', receivedCents: 32_100, documentId: null });
    expect(answer.balanceCents).toBeGreaterThanOrEqual(32_100);
  });

  it('says what arrived when it differs from what the invoice asked', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    await importStatement([{ amount: '1000.00', reference: invoice.paymentReference!, date: '2026-12-11' }]);
    expect(await search({ date: '2026-12-11', amountCents: 144_000, reference: invoice.paymentReference! })).toMatchObject({
      outcome: 'amount_differs', documentNumber: invoice.number, receivedCents: 100_000, dueCents: 144_000, bookingDate: '2026-12-11',
    });
  });

  it("tells a transfer waits in the operator's queue without a word about its payer", async () => {
    await importStatement([{ amount: '777.77', payerName: 'Lycée Inconnu', payerIban: 'BE68539007547034', text: 'virement', date: '2026-12-12' }]);
    const answer = await search({ date: '2026-12-12', amountCents: 77_777 });
    expect(answer).toMatchObject({ outcome: 'waiting', bookingDate: '2026-12-12', receivedCents: 77_777, documentId: null });
    expect(JSON.stringify(answer)).not.toMatch(/Lycée|BE68/);
  });

  it("never shows another organisation's transfers, and says how far statements were read", async () => {
    const theirs = await issueInvoice(provider.operator, other.org.organization.id, LINE);
    await importStatement([{ amount: '1440.00', reference: theirs.paymentReference!, date: '2026-12-14' }]);
    expect(await search({ date: '2026-12-14', amountCents: 144_000 })).toMatchObject({ outcome: 'not_received', statementsUpTo: '2026-12-14', documentId: null });
    expect(await search({ date: '2026-12-14', amountCents: 144_000 }, other)).toMatchObject({ outcome: 'paid', documentId: theirs.id });
    const mine = await issueInvoice(provider.operator, orgId, LINE);
    expect(await search({ date: '2026-12-19', amountCents: 144_000, reference: mine.paymentReference! })).toMatchObject({ outcome: 'not_received', statementsUpTo: '2026-12-14', documentNumber: mine.number, dueCents: 144_000 });
  });

  it('refuses a search without a date or an amount', async () => {
    const response = await f.org.people.owner.agent.post(`/api/organizations/${orgId}/billing/payment-searches`, { amountCents: 100 });
    expect(response.statusCode).toBe(400);
  });
});
