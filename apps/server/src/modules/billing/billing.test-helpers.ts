// Billing fixtures for tests: an operator, the provider's identity, a catalogue item, an organisation
// with a billing address and a product, all set through the API.
import type { BillingAddress, BillingDocument, CatalogueItem, Product } from '@preau/contracts';
import { makeOrganization, makePerson, type Agent, type OrganizationFixture, type TestApp } from '../../../test/support/index.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { SAMPLE_PROVIDER_IDENTITY } from './billing.factories.ts';


export const SCHOOL_ADDRESS = {
  name: 'Collège Jean Moulin',
  address: { lines: ['3 avenue de la République'], postalCode: '69003', city: 'Lyon', country: 'FR' },
  siret: null,
  vatNumber: null,
  serviceCode: 'SERV-42',
  purchaseOrder: 'BC-2026-17',
  email: 'gestion@college.example',
};

export interface BillingFixture {
  operator: Agent;
  item: CatalogueItem;
  org: OrganizationFixture<'owner' | 'admin' | 'collaborator' | 'external'>;
  address: BillingAddress;
  product: Product;
}

async function json<T>(response: Promise<{ statusCode: number; body: string; json<U>(): U }>, status: number): Promise<T> {
  const answered = await response;
  if (answered.statusCode !== status) throw new Error(`expected ${status}, got ${answered.statusCode}: ${answered.body}`);
  return answered.json<T>();
}

/** The operator, the provider identity and a 1,200.00 € (VAT 20 %) yearly hosting item; call once per app. */
export async function setUpProvider(t: TestApp): Promise<{ operator: Agent; item: CatalogueItem }> {
  const operator = await makePerson(t);
  await createOperatorsRepository(t.db).grant(operator.user!.id);
  await json(operator.put('/api/operator/billing/provider', SAMPLE_PROVIDER_IDENTITY), 200);
  const item = await json<CatalogueItem>(operator.post('/api/operator/billing/catalogue', { code: `hosting-${Math.random().toString(36).slice(2, 8)}`, labelFr: 'Hébergement base collège', labelEn: 'College base hosting', kind: 'base_hosting', priceCents: 120_000, vatRateBp: 2000, period: 'year' }), 201);
  return { operator, item };
}

/** An organisation (one member per role) with a default billing address and a product renewing on `renewalDate`. */
export async function setUpCustomer(t: TestApp, provider: { operator: Agent; item: CatalogueItem }, options: { renewalDate?: string; startDate?: string } = {}): Promise<BillingFixture> {
  const org = await makeOrganization(t, { owner: 'owner', admin: 'admin', collaborator: 'collaborator', external: 'external' });
  const orgId = org.organization.id;
  const address = await json<BillingAddress>(org.people.owner.agent.post(`/api/organizations/${orgId}/billing/addresses`, SCHOOL_ADDRESS), 201);
  const product = await json<Product>(provider.operator.post(`/api/operator/billing/customers/${orgId}/products`, { catalogueItemId: provider.item.id, startDate: options.startDate ?? '2026-01-01', ...(options.renewalDate ? { renewalDate: options.renewalDate } : {}) }), 201);
  return { ...provider, org, address, product };
}

/** A finalised invoice of `lines` for the organisation, issued by the operator. */
export async function issueInvoice(operator: Agent, orgId: string, lines: { label: string; quantity: number; unitPriceCents: number; vatRateBp: number }[]): Promise<BillingDocument> {
  const draft = await json<BillingDocument>(operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { lines }), 201);
  return json<BillingDocument>(operator.post(`/api/operator/billing/documents/${draft.id}/finalize`), 200);
}

export { json as expectJson };
