import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingAddress, BillingDocument, BillingDocumentPage, CatalogueItem } from '@preau/contracts';
import { createTestApp, makeOrganization, type Agent, type TestApp } from '../../../../test/support/index.ts';
import { SAMPLE_PROVIDER_IDENTITY } from '../billing.factories.ts';
import { expectJson, issueInvoice, SCHOOL_ADDRESS, setUpProvider } from '../billing.test-helpers.ts';
import { attachmentsOf, expectFacturXTerms, pdfaMarks, type ExpectedTerms } from './factur-x.test-helpers.ts';

const LINES = [
  { label: 'Hébergement base collège 2026-2027', quantity: 1, unitPriceCents: 120_000, vatRateBp: 2000 },
  { label: 'Assistance premium', quantity: 3, unitPriceCents: 3_333, vatRateBp: 2000 },
  { label: 'Livret de formation', quantity: 2, unitPriceCents: 1_005, vatRateBp: 550 },
];

const PUBLIC_ADDRESS = {
  ...SCHOOL_ADDRESS,
  address: { lines: ['Service financier', '3 avenue de la République'], postalCode: '69003', city: 'Lyon', country: 'FR' },
  siret: '19690001600011',
};

/** What the document's XML must say: the invoice as the API shows it, the provider's identity and the address it was billed to. */
function expectedOf(document: BillingDocument, address: typeof PUBLIC_ADDRESS, creditedInvoiceNumber: string | null = null): ExpectedTerms {
  const provider = SAMPLE_PROVIDER_IDENTITY;
  return {
    number: document.number!,
    typeCode: document.kind === 'credit_note' ? '381' : '380',
    issueDate: document.issueDate!,
    dueDate: document.dueDate,
    currency: document.currency,
    serviceCode: address.serviceCode,
    purchaseOrder: address.purchaseOrder,
    seller: { name: provider.companyName, siren: provider.siren, siret: provider.siret, vatNumber: provider.vatNumber, address: provider.address, iban: provider.iban.replaceAll(' ', ''), bic: provider.bic },
    buyer: { name: address.name, siret: address.siret, address: address.address },
    paymentReference: document.paymentReference ?? document.number!,
    lines: document.lines,
    vat: document.vat,
    netCents: document.netCents,
    vatCents: document.vatCents,
    grossCents: document.grossCents,
    creditedInvoiceNumber,
  };
}

describe('Factur-X documents', () => {
  let t: TestApp;
  let operator: Agent;
  let item: CatalogueItem;

  async function customer(address: object): Promise<{ orgId: string; owner: Agent }> {
    const org = await makeOrganization(t, { owner: 'owner' });
    const owner = org.people.owner.agent;
    await expectJson<BillingAddress>(owner.post(`/api/organizations/${org.organization.id}/billing/addresses`, address), 201);
    return { orgId: org.organization.id, owner };
  }

  async function storedPdf(owner: Agent, document: BillingDocument): Promise<Buffer> {
    const answer = await owner.get(`/api/billing/documents/${document.id}/pdf`);
    expect(answer.statusCode).toBe(200);
    const stored = await t.db.selectFrom('billing_documents').select('pdf_sha256').where('id', '=', document.id).executeTakeFirstOrThrow();
    expect(stored.pdf_sha256).toBe(createHash('sha256').update(answer.rawPayload).digest('hex'));
    return answer.rawPayload;
  }

  beforeAll(async () => {
    t = await createTestApp();
    ({ operator, item } = await setUpProvider(t));
    expect(item.id).toBeTruthy();
  });
  afterAll(() => t?.close());

  it("stores a public-sector customer's invoice and credit note as Factur-X PDF/A-3 whose XML says what the documents say", async () => {
    const { orgId, owner } = await customer(PUBLIC_ADDRESS);
    const invoice = await issueInvoice(operator, orgId, LINES);
    const pdf = await storedPdf(owner, invoice);
    const { names, xml } = await attachmentsOf(pdf);
    expect(names).toEqual(['factur-x.xml']);
    expectFacturXTerms(xml!, expectedOf(invoice, PUBLIC_ADDRESS));
    expect(xml).toContain('<ram:BuyerReference>SERV-42</ram:BuyerReference>');
    const marks = pdfaMarks(pdf);
    expect(marks.xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(marks.xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect([marks.associatedFiles, marks.relationship]).toEqual([true, 'Alternative']);

    const credit = await expectJson<BillingDocument>(operator.post(`/api/operator/billing/documents/${invoice.id}/credit-notes`, {}), 201);
    const creditXml = (await attachmentsOf(await storedPdf(owner, credit))).xml;
    expectFacturXTerms(creditXml!, expectedOf(credit, PUBLIC_ADDRESS, invoice.number));

    // The console marks them in the history and the document view.
    expect([invoice.eInvoice, credit.eInvoice]).toEqual([true, true]);
    const history = await expectJson<BillingDocumentPage>(owner.get(`/api/organizations/${orgId}/billing/documents`), 200);
    expect(history.items.map((item) => [item.number, item.eInvoice])).toEqual(expect.arrayContaining([[invoice.number, true], [credit.number, true]]));
  });

  it('keeps the receipted version of a paid public-sector invoice an ordinary PDF, its original staying Factur-X', async () => {
    const { orgId, owner } = await customer(PUBLIC_ADDRESS);
    const invoice = await issueInvoice(operator, orgId, LINES.slice(0, 1));
    await expectJson<BillingDocument>(operator.post(`/api/operator/billing/documents/${invoice.id}/payments`, { amountCents: invoice.grossCents, receivedOn: invoice.issueDate, method: 'transfer' }), 200);
    const receipted = await owner.get(`/api/billing/documents/${invoice.id}/pdf?version=paid`);
    expect(receipted.statusCode).toBe(200);
    expect((await attachmentsOf(receipted.rawPayload)).names).toEqual([]);
    expect((await attachmentsOf(await storedPdf(owner, invoice))).names).toEqual(['factur-x.xml']);
  });

  it("leaves an ordinary customer's invoice an ordinary PDF, without attachment", async () => {
    const { orgId, owner } = await customer({ ...PUBLIC_ADDRESS, serviceCode: null });
    const invoice = await issueInvoice(operator, orgId, LINES);
    const pdf = await storedPdf(owner, invoice);
    expect((await attachmentsOf(pdf)).names).toEqual([]);
    expect(pdfaMarks(pdf)).toMatchObject({ associatedFiles: false, relationship: null });
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    expect(invoice.eInvoice).toBe(false);
    const view = await expectJson<BillingDocument>(owner.get(`/api/organizations/${orgId}/billing/documents/${invoice.id}`), 200);
    expect(view.eInvoice).toBe(false);
  });
});
