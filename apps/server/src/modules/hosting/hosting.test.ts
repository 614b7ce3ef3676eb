import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostingCredentialsSent, HostingSession } from '@preau/contracts';
import { insertIssuedInvoice } from '../../../test/support/billing-rows.ts';
import { createAgent, createTestApp, makeBase, makeOrganization, startSmsGateway, type Agent, type OrganizationFixture, type SmsGateway, type TestApp } from '../../../test/support/index.ts';
import { createBasesRepository } from '../bases/bases.repository.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { hostingCredentialsSms, renderSms } from '../sms/sms.templates.ts';
import { generateHostingPassword } from './hosting-password.ts';

type Org = OrganizationFixture<'owner' | 'coOwner' | 'admin' | 'collaborator' | 'direction'>;

/** Gives the account a verified phone number, as the profile's verification by SMS would. */
async function verifyPhone(t: TestApp, userId: string, phone: string): Promise<void> {
  await t.db.updateTable('user').set({ phone, phone_verified_at: new Date() }).where('id', '=', userId).execute();
}

/** An issued pro forma or credit note of the organisation with `number`: documents that are no invoice. */
async function insertIssuedDocument(t: TestApp, organizationId: string, values: { kind: 'credit_note' | 'pro_forma'; number: string; creditedInvoiceId?: string }): Promise<void> {
  await t.db.insertInto('billing_documents').values({
    id: randomUUID(), organization_id: organizationId, kind: values.kind, state: 'finalized', source: values.kind === 'pro_forma' ? 'pro_forma' : 'manual', number: values.number, number_year: 2026, number_seq: 777,
    issue_date: '2026-12-01', due_date: null, currency: 'EUR', locale: 'fr', address_id: null,
    customer: JSON.stringify({ name: 'École', address: { lines: ['1 rue'], postalCode: '75001', city: 'Paris', country: 'FR' }, siret: null, vatNumber: null, serviceCode: null, purchaseOrder: null, email: null }),
    provider: null, vat_rows: '[]', credited_invoice_id: values.creditedInvoiceId ?? null, converted_invoice_id: null, payment_reference: null, paid_on: null, pdf_key: null, pdf_sha256: null, pdf_size: null,
    paid_pdf_key: null, paid_pdf_sha256: null, paid_pdf_size: null, created_by_user_id: null, finalized_at: new Date(), finalized_by_user_id: null,
  }).execute();
}

async function invoiceNumber(t: TestApp, organizationId: string): Promise<string> {
  const id = await insertIssuedInvoice(t.db, organizationId);
  return (await t.db.selectFrom('billing_documents').select('number').where('id', '=', id).executeTakeFirstOrThrow()).number!;
}

let addressCount = 0;
/** A client address of its own: failed sign-ins are also counted per address. */
const nextAddress = () => `10.20.${(addressCount += 1) >> 8}.${addressCount & 255}`;

describe('hosting password and its text', () => {
  // The GSM 03.38 default alphabet (as sms.test.ts checks the other templates).
  const GSM_7 = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);

  it('draws 14 unambiguous characters, different each time', () => {
    const passwords = Array.from({ length: 200 }, generateHostingPassword);
    for (const password of passwords) expect(password).toMatch(/^[A-HJ-NP-RTW-Y3-46-9a-hjkmnpqrtwxy]{14}$/);
    expect(new Set(passwords).size).toBe(200);
  });

  it.each(['fr', 'en'] as const)('fits the hosting number and the password in one SMS of the GSM alphabet (%s)', (locale) => {
    const text = renderSms(hostingCredentialsSms, locale, { hostingNumber: '123456789012', password: generateHostingPassword() });
    expect(text.length).toBeLessThanOrEqual(160);
    expect([...text].filter((c) => !GSM_7.has(c))).toEqual([]);
  });
});

