// Billing rows inserted straight into the database, for the route-by-route tests (access, hostile input).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

let documentCount = 0;

export async function insertCatalogueItem(db: Kysely<Database>): Promise<string> {
  const id = randomUUID();
  await db.insertInto('billing_catalogue_items').values({ id, code: `item-${id.slice(0, 8)}`, label_fr: 'Hébergement', label_en: 'Hosting', kind: 'base_hosting', price_cents: 1000, currency: 'EUR', vat_rate_bp: 2000, period: 'year', archived_at: null }).execute();
  return id;
}

/** An issued invoice of the organisation (inserted as a draft with its line, then issued as finalisation would). */
export async function insertIssuedInvoice(db: Kysely<Database>, organizationId: string): Promise<string> {
  const id = randomUUID();
  const n = (documentCount += 1);
  await db.insertInto('billing_documents').values({ id, organization_id: organizationId, kind: 'invoice', source: 'manual', number: null, number_year: null, number_seq: null, issue_date: null, due_date: null, currency: 'EUR', locale: 'fr', address_id: null, customer: null, provider: null, net_cents: 1000, vat_cents: 200, gross_cents: 1200, vat_rows: JSON.stringify([{ vatRateBp: 2000, netCents: 1000, vatCents: 200 }]), credited_invoice_id: null, converted_invoice_id: null, payment_reference: null, paid_on: null, pdf_key: null, pdf_sha256: null, pdf_size: null, paid_pdf_key: null, paid_pdf_sha256: null, paid_pdf_size: null, created_by_user_id: null, finalized_at: null, finalized_by_user_id: null }).execute();
  await db.insertInto('billing_document_lines').values({ id: randomUUID(), organization_id: organizationId, document_id: id, position: 1, label: 'Hébergement', quantity: 1, unit_price_cents: 1000, vat_rate_bp: 2000, net_cents: 1000, vat_cents: 200, product_id: null, period_start: null, period_end: null, credited_line_id: null }).execute();
  const customer = { name: 'École', address: { lines: ['1 rue'], postalCode: '75001', city: 'Paris', country: 'FR' }, siret: null, vatNumber: null, serviceCode: null, purchaseOrder: null, email: null };
  const provider = { companyName: 'Prestataire', address: customer.address, siren: '732829320', siret: '73282932000074', vatNumber: null, iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP', invoiceFooter: null, paymentTermsDays: 30, contactEmail: 'p@example.test', numberPatterns: { invoice: 'F{YYYY}-{NNNNNN}', creditNote: 'A{YYYY}-{NNNNNN}', proForma: 'PF{YYYY}-{NNNNNN}' } };
  await db.updateTable('billing_documents').set({ state: 'finalized', number: `T2026-${String(n).padStart(6, '0')}`, number_year: 2026, number_seq: n, issue_date: '2026-12-01', due_date: '2026-12-31', payment_reference: `T${n}`, customer: JSON.stringify(customer), provider: JSON.stringify(provider), finalized_at: new Date() }).where('id', '=', id).execute();
  return id;
}

export async function insertBillingAddress(db: Kysely<Database>, organizationId: string): Promise<string> {
  const id = randomUUID();
  await db.insertInto('billing_addresses').values({ id, organization_id: organizationId, name: 'Adresse', address: JSON.stringify({ lines: ['1 rue'], postalCode: '75001', city: 'Paris', country: 'FR' }), siret: null, vat_number: null, service_code: null, purchase_order: null, email: null, is_default: false, archived_at: null }).execute();
  return id;
}

export async function insertProduct(db: Kysely<Database>, organizationId: string, catalogueItemId: string): Promise<string> {
  const id = randomUUID();
  await db.insertInto('billing_products').values({ id, organization_id: organizationId, catalogue_item_id: catalogueItemId, base_id: null, start_date: '2026-01-01', renewal_date: '2027-01-01', auto_renew: true, renewal_warranty: false, address_id: null, ended_on: null }).execute();
  return id;
}

export async function insertBillingExport(db: Kysely<Database>, organizationId: string, userId: string): Promise<string> {
  const id = randomUUID();
  await db.insertInto('billing_exports').values({ id, organization_id: organizationId, requested_by_user_id: userId, filters: '{}', expires_at: new Date(Date.now() + 86_400_000), storage_key: null, size: null, row_count: null, finished_at: null }).execute();
  return id;
}

