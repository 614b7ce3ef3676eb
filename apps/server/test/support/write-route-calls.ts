// Successful calls of the write routes whose bodies the access walk cannot fill (files, ids made by an
// earlier call, a state to reach first), so the walk checks each leaves an audit entry.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import yazl from 'yazl';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { SAMPLE_PROVIDER_IDENTITY } from '../../src/modules/billing/billing.factories.ts';
import { camt053, type Transfer } from '../../src/modules/payments/camt.test-helpers.ts';
import { insertBillingAddress, insertCatalogueItem, insertIssuedInvoice, insertProduct } from './billing-rows.ts';
import { hostingAgent } from './hosting.ts';
import { defaultSwitches } from '../../src/modules/members/member-rules.ts';
import { createMembersRepository } from '../../src/modules/members/members.repository.ts';
import type { Response } from 'light-my-request';
import { createAgent, type Agent } from './agent.ts';
import type { TestApp } from './test-app.ts';

/** What the calls need from the walk: organisation A, its legal owner, the operator. */
export interface WriteCallContext {
  t: TestApp;
  orgId: string;
  hostingNumber: string;
  ownerUserId: string;
  owner: Agent;
  operator: Agent;
  catalogueItemId: string;
  /** The text of the last SMS the gateway took. */
  lastSms: () => string | undefined;
  /** A base of the organisation inserted straight in `state`, with a UAI of its own. */
  insertBase: (state: 'in_service' | 'stopped') => Promise<string>;
}

type CallAnswer = Response;

/** One route called with success: the call and its preparation (done by `call`, before the request that counts). */
export interface WriteCall {
  route: string;
  /** Prepares what the call needs (not counted), then returns the call whose entry is checked. */
  prepare: () => Promise<() => Promise<CallAnswer>>;
  /** The instance's settings, no organisation's: nothing to find in the log (listed in the walk's CHANGES_NO_ORGANIZATION). */
  recordsNothing?: true;
}

const MULTIPART_BOUNDARY = 'write-route-calls';