describe('hosting credentials and the hosting console (SMS gateway)', () => {
  let gateway: SmsGateway;
  let t: TestApp;
  let offsetMs = 0;
  let a: Org;
  let orgA: string;
  let numberA: string;
  let invoiceA: string;

  beforeAll(async () => {
    gateway = await startSmsGateway();
    t = await createTestApp({ config: { smsUrl: gateway.url }, clock: () => new Date(Date.now() + offsetMs) });
    a = await makeOrganization(t, { owner: 'owner', coOwner: 'owner', admin: 'admin', collaborator: 'collaborator', direction: 'collaborator' }, { locales: { coOwner: 'en' } });
    orgA = a.organization.id;
    numberA = a.organization.hostingNumber;
    await verifyPhone(t, a.people.owner.userId, '+33612345678');
    await verifyPhone(t, a.people.coOwner.userId, '+33755443322');
    // The administrator's verified number gets nothing: the credentials go to legal owners only.
    await verifyPhone(t, a.people.admin.userId, '+33611111111');
    invoiceA = await invoiceNumber(t, orgA);
  });
  afterAll(async () => {
    await t?.close();
    await gateway?.close();
  });

  /** Moves the application's clock past the hour of the send limit. */
  const nextHour = () => { offsetMs += 61 * 60_000; };
  const passwordTo = (phone: string) => gateway.requests.filter((r) => r.body.to === phone).at(-1)?.body.text?.match(/(?:Mot de passe :|Password:) ([A-Za-z0-9]{14})\./)?.[1];
  const sendCredentials = async (agent: Agent) => {
    nextHour();
    const response = await agent.post(`/api/organizations/${orgA}/hosting-credentials/send`);
    expect(response.statusCode, response.body).toBe(200);
    return { sent: response.json<HostingCredentialsSent>(), password: passwordTo('+33612345678')! };
  };
  const signIn = (body: Record<string, unknown>, agent = createAgent(t.app), ip = nextAddress()) =>
    agent.request({ method: 'POST', url: '/api/hosting/sign-in', body, remoteAddress: ip }).then((response) => ({ response, agent }));
  const refused = (response: { statusCode: number; json<T>(): T }) => {
    expect(response.statusCode).toBe(401);
    return response.json<{ error: { code: string; message: string } }>().error;
  };

  it('generates a 14-character password when first asked for, keeps only its hash, and texts it with the hosting number to the legal owners in their language', async () => {
    expect(await t.db.selectFrom('hosting_credentials').selectAll().where('organization_id', '=', orgA).executeTakeFirst()).toBeUndefined();
    const before = gateway.requests.length;
    const { sent, password } = await sendCredentials(a.people.owner.agent);
    expect(sent.sentTo.sort()).toEqual(['+33*******22', '+33*******78']);
    const texts = gateway.requests.slice(before);
    expect(texts.map((r) => r.body.to).sort()).toEqual(['+33612345678', '+33755443322']);
    expect(texts.find((r) => r.body.to === '+33612345678')?.body.text).toBe(`Préau, console d'hébergement. Numéro : ${numberA}. Mot de passe : ${password}. L'ancien mot de passe ne fonctionne plus.`);
    expect(texts.find((r) => r.body.to === '+33755443322')?.body.text).toBe(`Préau hosting console. Number: ${numberA}. Password: ${password}. The previous password no longer works.`);
    expect(password).toMatch(/^[A-HJ-NP-Z2-9a-km-z]{14}$/);
    const row = await t.db.selectFrom('hosting_credentials').selectAll().where('organization_id', '=', orgA).executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain(password);
    expect(row.password_hash).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
    expect(row.password_set_at).toBeInstanceOf(Date);
    expect(JSON.stringify(await t.db.selectFrom('hosting_credentials').selectAll().execute())).not.toContain(password);
  });

  it('lets owners, administrators and a base\'s direction ask for the credentials, nobody else; a legal owner alone resets', async () => {
    const base = await makeBase(a.people.owner.agent, orgA);
    await createBasesRepository(t.db).upsertProfile(orgA, base.id, a.people.direction.memberId, 'direction');
    nextHour();
    expect((await a.people.admin.agent.post(`/api/organizations/${orgA}/hosting-credentials/send`)).statusCode).toBe(200);
    nextHour();
    expect((await a.people.direction.agent.post(`/api/bases/${base.id}/hosting-credentials/send`)).statusCode).toBe(200);
    expect((await a.people.direction.agent.post(`/api/organizations/${orgA}/hosting-credentials/send`)).json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await a.people.collaborator.agent.post(`/api/organizations/${orgA}/hosting-credentials/send`)).json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await a.people.admin.agent.post(`/api/organizations/${orgA}/hosting-credentials/reset`)).json()).toMatchObject({ error: { code: 'forbidden' } });
    // The capabilities the console shows the buttons from.
    const organization = (who: Agent) => who.get(`/api/organizations/${orgA}`).then((r) => r.json<{ capabilities: string[] }>().capabilities);
    expect(await organization(a.people.owner.agent)).toEqual(expect.arrayContaining(['hosting.credentials.send', 'hosting.password.reset']));
    expect(await organization(a.people.admin.agent)).toContain('hosting.credentials.send');
    expect(await organization(a.people.admin.agent)).not.toContain('hosting.password.reset');
    expect((await a.people.direction.agent.get(`/api/bases/${base.id}`)).json<{ capabilities: string[] }>().capabilities).toContain('hosting.credentials.sendFromBase');
  });

  it('limits the sends to 3 an hour per organisation', async () => {
    nextHour();
    for (let i = 0; i < 3; i += 1) expect((await a.people.owner.agent.post(`/api/organizations/${orgA}/hosting-credentials/send`)).statusCode).toBe(200);
    const limited = await a.people.admin.agent.post(`/api/organizations/${orgA}/hosting-credentials/send`);
    expect([limited.statusCode, limited.json<{ error: { code: string } }>().error.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('asks for the number of an invoice of THAT organisation at the first sign-in only; any other is the same neutral refusal', async () => {
    const { password } = await sendCredentials(a.people.owner.agent);
    const b = await makeOrganization(t, { owner: 'owner' });
    const invoiceOfB = await invoiceNumber(t, b.organization.id);
    // A draft has no number yet (the schema says so); documents that are no invoice do not count.
    await insertIssuedDocument(t, orgA, { kind: 'pro_forma', number: 'PF2026-000777' });
    const invoiceToCredit = await insertIssuedInvoice(t.db, orgA);
    await insertIssuedDocument(t, orgA, { kind: 'credit_note', number: 'A2026-000777', creditedInvoiceId: invoiceToCredit });
    const errors: { code: string; message: string }[] = [];
    for (const invoice of [undefined, '', invoiceOfB, 'PF2026-000777', 'A2026-000777', 'F2099-123456']) {
      // Past the lock's window each time: 5 failures would lock the number.
      offsetMs += 16 * 60_000;
      errors.push(refused((await signIn({ hostingNumber: numberA, password, ...(invoice === undefined ? {} : { invoiceNumber: invoice }) })).response));
    }
    expect(new Set(errors.map((e) => JSON.stringify(e))).size).toBe(1);
    expect(errors[0]?.code).toBe('hosting.sign_in_failed');
    expect((await t.db.selectFrom('hosting_credentials').select('ownership_proved_at').where('organization_id', '=', orgA).executeTakeFirstOrThrow()).ownership_proved_at).toBeNull();

    // Written as people type it: the number in groups, the invoice number in lower case.
    const first = await signIn({ hostingNumber: numberA.replace(/(\d{4})/g, '$1 ').trim(), password, invoiceNumber: ` ${invoiceA.toLowerCase()}` });
    expect(first.response.statusCode, first.response.body).toBe(200);
    expect(first.response.json<HostingSession>()).toMatchObject({ organizationName: a.organization.name, hostingNumber: numberA, ownershipProved: true });
    const cookie = (first.response.cookies as { name: string; httpOnly?: boolean; sameSite?: string; path?: string; secure?: boolean }[]).find((c) => c.name.endsWith('preau.hosting_session'));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/hosting' });
    expect(cookie?.secure).toBeFalsy();
    const proof = await t.db.selectFrom('hosting_credentials').select(['ownership_proved_at', 'ownership_invoice_id']).where('organization_id', '=', orgA).executeTakeFirstOrThrow();
    expect(proof.ownership_proved_at).not.toBeNull();

    // Later sign-ins need no invoice number (one given is not looked at).
    expect((await signIn({ hostingNumber: numberA, password })).response.statusCode).toBe(200);
    expect((await signIn({ hostingNumber: numberA, password, invoiceNumber: 'anything' })).response.statusCode).toBe(200);
  });

  it('answers every failure alike: unknown number, number without a password, wrong password, malformed number', async () => {
    const { password } = await sendCredentials(a.people.owner.agent);
    const b = await makeOrganization(t, { owner: 'owner' });
    const causes = [
      { hostingNumber: '999999999999', password },
      { hostingNumber: b.organization.hostingNumber, password },
      { hostingNumber: numberA, password: `${password}x` },
      { hostingNumber: numberA, password: password.toLowerCase() },
      { hostingNumber: 'not a number', password },
    ];
    const errors: { code: string; message: string }[] = [];
    for (const body of causes) errors.push(refused((await signIn(body)).response));
    expect(errors.every((e) => JSON.stringify(e) === JSON.stringify(errors[0]))).toBe(true);
    expect(errors[0]).toEqual({ code: 'hosting.sign_in_failed', message: expect.stringMatching(/^Connexion refusée\./) });
  });

  it('locks a hosting number after 5 failures, even against the right password, until the lock ends', async () => {
    const { password } = await sendCredentials(a.people.owner.agent);
    for (let i = 0; i < 5; i += 1) refused((await signIn({ hostingNumber: numberA, password: 'wrong-password!' })).response);
    const locked = await signIn({ hostingNumber: numberA, password });
    expect(refused(locked.response).code).toBe('hosting.sign_in_failed');
    // From another address too: the lock is the number's.
    expect(refused((await signIn({ hostingNumber: numberA, password }, createAgent(t.app), nextAddress())).response).code).toBe('hosting.sign_in_failed');
    offsetMs += 16 * 60_000;
    expect((await signIn({ hostingNumber: numberA, password })).response.statusCode).toBe(200);
  });

  it('locks a client address after 10 failures, whatever the numbers', async () => {
    const { password } = await sendCredentials(a.people.owner.agent);
    const ip = nextAddress();
    for (let i = 0; i < 10; i += 1) refused((await signIn({ hostingNumber: String(100_000_000_000 + i), password: 'x' }, createAgent(t.app), ip)).response);
    refused((await signIn({ hostingNumber: numberA, password }, createAgent(t.app), ip)).response);
    expect((await signIn({ hostingNumber: numberA, password })).response.statusCode).toBe(200);
    offsetMs += 16 * 60_000;
  });

  it('rotates the password on every send: the old one fails, sessions end', async () => {
    const first = await sendCredentials(a.people.owner.agent);
    const session = await signIn({ hostingNumber: numberA, password: first.password });
    expect((await session.agent.get('/api/hosting/session')).statusCode).toBe(200);
    const second = await sendCredentials(a.people.coOwner.agent);
    expect(second.password).not.toBe(first.password);
    expect(refused((await signIn({ hostingNumber: numberA, password: first.password })).response).code).toBe('hosting.sign_in_failed');
    expect((await session.agent.get('/api/hosting/session')).statusCode).toBe(401);
    expect((await signIn({ hostingNumber: numberA, password: second.password })).response.statusCode).toBe(200);
  });

  it('keeps the hosting session and member sessions apart', async () => {
    const { password } = await sendCredentials(a.people.owner.agent);
    const { agent } = await signIn({ hostingNumber: numberA, password });
    // A hosting session is nobody on member routes…
    expect((await agent.get('/api/me')).statusCode).toBe(401);
    expect((await agent.get(`/api/organizations/${orgA}`)).statusCode).toBe(401);
    // …and a member session (the legal owner's, an operator's) nobody on hosting routes.
    expect((await a.people.owner.agent.get('/api/hosting/session')).statusCode).toBe(401);
    await createOperatorsRepository(t.db).grant(a.people.admin.userId);
    expect((await a.people.admin.agent.get('/api/hosting/session')).statusCode).toBe(401);
    expect((await createAgent(t.app).get('/api/hosting/session')).statusCode).toBe(401);

    // The session acts for its organisation alone: another's base is not found.
    const session = (await agent.get('/api/hosting/session')).json<HostingSession>();
    expect(session.bases.length).toBeGreaterThan(0);
    expect((await agent.get(`/api/hosting/bases/${session.bases[0]!.id}`)).json()).toMatchObject({ id: session.bases[0]!.id, state: 'in_service' });
    const b = await makeOrganization(t, { owner: 'owner' });
    const baseOfB = await makeBase(b.people.owner.agent, b.organization.id);
    expect((await agent.get(`/api/hosting/bases/${baseOfB.id}`)).json()).toMatchObject({ error: { code: 'not_found' } });

    // Writes need the CSRF header like any cookie session's; signing out ends the session.
    expect((await agent.request({ method: 'POST', url: '/api/hosting/sign-out', withoutCsrf: true })).statusCode).toBe(403);
    expect((await agent.post('/api/hosting/sign-out')).statusCode).toBe(204);
    expect((await agent.get('/api/hosting/session')).statusCode).toBe(401);
  });

  it('ends a session after 2 hours without use', async () => {
    const { password } = await sendCredentials(a.people.owner.agent);
    const { agent } = await signIn({ hostingNumber: numberA, password });
    offsetMs += 90 * 60_000;
    expect((await agent.get('/api/hosting/session')).statusCode).toBe(200);
    offsetMs += 90 * 60_000;
    expect((await agent.get('/api/hosting/session')).statusCode).toBe(200);
    offsetMs += 121 * 60_000;
    expect((await agent.get('/api/hosting/session')).statusCode).toBe(401);
  });

  it('changes the password from a hosting session: the current one, a new strong one of 14 characters', async () => {
    const { password } = await sendCredentials(a.people.owner.agent);
    const { agent } = await signIn({ hostingNumber: numberA, password });
    const other = await signIn({ hostingNumber: numberA, password });
    const change = (body: object) => agent.request({ method: 'POST', url: '/api/hosting/password', body, remoteAddress: '10.99.0.1' });
    expect((await change({ currentPassword: 'wrong', newPassword: 'violet tapir juggles seven lanterns' })).json()).toMatchObject({ error: { code: 'hosting.password_wrong' } });
    expect((await change({ currentPassword: password, newPassword: 'short one' })).json()).toMatchObject({ error: { code: 'auth.password_too_short', params: { min: 14 } } });
    expect((await change({ currentPassword: password, newPassword: 'passwordpassword' })).json()).toMatchObject({ error: { code: 'auth.password_too_weak' } });
    expect((await change({ currentPassword: password, newPassword: 'violet tapir juggles seven lanterns' })).statusCode).toBe(204);
    expect((await agent.get('/api/hosting/session')).statusCode).toBe(200);
    expect((await other.agent.get('/api/hosting/session')).statusCode).toBe(401);
    refused((await signIn({ hostingNumber: numberA, password })).response);
    expect((await signIn({ hostingNumber: numberA, password: 'violet tapir juggles seven lanterns' })).response.statusCode).toBe(200);
  });

  it('lets a legal owner reset the password: a new one by SMS, the changed one fails', async () => {
    nextHour();
    const reset = await a.people.owner.agent.post(`/api/organizations/${orgA}/hosting-credentials/reset`);
    expect(reset.statusCode, reset.body).toBe(200);
    const password = passwordTo('+33612345678')!;
    refused((await signIn({ hostingNumber: numberA, password: 'violet tapir juggles seven lanterns' })).response);
    expect((await signIn({ hostingNumber: numberA, password })).response.statusCode).toBe(200);
  });

  it('says clearly when no legal owner has a verified phone', async () => {
    const b = await makeOrganization(t, { owner: 'owner', admin: 'admin' });
    await verifyPhone(t, b.people.admin.userId, '+33622222222');
    const before = gateway.requests.length;
    const response = await b.people.owner.agent.post(`/api/organizations/${b.organization.id}/hosting-credentials/send`);
    expect([response.statusCode, response.json<{ error: { code: string } }>().error.code]).toEqual([409, 'hosting.no_verified_phone']);
    expect(gateway.requests.length).toBe(before);
    expect(await t.db.selectFrom('hosting_credentials').selectAll().where('organization_id', '=', b.organization.id).executeTakeFirst()).toBeUndefined();
  });

  it('fails clearly when the gateway refuses every text', async () => {
    nextHour();
    gateway.answer = 500;
    try {
      const response = await a.people.owner.agent.post(`/api/organizations/${orgA}/hosting-credentials/send`);
      expect([response.statusCode, response.json<{ error: { code: string } }>().error.code]).toEqual([503, 'sms.send_failed']);
    } finally {
      gateway.answer = 'ok';
    }
  });
});

describe('hosting credentials through the development SMS outbox', () => {
  it('writes the text to the outbox, where an operator reads the password to sign in with', async () => {
    const t = await createTestApp({ mailMode: 'outbox' });
    try {
      const org = await makeOrganization(t, { owner: 'owner' });
      await verifyPhone(t, org.people.owner.userId, '+33698765432');
      await createOperatorsRepository(t.db).grant(org.people.owner.userId);
      expect((await org.people.owner.agent.post(`/api/organizations/${org.organization.id}/hosting-credentials/send`)).statusCode).toBe(200);
      const outbox = await org.people.owner.agent.get('/api/dev/sms-outbox');
      const text = outbox.json<{ items: { to: string; text: string }[] }>().items.find((m) => m.to === '+33698765432')?.text ?? '';
      const password = /Mot de passe : ([A-Za-z0-9]{14})\./.exec(text)?.[1];
      expect(password).toBeDefined();
      const invoice = await invoiceNumber(t, org.organization.id);
      const agent = createAgent(t.app);
      const signedIn = await agent.post('/api/hosting/sign-in', { hostingNumber: org.organization.hostingNumber, password, invoiceNumber: invoice });
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      expect((await agent.get('/api/hosting/session')).json()).toMatchObject({ hostingNumber: org.organization.hostingNumber, ownershipProved: true, bases: [] });
    } finally {
      await t.close();
    }
  });
});
