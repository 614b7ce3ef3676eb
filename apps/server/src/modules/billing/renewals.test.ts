import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingAddress, BillingDocument, Product } from '@preau/contracts';
import { createTestApp, type TestApp } from '../../../test/support/index.ts';
import { expectJson, SCHOOL_ADDRESS, setUpCustomer, setUpProvider } from './billing.test-helpers.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { createStorage } from '../storage/create-storage.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { createBillingRuntime } from './billing-runtime.ts';

describe('products, renewals and pro forma', () => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof setUpProvider>>;
  let today = new Date('2026-12-03T10:00:00Z');
  // The renewal run as the daily job calls it, on the test app's database and data folder.
  const jobs = { work: () => undefined, send: async () => 'job' } as unknown as JobQueue;
  let storage: ObjectStorage;
  const renewals = () => createBillingRuntime({ db: t.db, jobs, storage, mailer: t.mailer, publicUrl: t.config.publicUrl, now: () => today, log: t.app.log, renewalLeadDays: 30, runJobs: false }).renewalsService;

  beforeAll(async () => {
    t = await createTestApp({ clock: () => today });
    storage = await createStorage(t.config);
    provider = await setUpProvider(t);
  });
  afterAll(() => t?.close());

  const renewalRows = (productId: string) => t.db.selectFrom('billing_renewals').select(['renewal_date', 'outcome', 'document_id']).where('product_id', '=', productId).orderBy('renewal_date').execute();
  const productRow = (productId: string) => t.db.selectFrom('billing_products').select(['renewal_date', 'ended_on']).where('id', '=', productId).executeTakeFirstOrThrow();

  it('invoices an auto-renewing product ahead of its renewal date once, then moves it to its next period on the date', async () => {
    const f = await setUpCustomer(t, provider, { startDate: '2026-01-01', renewalDate: '2027-01-01' });
    today = new Date('2026-11-20T10:00:00Z'); // 42 days before: not yet
    expect((await renewals().run()).invoiced).toBe(0);
    today = new Date('2026-12-03T10:00:00Z'); // 29 days before: within the lead time
    const report = await renewals().run();
    expect(report.invoiced).toBe(1);
    expect(await renewals().run()).toMatchObject({ invoiced: 0, renewed: 0 }); // a second run does nothing
    const [row] = await renewalRows(f.product.id);
    expect(row).toMatchObject({ renewal_date: '2027-01-01', outcome: 'invoiced' });
    const invoice = await expectJson<BillingDocument>(f.operator.get(`/api/operator/billing/documents/${row!.document_id}`), 200);
    expect(invoice).toMatchObject({ kind: 'invoice', state: 'finalized', source: 'renewal', grossCents: 144_000 });
    expect(invoice.lines[0]).toMatchObject({ productId: f.product.id, periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    today = new Date('2027-01-01T10:00:00Z');
    expect((await renewals().run()).renewed).toBeGreaterThanOrEqual(1);
    expect(await productRow(f.product.id)).toEqual({ renewal_date: '2028-01-01', ended_on: null });
    const records = await expectJson<{ items: { outcome: string; documentNumber: string | null }[] }>(f.operator.get(`/api/operator/billing/customers/${f.org.organization.id}/renewals`), 200);
    expect(records.items).toEqual([expect.objectContaining({ outcome: 'invoiced', documentNumber: invoice.number })]);
    const now = await expectJson<{ invoiced: number }>(f.operator.post('/api/operator/billing/renewals/run'), 200);
    expect(now.invoiced).toBe(0);
  });

  it('applies the renewal warranty on the date when auto-renew is off, and ends a product that has neither', async () => {
    const warranted = await setUpCustomer(t, provider, { startDate: '2026-02-01', renewalDate: '2027-02-01' });
    const owner = warranted.org.people.owner.agent;
    const orgId = warranted.org.organization.id;
    const switched = await expectJson<Product>(owner.patch(`/api/organizations/${orgId}/billing/products/${warranted.product.id}`, { autoRenew: false, renewalWarranty: true }), 200);
    expect(switched).toMatchObject({ autoRenew: false, renewalWarranty: true });
    const ending = await setUpCustomer(t, provider, { startDate: '2026-02-01', renewalDate: '2027-02-01' });
    const all = await expectJson<{ items: Product[] }>(ending.org.people.owner.agent.patch(`/api/organizations/${ending.org.organization.id}/billing/products`, { autoRenew: false, renewalWarranty: false }), 200);
    expect(all.items.every((p) => !p.autoRenew && !p.renewalWarranty)).toBe(true);

    today = new Date('2027-01-15T10:00:00Z'); // within the lead time: auto-renew is off, nothing is invoiced ahead
    await renewals().run();
    expect(await renewalRows(warranted.product.id)).toEqual([]);
    today = new Date('2027-02-01T10:00:00Z');
    const report = await renewals().run();
    expect(report.warrantyInvoiced).toBeGreaterThanOrEqual(1);
    expect((await renewalRows(warranted.product.id))[0]).toMatchObject({ outcome: 'warranty_invoiced' });
    expect(await productRow(warranted.product.id)).toEqual({ renewal_date: '2028-02-01', ended_on: null });
    expect((await renewalRows(ending.product.id))[0]).toMatchObject({ outcome: 'ended', document_id: null });
    expect(await productRow(ending.product.id)).toEqual({ renewal_date: '2027-02-01', ended_on: '2027-02-01' });
    today = new Date('2026-12-03T10:00:00Z');
  });

  it('records a renewal it cannot invoice (no billing address) and invoices it once the address exists', async () => {
    const f = await setUpCustomer(t, provider, { startDate: '2026-03-01', renewalDate: '2027-03-01' });
    const orgId = f.org.organization.id;
    const owner = f.org.people.owner.agent;
    await t.db.updateTable('billing_addresses').set({ is_default: false }).where('organization_id', '=', orgId).execute();
    today = new Date('2027-02-15T10:00:00Z');
    expect((await renewals().run()).problems).toBeGreaterThanOrEqual(1);
    expect((await renewalRows(f.product.id))[0]).toMatchObject({ outcome: 'no_address' });
    await expectJson<BillingAddress>(owner.put(`/api/organizations/${orgId}/billing/addresses/${f.address.id}`, { ...SCHOOL_ADDRESS, isDefault: true }), 200);
    await renewals().run();
    expect((await renewalRows(f.product.id))[0]).toMatchObject({ outcome: 'invoiced' });
    today = new Date('2026-12-03T10:00:00Z');
  });

  it('quotes a pro forma in its own series, with the watermark, and turns it into the renewal invoice once', async () => {
    const f = await setUpCustomer(t, provider, { startDate: '2026-06-01', renewalDate: '2027-06-01' });
    const orgId = f.org.organization.id;
    const owner = f.org.people.owner.agent;
    const invoicesBefore = await t.db.selectFrom('billing_number_series').select('next_number').where('series', '=', 'invoice').executeTakeFirst();
    const proForma = await expectJson<BillingDocument>(owner.post(`/api/organizations/${orgId}/billing/pro-forma`, { productIds: [f.product.id] }), 201);
    expect(proForma.number).toMatch(/^PF\d{4}-\d{6}$/);
    expect(proForma).toMatchObject({ kind: 'pro_forma', amountDueCents: 0, grossCents: 144_000 });
    const invoicesAfter = await t.db.selectFrom('billing_number_series').select('next_number').where('series', '=', 'invoice').executeTakeFirst();
    expect(invoicesAfter?.next_number).toBe(invoicesBefore?.next_number);
    const pdf = await owner.get(`/api/billing/documents/${proForma.id}/pdf`);
    expect(pdf.statusCode).toBe(200);

    const invoice = await expectJson<BillingDocument>(owner.post(`/api/organizations/${orgId}/billing/documents/${proForma.id}/convert`), 200);
    expect(invoice).toMatchObject({ kind: 'invoice', source: 'pro_forma', grossCents: 144_000 });
    expect(invoice.number).toMatch(/^F\d{4}-\d{6}$/);
    const twice = await owner.post(`/api/organizations/${orgId}/billing/documents/${proForma.id}/convert`);
    expect([twice.statusCode, twice.json<{ error: { code: string } }>().error.code]).toEqual([409, 'pro_forma.already_converted']);
    // The renewal is invoiced: the daily run does not invoice it again.
    today = new Date('2027-05-20T10:00:00Z');
    await renewals().run();
    expect(await renewalRows(f.product.id)).toEqual([{ renewal_date: '2027-06-01', outcome: 'invoiced', document_id: invoice.id }]);
    today = new Date('2026-12-03T10:00:00Z');
  });

  it('keeps several billing addresses with one default, archives a used one instead of deleting it, and refuses another organisation’s', async () => {
    const f = await setUpCustomer(t, provider);
    const orgId = f.org.organization.id;
    const owner = f.org.people.owner.agent;
    const base = `/api/organizations/${orgId}/billing/addresses`;
    const second = await expectJson<BillingAddress>(owner.post(base, { ...SCHOOL_ADDRESS, name: 'Mairie de Lyon', siret: '21690123100011', isDefault: true }), 201);
    expect(second.isDefault).toBe(true);
    const list = await expectJson<{ items: BillingAddress[] }>(owner.get(base), 200);
    expect(list.items.filter((a) => a.isDefault).map((a) => a.id)).toEqual([second.id]);
    const badSiret = await owner.post(base, { ...SCHOOL_ADDRESS, siret: '21690123100012' });
    expect(badSiret.json<{ error: { fields: Record<string, { code: string }> } }>().error.fields['/siret']?.code).toBe('siret.invalid');

    const draft = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { addressId: f.address.id, lines: [{ label: 'x', quantity: 1, unitPriceCents: 100, vatRateBp: 2000 }] }), 201);
    await expectJson(f.operator.post(`/api/operator/billing/documents/${draft.id}/finalize`), 200);
    const deleted = await owner.delete(`${base}/${f.address.id}`);
    expect([deleted.statusCode, deleted.json<{ error: { code: string } }>().error.code]).toEqual([409, 'billing_address.in_use']);
    const archived = await expectJson<BillingAddress>(owner.post(`${base}/${f.address.id}/archive`), 200);
    expect(archived).toMatchObject({ archived: true, used: true });
    // The issued document keeps its own copy of the address.
    const kept = await expectJson<BillingDocument>(owner.get(`/api/organizations/${orgId}/billing/documents/${draft.id}`), 200);
    expect(kept.customerName).toBe('Collège Jean Moulin');

    const other = await setUpCustomer(t, provider);
    const foreign = await owner.patch(`/api/organizations/${orgId}/billing/products/${f.product.id}`, { addressId: other.address.id });
    expect([foreign.statusCode, foreign.json<{ error: { code: string } }>().error.code]).toEqual([400, 'billing_address.not_found']);
  });
});
