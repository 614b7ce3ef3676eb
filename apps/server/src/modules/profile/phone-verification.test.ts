import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeOrganization, signUp, startSmsGateway, type Agent, type SmsGateway, type TestApp } from '../../../test/support/index.ts';
import { createVerifiedPhones } from './verified-phones.ts';

describe('verified phone numbers (/api/me/phone/*)', () => {
  let t: TestApp;
  let gateway: SmsGateway;
  let nowMs = Date.parse('2026-12-06T09:00:00.000Z');
  const advance = (ms: number) => {
    nowMs += ms;
  };

  beforeAll(async () => {
    gateway = await startSmsGateway();
    t = await createTestApp({ clock: () => new Date(nowMs), config: { smsUrl: gateway.url } });
  });
  afterAll(async () => {
    await t?.close();
    await gateway?.close();
  });

  /** A signed-up person whose profile holds `phone`. */
  async function personWithPhone(phone: string, locale: 'fr' | 'en' = 'fr'): Promise<Agent> {
    const agent = await signUp(t.app, { locale });
    expect((await agent.patch('/api/me', { phone })).statusCode).toBe(200);
    return agent;
  }
  const errorOf = (response: { statusCode: number; json: <T>() => T }) => {
    const { error } = response.json<{ error: { code: string; message: string } }>();
    return [response.statusCode, error.code] as const;
  };
  const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('should save the phone in E.164 and refuse a number that is not valid, naming the field', async () => {
    const agent = await signUp(t.app);
    const saved = await agent.patch('/api/me', { phone: '06 12 34 56 78' });
    expect(saved.json()).toMatchObject({ phone: '+33612345678', phoneVerifiedAt: null });

    for (const phone of ['06 12 34', '+33 6 00 00 00 0', '+999 123 456 789']) {
      const refused = await agent.patch('/api/me', { phone, name: 'Changed' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'validation_failed', fields: { '/phone': { code: 'phone.invalid' } } } });
    }
    // Nothing half-written: the name of the refused request was not saved either.
    expect((await agent.get('/api/me')).json()).toMatchObject({ phone: '+33612345678', name: expect.not.stringMatching('Changed') });
    expect((await agent.patch('/api/me', { phone: null })).json()).toMatchObject({ phone: null, phoneVerifiedAt: null });
  });

  it('should send a 6-digit code in the person\'s language and mark the number verified with it', async () => {
    const agent = await personWithPhone('07 55 44 33 22', 'en');
    const sent = await agent.post('/api/me/phone/verification');
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ phone: '+33755443322', expiresAt: new Date(nowMs + 10 * 60_000).toISOString() });
    const request = gateway.requests.at(-1);
    expect(request?.body).toEqual({ to: '+33755443322', text: expect.stringMatching(/^Préau: your verification code is [0-9]{6}\./) });
    const code = gateway.lastCodeTo('+33755443322')!;
    // Only its hash is kept.
    const row = await t.db.selectFrom('phone_verifications').selectAll().where('user_id', '=', agent.user!.id).executeTakeFirstOrThrow();
    expect(row.code_hash).not.toContain(code);
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);

    const verified = await agent.post('/api/me/phone/verify', { code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ phone: '+33755443322', phoneVerifiedAt: new Date(nowMs).toISOString() });
    expect(await t.db.selectFrom('phone_verifications').select('user_id').where('user_id', '=', agent.user!.id).execute()).toEqual([]);
    // Giving the code again, or asking for another, once verified.
    expect((await agent.post('/api/me/phone/verify', { code })).statusCode).toBe(200);
    expect(errorOf(await agent.post('/api/me/phone/verification'))).toEqual([409, 'phone.already_verified']);
  });

  it('should refuse to send a code without a number, or to a number no text reaches', async () => {
    const agent = await signUp(t.app);
    expect(errorOf(await agent.post('/api/me/phone/verification'))).toEqual([409, 'phone.missing']);
    expect(errorOf(await agent.post('/api/me/phone/verify', { code: '123456' }))).toEqual([409, 'phone.missing']);
    await agent.patch('/api/me', { phone: '09 12 34 56 78' });
    const before = gateway.requests.length;
    expect(errorOf(await agent.post('/api/me/phone/verification'))).toEqual([400, 'sms.recipient_invalid']);
    expect(gateway.requests).toHaveLength(before);
  });

  it('should refuse a code before one was sent, and malformed codes', async () => {
    const agent = await personWithPhone('06 11 22 33 44');
    expect(errorOf(await agent.post('/api/me/phone/verify', { code: '123456' }))).toEqual([409, 'phone.code_missing']);
    for (const code of ['12345', '1234567', 'abcdef', ' 12 34 ']) {
      expect(errorOf(await agent.post('/api/me/phone/verify', { code }))).toEqual([400, 'validation_failed']);
    }
  });

  it('should count wrong codes, and after 5 want a new code (the right one included)', async () => {
    const agent = await personWithPhone('06 22 33 44 55');
    await agent.post('/api/me/phone/verification');
    const code = gateway.lastCodeTo('+33622334455')!;
    for (const remaining of [4, 3, 2, 1]) {
      const wrong = await agent.post('/api/me/phone/verify', { code: wrongCodeFor(code) });
      expect(errorOf(wrong)).toEqual([400, 'phone.code_wrong']);
      expect(wrong.json()).toMatchObject({ error: { message: `Code incorrect. Tentatives restantes : ${remaining}.` } });
    }
    expect(errorOf(await agent.post('/api/me/phone/verify', { code: wrongCodeFor(code) }))).toEqual([409, 'phone.code_attempts_exhausted']);
    expect(errorOf(await agent.post('/api/me/phone/verify', { code }))).toEqual([409, 'phone.code_attempts_exhausted']);

    // A new code starts the count again; the old one no longer works.
    await agent.post('/api/me/phone/verification');
    const next = gateway.lastCodeTo('+33622334455')!;
    if (next !== code) expect(errorOf(await agent.post('/api/me/phone/verify', { code }))).toEqual([400, 'phone.code_wrong']);
    expect((await agent.post('/api/me/phone/verify', { code: next })).json()).toMatchObject({ phoneVerifiedAt: expect.any(String) });
  });

  it('should not let parallel guesses pass the cap of 5', async () => {
    const agent = await personWithPhone('06 33 44 55 66');
    await agent.post('/api/me/phone/verification');
    const code = gateway.lastCodeTo('+33633445566')!;
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => agent.post('/api/me/phone/verify', { code: String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0') })));
    expect(guesses.filter((g) => g.statusCode === 400)).toHaveLength(4);
    expect(guesses.filter((g) => g.statusCode === 409)).toHaveLength(8);
    expect((await t.db.selectFrom('phone_verifications').select('failed_attempts').where('user_id', '=', agent.user!.id).executeTakeFirstOrThrow()).failed_attempts).toBe(5);
  });

  it('should let a code expire after 10 minutes', async () => {
    const agent = await personWithPhone('06 44 55 66 77');
    await agent.post('/api/me/phone/verification');
    const code = gateway.lastCodeTo('+33644556677')!;
    advance(10 * 60_000);
    expect(errorOf(await agent.post('/api/me/phone/verify', { code }))).toEqual([409, 'phone.code_expired']);
    await agent.post('/api/me/phone/verification');
    advance(10 * 60_000 - 1);
    expect((await agent.post('/api/me/phone/verify', { code: gateway.lastCodeTo('+33644556677')! })).statusCode).toBe(200);
  });

  it('should send at most 3 codes an hour per account', async () => {
    const agent = await personWithPhone('06 55 66 77 88');
    const other = await personWithPhone('06 55 66 77 89');
    for (let i = 0; i < 3; i += 1) expect((await agent.post('/api/me/phone/verification')).statusCode).toBe(200);
    const sentBefore = gateway.requests.length;
    const limited = await agent.post('/api/me/phone/verification');
    expect(errorOf(limited)).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(gateway.requests).toHaveLength(sentBefore);
    // The last code sent still works, and another account is not held back.
    expect((await other.post('/api/me/phone/verification')).statusCode).toBe(200);
    advance(60 * 60_000);
    expect((await agent.post('/api/me/phone/verification')).statusCode).toBe(200);
  });

  it('should clear the verification when the number changes, and keep it for the same number written otherwise', async () => {
    const agent = await personWithPhone('06 66 77 88 99');
    await agent.post('/api/me/phone/verification');
    await agent.post('/api/me/phone/verify', { code: gateway.lastCodeTo('+33666778899')! });
    const verifiedAt = new Date(nowMs).toISOString();

    expect((await agent.patch('/api/me', { phone: '+33 6 66 77 88 99', name: 'Same number' })).json()).toMatchObject({ phone: '+33666778899', phoneVerifiedAt: verifiedAt });
    expect((await agent.patch('/api/me', { name: 'No phone given' })).json()).toMatchObject({ phoneVerifiedAt: verifiedAt });
    expect((await agent.patch('/api/me', { phone: '06 66 77 88 98' })).json()).toMatchObject({ phone: '+33666778898', phoneVerifiedAt: null });

    // A code sent to a number is dropped when the number changes before it is given back.
    await agent.post('/api/me/phone/verification');
    const code = gateway.lastCodeTo('+33666778898')!;
    await agent.patch('/api/me', { phone: '06 66 77 88 97' });
    expect(errorOf(await agent.post('/api/me/phone/verify', { code }))).toEqual([409, 'phone.code_missing']);
    await agent.patch('/api/me', { phone: '06 66 77 88 98' });
    expect(errorOf(await agent.post('/api/me/phone/verify', { code }))).toEqual([409, 'phone.code_missing']);
  });

  it('should keep no code when the gateway fails', async () => {
    const agent = await personWithPhone('06 77 88 99 00');
    gateway.answer = 500;
    try {
      expect(errorOf(await agent.post('/api/me/phone/verification'))).toEqual([503, 'sms.send_failed']);
    } finally {
      gateway.answer = 'ok';
    }
    expect(await t.db.selectFrom('phone_verifications').select('user_id').where('user_id', '=', agent.user!.id).execute()).toEqual([]);
    expect(errorOf(await agent.post('/api/me/phone/verify', { code: gateway.lastCodeTo('+33677889900')! }))).toEqual([409, 'phone.code_missing']);
  });

  it("should list the verified numbers of an organisation's legal owners and of given members", async () => {
    const { organization, people } = await makeOrganization(t, { owner: 'owner', second: 'owner', admin: 'admin', collaborator: 'collaborator' });
    const other = await makeOrganization(t, { owner: 'owner' });
    const verify = async (agent: Agent, phone: string, e164: string) => {
      await agent.patch('/api/me', { phone });
      await agent.post('/api/me/phone/verification');
      expect((await agent.post('/api/me/phone/verify', { code: gateway.lastCodeTo(e164)! })).statusCode).toBe(200);
    };
    await verify(people.owner.agent, '06 01 02 03 04', '+33601020304');
    await people.second.agent.patch('/api/me', { phone: '06 01 02 03 05' }); // saved, not verified
    await verify(people.admin.agent, '+32 470 12 34 56', '+32470123456');
    await verify(other.people.owner.agent, '06 01 02 03 06', '+33601020306');

    const phones = createVerifiedPhones(t.db);
    expect(await phones.ofLegalOwners(organization.id)).toEqual([
      { memberId: people.owner.memberId, userId: people.owner.userId, name: people.owner.name, locale: 'fr', phone: '+33601020304' },
    ]);
    expect(await phones.ofMembers(organization.id, [people.admin.memberId, people.collaborator.memberId, people.second.memberId, other.people.owner.memberId])).toEqual([
      { memberId: people.admin.memberId, userId: people.admin.userId, name: people.admin.name, locale: 'fr', phone: '+32470123456' },
    ]);
    expect(await phones.ofMembers(organization.id, [])).toEqual([]);
  });
});
