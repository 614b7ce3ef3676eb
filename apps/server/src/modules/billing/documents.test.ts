import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingDocument, BillingDocumentPage } from '@preau/contracts';
import { createTestApp, eventually, type TestApp } from '../../../test/support/index.ts';
import { systemClock } from '../../shared/clock.ts';
import { createStorage } from '../storage/create-storage.ts';
import { createDocumentPdfs } from './document-pdfs.ts';
import { createDocumentsService } from './documents.service.ts';
import { createDocumentsRepository } from './documents.repository.ts';
import { expectJson, issueInvoice, SCHOOL_ADDRESS, setUpCustomer, setUpProvider, type BillingFixture } from './billing.test-helpers.ts';



/** The text of a PDF, read back with Debian's pdftotext (poppler-utils, installed by .ci/run). */
async function pdfText(bytes: Buffer): Promise<string> {
  const child = execFile('pdftotext', ['-layout', '-', '-'], { encoding: 'utf8', maxBuffer: 10 * 1024 * 1024 });
  const output = new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: string) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`pdftotext exited with ${code}`))));
  });
  child.stdin!.end(bytes);
  return output;
}

const LINES = [
  { label: 'Hébergement base collège 2026-2027', quantity: 1, unitPriceCents: 120_000, vatRateBp: 2000 },
  { label: 'Assistance premium', quantity: 3, unitPriceCents: 3_333, vatRateBp: 2000 },
  { label: 'Livret de formation', quantity: 2, unitPriceCents: 1_005, vatRateBp: 550 },
];

