import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingAddress, BillingCustomerBase, Product } from '@preau/contracts';
import { createAgent, createTestApp, makeBase, makeOrganization, makePerson, type TestApp } from '../../../test/support/index.ts';
import { expectJson, SCHOOL_ADDRESS, setUpCustomer, setUpProvider, type BillingFixture } from './billing.test-helpers.ts';

describe("the operator's view of a customer's bases, and products given for one", () => {
  let t: TestApp;
  let f: BillingFixture;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = await setUpCustomer(t, await setUpProvider(t));
    orgId = f.org.organization.id;
  });
  afterAll(() => t?.close());

  it("lists the customer's bases, newest school year first, and none of another organisation", async () => {
    const owner = f.org.people.owner.agent;
    const older = await makeBase(owner, orgId, { name: 'Collège Victor Hugo', schoolYear: '2024-2025' });
    const newer = await makeBase(owner, orgId, { name: 'Collège Anne Frank', schoolYear: '2025-2026', empty: true });
    const other = await makeOrganization(t, { owner: 'owner' });
    await makeBase(other.people.owner.agent, other.organization.id, { name: 'Ailleurs' });

    const list = await expectJson<{ items: BillingCustomerBase[] }>(f.operator.get(`/api/operator/billing/customers/${orgId}/bases`), 200);
    expect(list.items).toEqual([
      { id: newer.id, name: 'Collège Anne Frank', schoolYear: '2025-2026', state: 'empty' },
      { id: older.id, name: 'Collège Victor Hugo', schoolYear: '2024-2025', state: 'in_service' },
    ]);
    const none = await expectJson<{ items: BillingCustomerBase[] }>(f.operator.get(`/api/operator/billing/customers/${other.organization.id}/bases`), 200);
    expect(none.items.map((b) => b.name)).toEqual(['Ailleurs']);
  });

  it('answers 404 for an unknown organisation, 403 to members (even its legal owner) and 401 to the signed out', async () => {
    const unknown = await f.operator.get('/api/operator/billing/customers/00000000-0000-4000-8000-000000000000/bases');
    expect([unknown.statusCode, unknown.json<{ error: { code: string } }>().error.code]).toEqual([404, 'not_found']);
    for (const agent of [f.org.people.owner.agent, f.org.people.admin.agent, await makePerson(t)]) {
      const refused = await agent.get(`/api/operator/billing/customers/${orgId}/bases`);
      expect([refused.statusCode, refused.json<{ error: { code: string } }>().error.code]).toEqual([403, 'forbidden']);
    }
    const anonymous = await createAgent(t.app).get(`/api/operator/billing/customers/${orgId}/bases`);
    expect(anonymous.statusCode).toBe(401);
  });

  it('gives a product for one of the bases, billed to a chosen address with the renewal warranty, and refuses a base of another organisation', async () => {
    const base = await makeBase(f.org.people.owner.agent, orgId, { name: 'École Jules Ferry', degree: 'ecole' });
    const town = await expectJson<BillingAddress>(f.org.people.owner.agent.post(`/api/organizations/${orgId}/billing/addresses`, { ...SCHOOL_ADDRESS, name: 'Mairie de Lyon' }), 201);
    const url = `/api/operator/billing/customers/${orgId}/products`;
    const product = await expectJson<Product>(f.operator.post(url, { catalogueItemId: f.item.id, baseId: base.id, addressId: town.id, startDate: '2026-09-01', autoRenew: false, renewalWarranty: true }), 201);
    expect(product).toMatchObject({ baseId: base.id, baseName: 'École Jules Ferry', addressId: town.id, renewalDate: '2027-09-01', autoRenew: false, renewalWarranty: true });
    const products = await expectJson<{ items: Product[] }>(f.operator.get(url), 200);
    expect(products.items.find((p) => p.id === product.id)).toMatchObject({ baseName: 'École Jules Ferry' });

    const other = await makeOrganization(t, { owner: 'owner' });
    const foreign = await makeBase(other.people.owner.agent, other.organization.id);
    const refused = await f.operator.post(url, { catalogueItemId: f.item.id, baseId: foreign.id, startDate: '2026-09-01' });
    expect([refused.statusCode, refused.json<{ error: { code: string } }>().error.code]).toEqual([400, 'product.base_not_found']);
  });
});