/** A multipart body of text fields and one `file` part. */
function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }): { headers: Record<string, string>; body: Buffer } {
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${MULTIPART_BOUNDARY}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${MULTIPART_BOUNDARY}` }, body: Buffer.concat(parts) };
}

function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function ok(answer: CallAnswer, what: string): CallAnswer {
  if (answer.statusCode >= 300) throw new Error(`${what}: ${answer.statusCode} ${answer.body}`);
  return answer;
}

/** The calls, in an order where each finds what the earlier ones made. */
export function writeRouteCalls(c: WriteCallContext): WriteCall[] {
  const { t, orgId, owner } = c;
  let photo: Buffer | undefined;
  const jpeg = async () => (photo ??= await sharp({ create: { width: 30, height: 40, channels: 3, background: '#a08070' } }).jpeg().toBuffer());
  /** A base in service with a class and a pupil (a fresh one each time: calls may change or stop it). */
  const school = async () => {
    const baseId = await c.insertBase('in_service');
    const classId = randomUUID();
    await t.db.insertInto('classes').values({ id: classId, organization_id: orgId, base_id: baseId, code: `W${classId.slice(0, 6)}`, label: 'Classe' }).execute();
    const pupilId = randomUUID();
    const nationalId = String(100_000_000 + Math.floor(Math.random() * 800_000_000));
    await t.db.insertInto('pupils').values({ id: pupilId, organization_id: orgId, base_id: baseId, national_id: nationalId, last_name: 'Walker', first_name: 'Lou', class_id: classId }).execute();
    return { baseId, classId, pupilId, nationalId };
  };
  /** A finished resumable upload of the owner on the base, for `purpose`. */
  const upload = async (baseId: string, purpose: string, name: string, bytes: Buffer) => {
    const metadata = `purpose ${Buffer.from(purpose).toString('base64')},filename ${Buffer.from(name).toString('base64')}`;
    const created = ok(await owner.request({ method: 'POST', url: `/api/bases/${baseId}/uploads`, headers: { 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'upload-metadata': metadata } }), 'upload');
    const location = String(created.headers.location);
    return { location, finish: () => owner.request({ method: 'PATCH', url: location, body: bytes, headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' } }), id: location.split('/').pop()! };
  };
  const csv = (text: string) => ({ body: Buffer.from(text), headers: { 'content-type': 'text/csv' } });
  /** A product billed to the organisation's default address. */
  const billedProduct = async () => {
    const address = await t.db.selectFrom('billing_addresses').select('id').where('organization_id', '=', orgId).where('is_default', '=', true).executeTakeFirst();
    if (!address) await t.db.updateTable('billing_addresses').set({ is_default: true }).where('id', '=', await insertBillingAddress(t.db, orgId)).execute();
    return insertProduct(t.db, orgId, c.catalogueItemId);
  };
  const proForma = async () => {
    const productId = await billedProduct();
    return ok(await owner.post(`/api/organizations/${orgId}/billing/pro-forma`, { productIds: [productId] }), 'pro forma').body;
  };

  return [
    ...operatorCalls(c),
    // A base's pupils, documents, letters, photos.
    { route: 'POST /api/bases/:baseId/pupils', prepare: async () => {
      const { baseId, classId } = await school();
      return () => owner.post(`/api/bases/${baseId}/pupils`, { nationalId: '707070707', lastName: 'Nouvel', firstName: 'Élève', classId });
    } },
    { route: 'PUT /api/bases/:baseId/pupils/:pupilId', prepare: async () => {
      const { baseId, classId, pupilId } = await school();
      return () => owner.put(`/api/bases/${baseId}/pupils/${pupilId}`, { nationalId: '808080808', lastName: 'Renommé', firstName: 'Élève', classId });
    } },
    { route: 'PUT /api/bases/:baseId/pupils/:pupilId/photo', prepare: async () => {
      const { baseId, pupilId } = await school();
      const bytes = await jpeg();
      return () => owner.request({ method: 'PUT', url: `/api/bases/${baseId}/pupils/${pupilId}/photo`, body: bytes, headers: { 'content-type': 'image/jpeg' } });
    } },
    { route: 'POST /api/bases/:baseId/pupils/:pupilId/documents', prepare: async () => {
      const { baseId, pupilId } = await school();
      const { headers, body } = multipart({ title: 'PAP', category: 'plan' }, { name: 'pap.pdf', type: 'application/pdf', bytes: PDF });
      return () => owner.request({ method: 'POST', url: `/api/bases/${baseId}/pupils/${pupilId}/documents`, headers, body });
    } },
    { route: 'POST /api/bases/:baseId/classes/:classId/documents', prepare: async () => {
      const { baseId, classId } = await school();
      const { headers, body } = multipart({ title: 'Sortie', category: 'other' }, { name: 'sortie.pdf', type: 'application/pdf', bytes: PDF });
      return () => owner.request({ method: 'POST', url: `/api/bases/${baseId}/classes/${classId}/documents`, headers, body });
    } },
    { route: 'POST /api/bases/:baseId/letters', prepare: async () => {
      const { baseId, pupilId } = await school();
      return () => owner.post(`/api/bases/${baseId}/letters`, { template: 'information', pupilId, information: { subject: 'Sortie', text: 'Départ à 8 h.' } });
    } },
    { route: 'POST /api/bases/:baseId/photos/zip-preview', prepare: async () => {
      const { baseId, nationalId } = await school();
      const zip = await zipOf([[`${nationalId}.jpg`, await jpeg()]]);
      return () => owner.request({ method: 'POST', url: `/api/bases/${baseId}/photos/zip-preview`, body: zip, headers: { 'content-type': 'application/zip' } });
    } },
    { route: 'POST /api/bases/:baseId/photos/zip-apply', prepare: async () => {
      const { baseId, nationalId } = await school();
      const zip = await zipOf([[`${nationalId}.jpg`, await jpeg()]]);
      const preview = ok(await owner.request({ method: 'POST', url: `/api/bases/${baseId}/photos/zip-preview`, body: zip, headers: { 'content-type': 'application/zip' } }), 'zip preview');
      const { previewId } = JSON.parse(preview.body) as { previewId: string };
      return () => owner.post(`/api/bases/${baseId}/photos/zip-apply`, { previewId });
    } },
    // Resumable uploads, and what claims them.
    { route: 'POST /api/bases/:baseId/uploads', prepare: async () => {
      const { baseId } = await school();
      const metadata = `purpose ${Buffer.from('document').toString('base64')},filename ${Buffer.from('a.txt').toString('base64')}`;
      return () => owner.request({ method: 'POST', url: `/api/bases/${baseId}/uploads`, headers: { 'tus-resumable': '1.0.0', 'upload-length': '5', 'upload-metadata': metadata } });
    } },
    { route: 'PATCH /api/bases/:baseId/uploads/:uploadId', prepare: async () => (await upload((await school()).baseId, 'document', 'a.txt', Buffer.from('hello'))).finish },
    { route: 'POST /api/bases/:baseId/documents/from-upload', prepare: async () => {
      const { baseId, pupilId } = await school();
      const done = await upload(baseId, 'document', 'pap.pdf', PDF);
      ok(await done.finish(), 'upload');
      return () => owner.post(`/api/bases/${baseId}/documents/from-upload`, { uploadId: done.id, title: 'PAP', category: 'plan', pupilId });
    } },
    { route: 'POST /api/bases/:baseId/lsu-imports/from-upload', prepare: async () => {
      const { baseId } = await school();
      const done = await upload(baseId, 'lsu-import', 'bilans.xml', await generateLsuBuffer({ version: '10.0', pupils: 2 }));
      ok(await done.finish(), 'upload');
      return () => owner.post(`/api/bases/${baseId}/lsu-imports/from-upload`, { uploadId: done.id });
    } },
    { route: 'POST /api/bases/:baseId/lsu-imports', prepare: async () => {
      const { baseId } = await school();
      const { headers, body } = multipart({}, { name: 'bilans.xml', type: 'application/xml', bytes: await generateLsuBuffer({ version: '10.0', pupils: 2 }) });
      return () => owner.request({ method: 'POST', url: `/api/bases/${baseId}/lsu-imports`, headers, body });
    } },
    // A base's structure from CSV, its year, its state, its hold.
    { route: 'POST /api/bases/:baseId/structure-imports/:kind/preview', recordsNothing: true, prepare: async () => {
      const { baseId } = await school();
      return () => owner.request({ method: 'POST', url: `/api/bases/${baseId}/structure-imports/disciplines/preview`, ...csv('code;libelle\nWC1;Latin\n') });
    } },
    { route: 'POST /api/bases/:baseId/structure-imports/:kind/apply', prepare: async () => {
      const { baseId } = await school();
      return () => owner.request({ method: 'POST', url: `/api/bases/${baseId}/structure-imports/disciplines/apply`, ...csv('code;libelle\nWC1;Latin\n') });
    } },
    { route: 'POST /api/bases/:baseId/put-in-service', prepare: async () => {
      const baseId = await c.insertBase('stopped');
      return () => owner.post(`/api/bases/${baseId}/put-in-service`);
    } },
    { route: 'POST /api/bases/:baseId/rollover', prepare: async () => {
      const { baseId, classId } = await school();
      return () => owner.post(`/api/bases/${baseId}/rollover`, { classes: [{ classId, target: null }] });
    } },
    { route: 'PUT /api/bases/:baseId/legal-hold', prepare: async () => {
      const { baseId } = await school();
      return () => owner.put(`/api/bases/${baseId}/legal-hold`, { reason: 'Contentieux en cours' });
    } },
    { route: 'DELETE /api/bases/:baseId/legal-hold', prepare: async () => {
      const { baseId } = await school();
      ok(await owner.put(`/api/bases/${baseId}/legal-hold`, { reason: 'Contentieux en cours' }), 'hold');
      return () => owner.request({ method: 'DELETE', url: `/api/bases/${baseId}/legal-hold` });
    } },
    // People: invitations, teams, the support.
    { route: 'POST /api/organizations/:orgId/invitations', prepare: async () => () => owner.post(`/api/organizations/${orgId}/invitations`, { emails: [`walk-${randomUUID()}@example.test`], role: 'collaborator' }) },
    { route: 'POST /api/organizations/:orgId/teams/:teamId/members', prepare: async () => {
      const team = JSON.parse(ok(await owner.post(`/api/organizations/${orgId}/teams`, { name: `Équipe ${randomUUID()}`, colour: '#123456' }), 'team').body) as { id: string };
      return () => owner.post(`/api/organizations/${orgId}/teams/${team.id}/members`, { emails: [`mate-${randomUUID()}@example.test`], inviteRole: 'external' });
    } },
    { route: 'POST /api/organizations/:orgId/support-access', prepare: async () => () => owner.post(`/api/organizations/${orgId}/support-access`, { durationHours: 1, reason: 'Walk of the write routes', write: false }) },
    { route: 'POST /api/organizations/:orgId/support-access/:grantId/revoke', prepare: async () => {
      const grant = JSON.parse(ok(await owner.post(`/api/organizations/${orgId}/support-access`, { durationHours: 1, reason: 'Walk: to revoke', write: false }), 'grant').body) as { id: string };
      return () => owner.post(`/api/organizations/${orgId}/support-access/${grant.id}/revoke`);
    } },
    // Billing, as the organisation's legal owner.
    { route: 'PATCH /api/organizations/:orgId/billing/products', prepare: async () => {
      await insertProduct(t.db, orgId, c.catalogueItemId);
      return () => owner.patch(`/api/organizations/${orgId}/billing/products`, { autoRenew: false, renewalWarranty: false });
    } },
    { route: 'POST /api/organizations/:orgId/billing/pro-forma', prepare: async () => {
      const productId = await billedProduct();
      return () => owner.post(`/api/organizations/${orgId}/billing/pro-forma`, { productIds: [productId] });
    } },
    { route: 'POST /api/organizations/:orgId/billing/documents/:docId/convert', prepare: async () => {
      const { id } = JSON.parse(await proForma()) as { id: string };
      return () => owner.post(`/api/organizations/${orgId}/billing/documents/${id}/convert`);
    } },
    { route: 'POST /api/organizations/:orgId/billing/reminder-checks', recordsNothing: true, prepare: async () => () => owner.post(`/api/organizations/${orgId}/billing/reminder-checks`, { code: 'WALK-0000' }) },
    { route: 'POST /api/organizations/:orgId/billing/payment-searches', recordsNothing: true, prepare: async () => () => owner.post(`/api/organizations/${orgId}/billing/payment-searches`, { date: '2026-12-02', amountCents: 1_200 }) },
    { route: 'POST /api/organizations/:orgId/billing/balance/payments', prepare: async () => {
      const documentId = await insertIssuedInvoice(t.db, orgId);
      await t.db.insertInto('billing_balances').values({ organization_id: orgId, balance_cents: 0 }).onConflict((oc) => oc.doNothing()).execute();
      await t.db.insertInto('billing_balance_ledger').values({ id: randomUUID(), organization_id: orgId, amount_cents: 5_000, reason: 'top_up', entry_id: null, document_id: null, payment_id: null, note: null, created_by_user_id: null }).execute();
      await t.db.updateTable('billing_balances').set((eb) => ({ balance_cents: eb('balance_cents', '+', 5_000) })).where('organization_id', '=', orgId).execute();
      return () => owner.post(`/api/organizations/${orgId}/billing/balance/payments`, { documentIds: [documentId] });
    } },
    // The hosting credentials, by SMS to the legal owner's verified phone (given now: the walk before would reset the password, ending the hosting sessions it uses).
    { route: 'POST /api/organizations/:orgId/hosting-credentials/send', prepare: async () => {
      await t.db.updateTable('user').set({ phone: '+33612345678', phone_verified_at: new Date() }).where('id', '=', c.ownerUserId).execute();
      return () => owner.post(`/api/organizations/${orgId}/hosting-credentials/send`);
    } },
    { route: 'POST /api/bases/:baseId/hosting-credentials/send', prepare: async () => {
      const { baseId } = await school();
      return () => owner.post(`/api/bases/${baseId}/hosting-credentials/send`);
    } },
    { route: 'POST /api/organizations/:orgId/hosting-credentials/reset', prepare: async () => () => owner.post(`/api/organizations/${orgId}/hosting-credentials/reset`) },
    // The hosting console: a base file loaded beside its stopped base, switched back; a profiles file applied.
    ...hostingCalls(c, school),
    ...customerBillingCalls(c),
  ];
}

/** The operator's instance-wide billing settings (first: issuing a document needs the provider's identity). */
function operatorCalls(c: WriteCallContext): WriteCall[] {
  const { operator } = c;
  const item = { labelFr: 'Stockage', labelEn: 'Storage', kind: 'base_hosting', priceCents: 1_000, vatRateBp: 2000, period: 'year' };
  let itemId = '';
  return [
    { route: 'PUT /api/operator/billing/provider', recordsNothing: true, prepare: async () => () => operator.put('/api/operator/billing/provider', SAMPLE_PROVIDER_IDENTITY) },
    { route: 'POST /api/operator/billing/catalogue', recordsNothing: true, prepare: async () => async () => {
      const answer = await operator.post('/api/operator/billing/catalogue', { code: `walk-${randomUUID().slice(0, 8)}`, ...item });
      itemId = answer.statusCode < 300 ? (JSON.parse(answer.body) as { id: string }).id : '';
      return answer;
    } },
    { route: 'PUT /api/operator/billing/catalogue/:itemId', recordsNothing: true, prepare: async () => () => operator.put(`/api/operator/billing/catalogue/${itemId}`, { code: `walk-${randomUUID().slice(0, 8)}`, ...item, labelEn: 'Storage (renamed)' }) },
    { route: 'PUT /api/operator/billing/reminder-schedule', recordsNothing: true, prepare: async () => () => operator.put('/api/operator/billing/reminder-schedule', { days: [10, 30] }) },
  ];
}

/** The operator's pages writing into an organisation: its customer's products, invoices, payments, balance, storage. */
function customerBillingCalls(c: WriteCallContext): WriteCall[] {
  const { operator, orgId, owner } = c;
  const lines = [{ label: 'Stockage', quantity: 1, unitPriceCents: 1_000, vatRateBp: 2000 }];
  const draft = async () => JSON.parse(ok(await operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { lines }), 'draft').body) as { id: string };
  const issued = async () => JSON.parse(ok(await operator.post(`/api/operator/billing/documents/${(await draft()).id}/finalize`), 'finalize').body) as { id: string; grossCents: number };
  const statement = (transfers: Transfer[]) => operator.request({ method: 'POST', url: '/api/operator/billing/statements', body: camt053(transfers), headers: { 'content-type': 'application/xml' } });
  return [
    // An item of its own: the walk archives the shared one.
    { route: 'POST /api/operator/billing/customers/:orgId/products', prepare: async () => {
      const catalogueItemId = await insertCatalogueItem(c.t.db);
      return () => operator.post(`/api/operator/billing/customers/${orgId}/products`, { catalogueItemId, startDate: '2026-01-01' });
    } },
    { route: 'POST /api/operator/billing/customers/:orgId/invoices', prepare: async () => () => operator.post(`/api/operator/billing/customers/${orgId}/invoices`, { lines }) },
    { route: 'DELETE /api/operator/billing/documents/:docId', prepare: async () => {
      const { id } = await draft();
      return () => operator.request({ method: 'DELETE', url: `/api/operator/billing/documents/${id}` });
    } },
    { route: 'POST /api/operator/billing/documents/:docId/finalize', prepare: async () => {
      const { id } = await draft();
      return () => operator.post(`/api/operator/billing/documents/${id}/finalize`);
    } },
    { route: 'POST /api/operator/billing/documents/:docId/payments', prepare: async () => {
      const invoice = await issued();
      return () => operator.post(`/api/operator/billing/documents/${invoice.id}/payments`, { amountCents: invoice.grossCents, receivedOn: '2026-12-02', method: 'transfer' });
    } },
    { route: 'POST /api/operator/billing/documents/:docId/credit-notes', prepare: async () => {
      const invoice = await issued();
      return () => operator.post(`/api/operator/billing/documents/${invoice.id}/credit-notes`, {});
    } },
    { route: 'POST /api/operator/billing/customers/:orgId/balance/credit-refunds', prepare: async () => {
      const invoice = await issued();
      ok(await operator.post(`/api/operator/billing/documents/${invoice.id}/payments`, { amountCents: invoice.grossCents, receivedOn: '2026-12-02', method: 'transfer' }), 'payment');
      const note = JSON.parse(ok(await operator.post(`/api/operator/billing/documents/${invoice.id}/credit-notes`, {}), 'credit note').body) as { id: string };
      return () => operator.post(`/api/operator/billing/customers/${orgId}/balance/credit-refunds`, { creditNoteId: note.id });
    } },
    { route: 'POST /api/operator/billing/customers/:orgId/balance/payouts', prepare: async () => () => operator.post(`/api/operator/billing/customers/${orgId}/balance/payouts`, { amountCents: 100, note: 'Walk' }) },
    // A transfer naming the organisation's balance reference: parked on its balance.
    { route: 'POST /api/operator/billing/statements', prepare: async () => {
      const { reference } = JSON.parse(ok(await owner.get(`/api/organizations/${orgId}/billing/balance`), 'balance').body) as { reference: string };
      return () => statement([{ amount: '12.00', reference }]);
    } },
    { route: 'POST /api/operator/billing/bank-entries/:entryId/assign', prepare: async () => {
      const amount = `${40 + Math.floor(Math.random() * 50)}.17`;
      ok(await statement([{ amount, text: 'virement sans référence' }]), 'statement');
      const queue = JSON.parse(ok(await operator.get('/api/operator/billing/bank-entries?state=unmatched'), 'queue').body) as { items: { id: string; amountCents: number }[] };
      const entry = queue.items.find((e) => e.amountCents === Math.round(Number(amount) * 100));
      if (!entry) throw new Error('assign: the unmatched entry is not in the queue');
      return () => operator.post(`/api/operator/billing/bank-entries/${entry.id}/assign`, { organizationId: orgId });
    } },
    { route: 'PUT /api/operator/organizations/:orgId/storage', prepare: async () => () => operator.put(`/api/operator/organizations/${orgId}/storage`, { quota: { megabytes: 2_000 } }) },
  ];
}

const tusMetadata = (purpose: string, name: string) => `purpose ${Buffer.from(purpose).toString('base64')},filename ${Buffer.from(name).toString('base64')}`;

/** A resumable upload begun by a hosting console session: its id, and the PATCH that sends its bytes at once. */
async function hostingUpload(agent: Agent, purpose: string, name: string, bytes: Buffer) {
  const created = ok(await agent.request({ method: 'POST', url: '/api/hosting/uploads', headers: { 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'upload-metadata': tusMetadata(purpose, name) } }), 'hosting upload');
  const location = String(created.headers.location);
  return { id: location.split('/').pop()!, finish: () => agent.request({ method: 'PATCH', url: location, body: bytes, headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' } }) };
}

function hostingCalls(c: WriteCallContext, school: () => Promise<{ baseId: string; pupilId: string }>): WriteCall[] {
  const { owner, hostingNumber } = c;
  let loaded: { baseId: string; replacedBaseId: string } | undefined;
  // Signed in after the password's reset, which ends the hosting sessions.
  let session: Agent | undefined;
  const hosting = async () => (session ??= await hostingAgent(c.t, c.orgId));
  return [
    { route: 'POST /api/hosting/loads', prepare: async () => {
      const baseId = await c.insertBase('stopped');
      const file = ok(await owner.get(`/api/bases/${baseId}/hosting-file?hostingNumber=${hostingNumber}`), 'base file');
      return async () => {
        const answer = await (await hosting()).request({ method: 'POST', url: '/api/hosting/loads?fileName=walk.preau-base', body: file.rawPayload, headers: { 'content-type': 'application/octet-stream' } });
        if (answer.statusCode < 300) loaded = JSON.parse(answer.body) as { baseId: string; replacedBaseId: string };
        return answer;
      };
    } },
    { route: 'POST /api/hosting/bases/:baseId/switch-back', prepare: async () => {
      if (!loaded) throw new Error('switch-back: the load before it failed');
      const back = loaded.replacedBaseId;
      const agent = await hosting();
      return () => agent.post(`/api/hosting/bases/${back}/switch-back`);
    } },
    // The file grants a member a profile this Préau took away since: applying it grants it again.
    { route: 'POST /api/hosting/profiles/apply', prepare: async () => {
      const { baseId } = await school();
      const userId = randomUUID();
      await c.t.db.insertInto('user').values({ id: userId, name: 'Profiled', email: `profiled-${userId}@example.test` }).execute();
      const memberId = (await createMembersRepository(c.t.db).insertMember(c.orgId, { id: randomUUID(), userId, role: 'collaborator', ...defaultSwitches('collaborator') })).id;
      await c.t.db.insertInto('base_profiles').values({ organization_id: c.orgId, base_id: baseId, member_id: memberId, profile: 'read_only', ends_on: null, warned_on: null }).execute();
      const file = ok(await owner.get(`/api/bases/${baseId}/profiles-file?hostingNumber=${hostingNumber}`), 'profiles file');
      await c.t.db.deleteFrom('base_profiles').where('base_id', '=', baseId).where('member_id', '=', memberId).execute();
      const agent = await hosting();
      return () => agent.request({ method: 'POST', url: '/api/hosting/profiles/apply', body: file.rawPayload, headers: { 'content-type': 'application/octet-stream' } });
    } },
    // The console's resumable uploads: one begun, one finished, a base file loaded from one, an annex file completing a base from another.
    { route: 'POST /api/hosting/uploads', prepare: async () => {
      const agent = await hosting();
      return () => agent.request({ method: 'POST', url: '/api/hosting/uploads', headers: { 'tus-resumable': '1.0.0', 'upload-length': '5', 'upload-metadata': tusMetadata('hosting-annex', 'walk.preau-photos') } });
    } },
    { route: 'PATCH /api/hosting/uploads/:uploadId', prepare: async () => (await hostingUpload(await hosting(), 'hosting-annex', 'walk.preau-photos', Buffer.from('hello'))).finish },
    { route: 'POST /api/hosting/loads/from-upload', prepare: async () => {
      const baseId = await c.insertBase('stopped');
      const file = ok(await owner.get(`/api/bases/${baseId}/hosting-file?hostingNumber=${hostingNumber}`), 'base file');
      const agent = await hosting();
      const done = await hostingUpload(agent, 'hosting-base', 'walk.preau-base', file.rawPayload);
      ok(await done.finish(), 'upload');
      return () => agent.post('/api/hosting/loads/from-upload', { uploadId: done.id });
    } },
    // The photos file of a base whose pupil's photo was removed since: completing the base attaches it again.
    { route: 'POST /api/hosting/annexes', prepare: async () => {
      const { baseId, pupilId } = await school();
      const photo = await sharp({ create: { width: 30, height: 40, channels: 3, background: '#7080a0' } }).jpeg().toBuffer();
      ok(await owner.request({ method: 'PUT', url: `/api/bases/${baseId}/pupils/${pupilId}/photo`, body: photo, headers: { 'content-type': 'image/jpeg' } }), 'photo');
      const file = ok(await owner.get(`/api/bases/${baseId}/annex-files/photos?hostingNumber=${hostingNumber}`), 'photos file');
      ok(await owner.request({ method: 'DELETE', url: `/api/bases/${baseId}/pupils/${pupilId}/photo` }), 'photo removed');
      const agent = await hosting();
      const done = await hostingUpload(agent, 'hosting-annex', 'walk.preau-photos', file.rawPayload);
      ok(await done.finish(), 'upload');
      return () => agent.post('/api/hosting/annexes', { uploadId: done.id });
    } },
    // Signed in with the password the reset above sent by SMS (the sign-in itself is identity: not counted), then changed.
    { route: 'POST /api/hosting/password', prepare: async () => {
      const password = /(?:Mot de passe :|Password:) ([A-Za-z0-9]{14})\./.exec(c.lastSms() ?? '')?.[1];
      if (!password) throw new Error('password: no SMS with the hosting password');
      const agent = createAgent(c.t.app);
      ok(await agent.post('/api/hosting/sign-in', { hostingNumber, password }), 'sign-in');
      return () => agent.post('/api/hosting/password', { currentPassword: password, newPassword: 'violet tapir juggles seven lanterns' });
    } },
  ];
}