describe('billing documents', () => {
  let t: TestApp;
  let f: BillingFixture;
  let orgId: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = await setUpCustomer(t, await setUpProvider(t));
    orgId = f.org.organization.id;
  });
  afterAll(() => t?.close());

  it('finalises a draft with the next number of its series, frozen totals per VAT rate and a stored PDF that never changes', async () => {
    const invoice = await issueInvoice(f.operator, orgId, LINES);
    const year = invoice.issueDate!.slice(0, 4);
    expect(invoice.number).toMatch(new RegExp(`^F${year}-\\d{6}$`));
    expect(invoice).toMatchObject({ state: 'finalized', paymentStatus: 'unpaid', customerName: 'Collège Jean Moulin' });
    // Per line, VAT rounded half away from zero: 99.99 × 20 % = 19.998 → 20.00; 20.10 × 5.5 % = 1.1055 → 1.11.
    expect(invoice.lines.map((l) => [l.netCents, l.vatCents])).toEqual([[120_000, 24_000], [9_999, 2_000], [2_010, 111]]);
    expect(invoice.vat).toEqual([{ vatRateBp: 2000, netCents: 129_999, vatCents: 26_000 }, { vatRateBp: 550, netCents: 2_010, vatCents: 111 }]);
    expect([invoice.netCents, invoice.vatCents, invoice.grossCents, invoice.amountDueCents]).toEqual([132_009, 26_111, 158_120, 158_120]);

    const pdf = await f.org.people.owner.agent.get(`/api/billing/documents/${invoice.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    const text = await pdfText(bytes);
    for (const expected of [invoice.number!, 'Collège Jean Moulin', '69003', 'Lyon', '1 581,20', 'À payer', 'Hébergement scolaire SAS']) expect(text).toContain(expected);
    const again = await f.org.people.owner.agent.get(`/api/billing/documents/${invoice.id}/pdf?disposition=attachment`);
    expect(again.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
    expect(createHash('sha256').update(again.rawPayload).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    const stored = await t.db.selectFrom('billing_documents').select('pdf_sha256').where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(stored.pdf_sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('stores the original PDF in the background after answering, and the sweep stores one a stopped process left unstored', async () => {
    const invoice = await issueInvoice(f.operator, orgId, LINES.slice(1));
    await eventually(async () => (await t.db.selectFrom('billing_documents').select('pdf_key').where('id', '=', invoice.id).executeTakeFirstOrThrow()).pdf_key ?? undefined, { what: 'the background PDF', timeoutMs: 10_000 });

    // A process that stopped right after its finalising transaction: nothing stored the PDF.
    const stopped = createDocumentsService({ db: t.db, now: systemClock, pdfs: { storeSoon: () => undefined } });
    const draft = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { lines: LINES.slice(0, 1) }), 201);
    await stopped.finalize(orgId, draft.id, f.operator.user!.id);
    const unstored = () => t.db.selectFrom('billing_documents').select(['pdf_key', 'pdf_sha256']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect((await unstored()).pdf_key).toBeNull();
    const pdfs = createDocumentPdfs({ db: t.db, storage: await createStorage(t.config), log: { error: () => undefined } });
    expect(await pdfs.storeMissing()).toBeGreaterThanOrEqual(1);
    expect((await unstored()).pdf_key).toBe(`billing/${orgId}/${draft.id}.pdf`);
    const served = await f.org.people.owner.agent.get(`/api/billing/documents/${draft.id}/pdf`);
    expect(createHash('sha256').update(served.rawPayload).digest('hex')).toBe((await unstored()).pdf_sha256);
    await pdfs.stop();
  });

  it('refuses to finalise twice, and the database itself refuses to change or delete an issued document', async () => {
    const invoice = await issueInvoice(f.operator, orgId, LINES.slice(0, 1));
    const twice = await f.operator.post(`/api/operator/billing/documents/${invoice.id}/finalize`);
    expect([twice.statusCode, twice.json<{ error: { code: string } }>().error.code]).toEqual([409, 'billing_document.not_draft']);
    await expect(t.db.updateTable('billing_documents').set({ gross_cents: 1, net_cents: 1, vat_cents: 0 }).where('id', '=', invoice.id).execute()).rejects.toThrow(/issued/);
    await expect(t.db.deleteFrom('billing_documents').where('id', '=', invoice.id).execute()).rejects.toThrow(/issued/);
    await expect(t.db.updateTable('billing_document_lines').set({ quantity: 9 }).where('document_id', '=', invoice.id).execute()).rejects.toThrow(/issued/);
    const deleted = await f.operator.delete(`/api/operator/billing/documents/${invoice.id}`);
    expect(deleted.statusCode).toBe(409);
  });

  it('burns no number when a finalisation fails: the series stays gap-free', async () => {
    const first = await issueInvoice(f.operator, orgId, LINES.slice(0, 1));
    const other = await expectJson<{ id: string }>(f.org.people.owner.agent.post(`/api/organizations/${orgId}/billing/addresses`, { ...SCHOOL_ADDRESS, name: 'Annexe' }), 201);
    const draft = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { addressId: other.id, lines: LINES.slice(0, 1) }), 201);
    await expectJson(f.org.people.owner.agent.post(`/api/organizations/${orgId}/billing/addresses/${other.id}/archive`), 200);
    const refused = await f.operator.post(`/api/operator/billing/documents/${draft.id}/finalize`);
    expect([refused.statusCode, refused.json<{ error: { code: string } }>().error.code]).toEqual([409, 'billing_address.archived']);
    const second = await issueInvoice(f.operator, orgId, LINES.slice(0, 1));
    expect(Number(second.number!.slice(-6))).toBe(Number(first.number!.slice(-6)) + 1);
  });

  it('commits finalisations asked for at once together, each refused one with its own error and no number taken', async () => {
    const other = await expectJson<{ id: string }>(f.org.people.owner.agent.post(`/api/organizations/${orgId}/billing/addresses`, { ...SCHOOL_ADDRESS, name: 'Annexe fermée' }), 201);
    const archived = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { addressId: other.id, lines: LINES.slice(0, 1) }), 201);
    await expectJson(f.org.people.owner.agent.post(`/api/organizations/${orgId}/billing/addresses/${other.id}/archive`), 200);
    const drafts: string[] = [];
    for (let i = 0; i < 12; i += 1) drafts.push((await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { lines: [{ label: `Lot ${i}`, quantity: 1, unitPriceCents: 100, vatRateBp: 2000 }] }), 201)).id);
    const asked = [...drafts.slice(0, 6), archived.id, drafts[3]!, ...drafts.slice(6)];
    const answers = await Promise.all(asked.map((id) => f.operator.post(`/api/operator/billing/documents/${id}/finalize`)));
    const codes = answers.map((a) => (a.statusCode === 200 ? 'ok' : a.json<{ error: { code: string } }>().error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(12);
    expect(codes[6]).toBe('billing_address.archived');
    expect([codes[3], codes[7]].sort()).toEqual(['billing_document.not_draft', 'ok']);
    const issued = answers.filter((a) => a.statusCode === 200).map((a) => a.json<BillingDocument>());
    const numbers = issued.map((d) => Number(d.number!.slice(-6))).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]!).toBe(11);
    expect(new Set(issued.map((d) => d.id)).size).toBe(12);
    const next = await issueInvoice(f.operator, orgId, LINES.slice(0, 1));
    expect(Number(next.number!.slice(-6))).toBe(numbers.at(-1)! + 1);
    // On PostgreSQL, those that arrived while the first commit ran were committed together (PGlite's
    // one connection runs each request's access check after that commit: its batches hold one).
    const stamps = await t.db.selectFrom('billing_documents').select('finalized_at').where('id', 'in', drafts).execute();
    const batches = new Set(stamps.map((s) => s.finalized_at!.getTime())).size;
    expect(batches).toBeLessThanOrEqual(process.env.TEST_DATABASE_URL ? 11 : 12);
  });

  it('answers clear 4xx errors on bad input and writes nothing', async () => {
    const before = await t.db.selectFrom('billing_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = async (body: unknown) => f.operator.post(`/api/operator/billing/customers/${orgId}/invoices`, body);
    for (const line of [
      { label: 'x', quantity: 1, unitPriceCents: 10.5, vatRateBp: 2000 },
      { label: 'x', quantity: -1, unitPriceCents: 100, vatRateBp: 2000 },
      { label: 'x', quantity: 1, unitPriceCents: 100, vatRateBp: 1900 },
      { label: 'x', quantity: 1, unitPriceCents: 100, vatRateBp: 2000, productId: 'not-a-product' },
    ]) {
      const response = await bad({ lines: [line] });
      expect(response.statusCode, JSON.stringify(line)).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message.length).toBeGreaterThan(0);
    }
    const otherOrg = await setUpCustomer(t, f);
    const foreignAddress = await bad({ addressId: otherOrg.address.id, lines: LINES.slice(0, 1) });
    expect([foreignAddress.statusCode, foreignAddress.json<{ error: { code: string } }>().error.code]).toEqual([400, 'billing_address.not_found']);
    const after = await t.db.selectFrom('billing_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('credits part of an invoice, refuses more than remains, and voids the invoice once fully credited', async () => {
    const invoice = await issueInvoice(f.operator, orgId, LINES);
    const [hosting, support] = invoice.lines;
    const partial = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/documents/${invoice.id}/credit-notes`, { lines: [{ lineId: support!.id, quantity: 1 }] }), 201);
    expect(partial).toMatchObject({ kind: 'credit_note', state: 'finalized', creditedInvoiceId: invoice.id, creditedInvoiceNumber: invoice.number, netCents: 3_333, vatCents: 667 });
    expect(partial.number).toMatch(/^A\d{4}-\d{6}$/);
    const tooMuch = await f.operator.post(`/api/operator/billing/documents/${invoice.id}/credit-notes`, { lines: [{ lineId: support!.id, quantity: 3 }] });
    expect([tooMuch.statusCode, tooMuch.json<{ error: { code: string } }>().error.code]).toEqual([409, 'credit_note.exceeds_invoice']);
    expect(tooMuch.json<{ error: { message: string } }>().error.message).toMatch(/\(66,66\s€ HT restants\)|\(€66\.66 excl\. VAT left\)/);
    const foreignLine = await f.operator.post(`/api/operator/billing/documents/${invoice.id}/credit-notes`, { lines: [{ lineId: 'not-a-line', quantity: 1 }] });
    expect(foreignLine.json<{ error: { code: string } }>().error.code).toBe('credit_note.line_unknown');
    const rest = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/documents/${invoice.id}/credit-notes`, {}), 201);
    expect(rest.lines.find((l) => l.creditedLineId === hosting!.id)?.netCents).toBe(120_000);
    expect(rest.lines.find((l) => l.creditedLineId === support!.id)?.netCents).toBe(6_666);
    const credited = await expectJson<BillingDocument>(f.operator.get(`/api/operator/billing/documents/${invoice.id}`), 200);
    expect(credited).toMatchObject({ state: 'void', amountDueCents: 0 });
    expect(credited.creditNotes.map((c) => c.number)).toEqual([partial.number, rest.number]);
    const nothing = await f.operator.post(`/api/operator/billing/documents/${invoice.id}/credit-notes`, {});
    expect(nothing.statusCode).toBe(409);
  });

  it('records payments up to what is due, then serves the receipted PDF as a second stored file', async () => {
    const invoice = await issueInvoice(f.operator, orgId, LINES.slice(0, 1));
    const notPaid = await f.org.people.owner.agent.get(`/api/billing/documents/${invoice.id}/pdf?version=paid`);
    expect(notPaid.statusCode).toBe(409);
    const part = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/documents/${invoice.id}/payments`, { amountCents: 44_000, receivedOn: '2026-12-01', method: 'transfer', reference: 'VIR 1' }), 200);
    expect(part).toMatchObject({ paymentStatus: 'partially_paid', amountDueCents: 100_000 });
    const over = await f.operator.post(`/api/operator/billing/documents/${invoice.id}/payments`, { amountCents: 100_001, receivedOn: '2026-12-02', method: 'transfer' });
    expect([over.statusCode, over.json<{ error: { code: string } }>().error.code]).toEqual([409, 'payment.exceeds_due']);
    expect(over.json<{ error: { message: string } }>().error.message).toMatch(/\(1\s000,01\s€\).*\(1\s000,00\s€\)|\(€1,000\.01\).*\(€1,000\.00\)/);
    const paid = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/documents/${invoice.id}/payments`, { amountCents: 100_000, receivedOn: '2026-12-02', method: 'cheque' }), 200);
    expect(paid).toMatchObject({ paymentStatus: 'paid', paidOn: '2026-12-02', amountDueCents: 0, hasPaidPdf: true });
    const receipted = await f.org.people.owner.agent.get(`/api/billing/documents/${invoice.id}/pdf?version=paid`);
    expect(receipted.statusCode).toBe(200);
    const text = await pdfText(receipted.rawPayload);
    expect(text).toContain('Acquittée le');
    expect(text).not.toContain('À payer');
    const original = await pdfText((await f.org.people.owner.agent.get(`/api/billing/documents/${invoice.id}/pdf`)).rawPayload);
    expect(original).toContain('À payer');
  });

  it('lists the history newest first with filters and a cursor, hides drafts from customers, and exports the same set as CSV', async () => {
    const fresh = await setUpCustomer(t, f);
    const id = fresh.org.organization.id;
    const issued: BillingDocument[] = [];
    for (let i = 0; i < 5; i += 1) issued.push(await issueInvoice(f.operator, id, [{ label: `Ligne ${i}`, quantity: 1, unitPriceCents: 1000 + i, vatRateBp: 2000 }]));
    await expectJson(f.operator.post(`/api/operator/billing/documents/${issued[1]!.id}/payments`, { amountCents: issued[1]!.grossCents, receivedOn: '2026-12-01', method: 'transfer' }), 200);
    await expectJson(f.operator.post(`/api/operator/billing/documents/${issued[2]!.id}/credit-notes`, {}), 201);
    await expectJson(f.operator.post(`/api/operator/billing/customers/${id}/invoices`, { lines: LINES.slice(0, 1) }), 201);
    const owner = fresh.org.people.owner.agent;
    const base = `/api/organizations/${id}/billing/documents`;

    const first = await expectJson<BillingDocumentPage>(owner.get(`${base}?limit=3`), 200);
    expect(first.items).toHaveLength(3);
    const second = await expectJson<BillingDocumentPage>(owner.get(`${base}?limit=3&cursor=${first.nextCursor}`), 200);
    const all = [...first.items, ...second.items];
    expect(all.map((d) => d.state)).not.toContain('draft');
    expect(all).toHaveLength(6); // five invoices and one credit note
    expect(all[0]!.kind).toBe('credit_note');
    expect(second.nextCursor).toBeNull();

    const numbersOf = async (query: string) => (await expectJson<BillingDocumentPage>(owner.get(`${base}?${query}`), 200)).items.map((d) => d.number);
    expect(await numbersOf('status=paid')).toEqual([issued[1]!.number]);
    expect(await numbersOf('status=cancelled')).toEqual([issued[2]!.number]);
    expect((await numbersOf('status=unpaid')).sort()).toEqual([issued[0]!.number, issued[3]!.number, issued[4]!.number].sort());
    expect(await numbersOf('status=overdue')).toEqual([]);
    expect(await numbersOf('kind=credit_note')).toHaveLength(1);
    expect(await numbersOf(`q=${encodeURIComponent('ligne 3')}`)).toEqual([issued[3]!.number]);
    expect(await numbersOf(`q=${issued[4]!.number}`)).toEqual([issued[4]!.number]);
    expect(await numbersOf(`q=${issued[4]!.number!.toLowerCase()}`)).toEqual([issued[4]!.number]);
    expect(await numbersOf(`q=${Number(issued[4]!.number!.slice(-6))}`)).toEqual([issued[4]!.number]);
    expect(await numbersOf(`q=${issued[4]!.number!.slice(1)}`)).toEqual([issued[4]!.number]);
    expect((await numbersOf(`q=${issued[4]!.number!.slice(0, -1).toLowerCase()}`))).toContain(issued[4]!.number);
    const today = issued[0]!.issueDate!;
    expect((await numbersOf(`from=${today}&to=${today}`)).length).toBe(6);
    expect(await numbersOf('from=2000-01-01&to=2000-12-31')).toEqual([]);
    const badCursor = await owner.get(`${base}?cursor=zzz`);
    expect(badCursor.statusCode).toBe(400);

    const csv = await owner.get(`/api/organizations/${id}/billing/documents.csv?status=unpaid`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(';'));
    expect(rows[0]!.slice(0, 3)).toEqual(['Numéro', 'Type', 'État']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([issued[0]!.number, issued[3]!.number, issued[4]!.number].sort());
    const row3 = rows.find((r) => r[0] === issued[3]!.number)!;
    expect(row3.slice(8, 11)).toEqual(['10,03', '2,01', '12,04']);
    const point = await owner.get(`/api/organizations/${id}/billing/documents.csv?kind=credit_note&decimal=point`);
    const creditRow = point.body.trim().split('\r\n')[1]!.split(';');
    expect(creditRow[10]).toBe(`-${(issued[2]!.grossCents / 100).toFixed(2)}`);
  });

  it('writes the CSV records exactly as csv-stringify would: quotes, separators and formulas in labels, amounts, credit notes', async () => {
    const fresh = await setUpCustomer(t, f);
    const id = fresh.org.organization.id;
    const tricky = [
      { label: '=SOMME(A1;A2)', quantity: 1, unitPriceCents: 1005, vatRateBp: 2000 },
      { label: 'Dit "premium"; à part', quantity: 2, unitPriceCents: 1, vatRateBp: 550 },
    ];
    const invoice = await issueInvoice(f.operator, id, tricky);
    const plain = await issueInvoice(f.operator, id, [{ label: '-10 % @ partir de +2', quantity: 1, unitPriceCents: 99, vatRateBp: 0 }]);
    const credit = await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/documents/${plain.id}/credit-notes`, {}), 201);
    const csv = await fresh.org.people.owner.agent.get(`/api/organizations/${id}/billing/documents.csv`);
    expect(csv.statusCode).toBe(200);
    const expected = (doc: BillingDocument, kind: string, state: string, description: string, sign: 1 | -1, payment: string, due: number) => [
      doc.number ?? '', kind, state, doc.issueDate ?? '', doc.dueDate ?? '', doc.customerName ?? '', description, doc.currency,
      ...[doc.netCents, doc.vatCents, doc.grossCents].map((c) => euros(sign * c)), euros(doc.paidCents), euros(doc.creditedCents), euros(due), payment, 'non', '',
    ];
    const euros = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
    const refreshed = await expectJson<BillingDocument>(fresh.org.people.owner.agent.get(`/api/organizations/${id}/billing/documents/${plain.id}`), 200);
    const records = [
      expected(credit, 'Avoir', 'Émis', "'-10 % @ partir de +2", -1, '', 0),
      expected(refreshed, 'Facture', 'Annulé', "'-10 % @ partir de +2", 1, 'À payer', 0),
      expected(invoice, 'Facture', 'Émis', '\'=SOMME(A1;A2) · Dit "premium"; à part', 1, 'À payer', invoice.grossCents),
    ];
    const header = stringify([['Numéro', 'Type', 'État', "Date d'émission", "Date d'échéance", 'Client', 'Désignation', 'Devise', 'Total HT', 'TVA', 'Total TTC', 'Payé', 'Avoirs', 'Reste dû', 'Paiement', 'En retard', 'Payée le']], { delimiter: ';', record_delimiter: '\r\n' });
    expect(csv.body).toBe(`\uFEFF${header}${stringify(records, { delimiter: ';', record_delimiter: '\r\n' })}`);
  });

  it('finds documents by the words of their labels and number, accents and case aside, never a draft nor another organisation\'s', async () => {
    const fresh = await setUpCustomer(t, f);
    const other = await setUpCustomer(t, f);
    const id = fresh.org.organization.id;
    const housing = await issueInvoice(f.operator, id, [{ label: 'Hébergement ÉCOLE Jules-Ferry', quantity: 1, unitPriceCents: 1000, vatRateBp: 2000 }]);
    const training = await issueInvoice(f.operator, id, [{ label: 'Livret de formation', quantity: 1, unitPriceCents: 1000, vatRateBp: 2000 }, { label: 'Hébergement 2026-2027', quantity: 1, unitPriceCents: 1000, vatRateBp: 2000 }]);
    await issueInvoice(f.operator, other.org.organization.id, [{ label: 'Hébergement formation', quantity: 1, unitPriceCents: 1000, vatRateBp: 2000 }]);
    await expectJson(f.operator.post(`/api/operator/billing/customers/${id}/invoices`, { lines: [{ label: 'Formation brouillon', quantity: 1, unitPriceCents: 1000, vatRateBp: 2000 }] }), 201);
    const base = `/api/organizations/${id}/billing/documents`;
    const owner = fresh.org.people.owner.agent;
    const numbersOf = async (q: string) => (await expectJson<BillingDocumentPage>(owner.get(`${base}?q=${encodeURIComponent(q)}`), 200)).items.map((d) => d.number).sort();

    for (const q of ['hebergement', 'Hébergement', 'HÉBERGEMENT', 'héberg']) expect(await numbersOf(q)).toEqual([housing.number, training.number].sort());
    expect(await numbersOf('ecole jul')).toEqual([housing.number]);
    expect(await numbersOf('ferry')).toEqual([housing.number]);
    expect(await numbersOf('formation hébergement')).toEqual([training.number]);
    expect(await numbersOf('formation ecole')).toEqual([]);
    expect(await numbersOf('ormation')).toEqual([]); // a word's beginning, not any part of it
    expect(await numbersOf('hébergement 2026-2027')).toEqual([training.number]);
    expect(await numbersOf('brouillon')).toEqual([]); // a draft has no words until it is issued
    expect(await numbersOf('!!')).toEqual([]);
    // Another organisation's documents never match, though their words do.
    expect(await numbersOf('formation')).toEqual([training.number]);
    // The number: its beginning, its digits, its year and digits.
    expect(await numbersOf(housing.number!.slice(0, 7))).toEqual([housing.number, training.number].sort());
    expect(await numbersOf(housing.number!.toLowerCase())).toEqual([housing.number]);
    expect(await numbersOf(`${housing.number!} hébergement`)).toEqual([housing.number]);
    expect(await numbersOf(String(Number(training.number!.slice(-6))))).toContain(training.number);

    // The same answers when the documents are not fetched from a rare word's index entries but the
    // history is walked, each document probed (common words at scale).
    for (const q of ['hebergement', 'héberg', 'ecole jul', 'formation hébergement', 'formation ecole', 'ormation', housing.number!.slice(0, 7)]) {
      const page = async (rareWordDocuments?: number) =>
        (await createDocumentsRepository(t.db, { rareWordDocuments }).history(id, { q, includeDrafts: false, today: '2026-12-03' }, 10, undefined)).map((d) => d.number);
      expect(await page(0), q).toEqual(await page());
      expect((await page()).sort(), q).toEqual(await numbersOf(q));
    }
  });

  it('writes a CSV export in the background and e-mails its link to the member who asked', async () => {
    const owner = f.org.people.owner;
    const asked = await owner.agent.post(`/api/organizations/${orgId}/billing/exports`, { status: 'paid' });
    expect(asked.statusCode).toBe(202);
    const { id } = asked.json<{ id: string }>();
    const mail = await t.mail.waitFor({ to: owner.email, subject: /export/ });
    const link = mail.links.find((l) => l.endsWith('/file'))!;
    expect(link).toBe(`http://localhost:3000/api/organizations/${orgId}/billing/exports/${id}/file`);
    const file = await owner.agent.get(new URL(link).pathname);
    expect(file.statusCode).toBe(200);
    expect(file.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toContain('Numéro');
    const stranger = await f.org.people.external.agent.get(new URL(link).pathname);
    expect(stranger.statusCode).toBe(403);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('billing numbers under concurrency (PostgreSQL)', () => {
  let t: TestApp;
  let f: BillingFixture;

  beforeAll(async () => {
    t = await createTestApp();
    f = await setUpCustomer(t, await setUpProvider(t));
  });
  afterAll(() => t?.close());

  it('gives 100 racing finalisations unique, gap-free numbers', async () => {
    const orgId = f.org.organization.id;
    const drafts: string[] = [];
    for (let i = 0; i < 100; i += 1) {
      drafts.push((await expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { lines: [{ label: `L${i}`, quantity: 1, unitPriceCents: 100, vatRateBp: 2000 }] }), 201)).id);
    }
    const finalized = await Promise.all(drafts.map((id) => expectJson<BillingDocument>(f.operator.post(`/api/operator/billing/documents/${id}/finalize`), 200)));
    const numbers = finalized.map((d) => Number(d.number!.slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(100);
    expect(numbers[99]! - numbers[0]!).toBe(99);
  });
});


