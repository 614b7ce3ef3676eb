import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, createTestApp, signIn, signUp, type TestApp } from '../../../test/support/index.ts';

describe('identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should sign up, read the session, sign out and sign in again', async () => {
    const agent = await signUp(t.app, { email: 'Alice@Example.test', name: 'Alice', password: 'a long password' });
    expect(agent.cookies.has('preau.session_token')).toBe(true);

    const session = await agent.get('/api/auth/get-session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ user: { email: 'alice@example.test', name: 'Alice', emailVerified: false } });

    const out = await agent.post('/api/auth/sign-out');
    expect(out.statusCode).toBe(200);
    expect((await agent.get('/api/me')).statusCode).toBe(401);

    const again = await signIn(t.app, { email: 'alice@example.test', password: 'a long password' });
    expect((await again.get('/api/me')).json()).toMatchObject({ email: 'alice@example.test', name: 'Alice' });
  });

  it('should set the session cookie HttpOnly and SameSite=Lax', async () => {
    const agent = createAgent(t.app);
    await agent.post('/api/auth/sign-up/email', { email: 'cookie@example.test', name: 'Cookie', password: 'a long password' });
    const response = await agent.post('/api/auth/sign-in/email', { email: 'cookie@example.test', password: 'a long password' });
    const session = response.cookies.find((c) => c.name === 'preau.session_token');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
  });

  it('should refuse a wrong password', async () => {
    const agent = await signUp(t.app, { password: 'the right password' });
    const response = await createAgent(t.app).post('/api/auth/sign-in/email', {
      email: agent.user?.email,
      password: 'not the right one',
    });
    expect(response.statusCode).toBe(401);
  });

  it('should send the verification mail at sign-up, whose link verifies the address', async () => {
    const agent = await signUp(t.app, { email: 'verify@example.test', name: 'Véra' });
    const mail = await t.mail.waitFor({ to: 'verify@example.test', subject: 'Confirmez votre adresse' });
    expect(mail.text).toContain('Bonjour Véra');
    const link = new URL(mail.links[0] ?? '');
    expect(link.origin + link.pathname).toBe('http://localhost:3000/verify-email');

    const token = link.searchParams.get('token') ?? '';
    const verified = await agent.get(`/api/auth/verify-email?token=${encodeURIComponent(token)}`);
    expect(verified.statusCode).toBe(200);
    expect((await agent.get('/api/me')).json()).toMatchObject({ emailVerified: true });
  });

  it('should write the verification mail in English for an English sign-up', async () => {
    await signUp(t.app, { email: 'english@example.test', name: 'Eve', locale: 'en' });
    const mail = await t.mail.waitFor({ to: 'english@example.test' });
    expect(mail.subject).toBe('Confirm your e-mail address');
  });

  it('should reset a forgotten password through the e-mailed link', async () => {
    const agent = await signUp(t.app, { email: 'forgot@example.test', password: 'old password 1' });
    const request = await createAgent(t.app).post('/api/auth/request-password-reset', {
      email: 'forgot@example.test',
      redirectTo: '/reset-password',
    });
    expect(request.statusCode).toBe(200);
    const mail = await t.mail.waitFor({ to: 'forgot@example.test', subject: 'Réinitialisez votre mot de passe' });
    const link = new URL(mail.links[0] ?? '');
    expect(link.pathname).toBe('/reset-password');

    const reset = await createAgent(t.app).post('/api/auth/reset-password', {
      token: link.searchParams.get('token'),
      newPassword: 'new password 2',
    });
    expect(reset.statusCode).toBe(200);
    // Sessions opened before the reset are revoked.
    expect((await agent.get('/api/me')).statusCode).toBe(401);
    await expect(signIn(t.app, { email: 'forgot@example.test', password: 'old password 1' })).rejects.toThrow(/401/);
    const fresh = await signIn(t.app, { email: 'forgot@example.test', password: 'new password 2' });
    expect((await fresh.get('/api/me')).statusCode).toBe(200);
  });
});

describe('identity against enumeration and guessing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ identityResponseFloorMs: 150, config: { authSignInMaxFailures: 3, authSignInMaxFailuresPerAddress: 8, trustProxy: true } });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The answer with what differs by nature (the user's id and timestamps) blanked. */
  const shapeOf = (response: { statusCode: number; json: () => unknown; cookies: { name: string }[] }) => ({
    status: response.statusCode,
    cookies: response.cookies.map((c) => c.name).filter((name) => name !== 'preau-csrf'),
    body: JSON.stringify(response.json(), (key, value: unknown) => (['id', 'createdAt', 'updatedAt', 'email', 'name'].includes(key) ? '' : value)),
  });

  it('should answer a sign-up alike for a new address and for one that has an account (any letter case), and e-mail the owner instead', async () => {
    await signUp(t.app, { email: 'taken@example.test', name: 'Owner', password: 'an old passphrase here' });
    const fresh = await createAgent(t.app).post('/api/auth/sign-up/email', { email: 'new-one@example.test', name: 'New', password: 'another fine passphrase' });
    const taken = await createAgent(t.app).post('/api/auth/sign-up/email', { email: 'Taken@Example.TEST', name: 'Someone', password: 'another fine passphrase' });
    expect(shapeOf(taken)).toEqual(shapeOf(fresh));
    expect(fresh.statusCode).toBe(200);
    const mail = await t.mail.waitFor({ to: 'taken@example.test', subject: 'Vous avez déjà un compte Préau' });
    expect(mail.text).toContain('aucun nouveau compte');
    // The existing account keeps its password.
    await expect(signIn(t.app, { email: 'taken@example.test', password: 'another fine passphrase' })).rejects.toThrow(/401/);
  });

  it('should take at least the same time to answer a password-reset request, whether or not the address has an account', async () => {
    await signUp(t.app, { email: 'reset-me@example.test', password: 'an old passphrase here' });
    for (const email of ['reset-me@example.test', 'nobody-here@example.test']) {
      const started = Date.now();
      const response = await createAgent(t.app).post('/api/auth/request-password-reset', { email, redirectTo: '/reset-password' });
      expect([response.statusCode, Date.now() - started >= 150]).toEqual([200, true]);
    }
  });

  it('should refuse common and guessable passwords, not only short ones', async () => {
    const refused: string[] = [];
    const weak = ['azerty123', 'motdepasse2026', 'Ecole2026', 'password1234', 'JeanneMartin1'];
    for (const [i, password] of weak.entries()) {
      const response = await createAgent(t.app).post('/api/auth/sign-up/email', { email: `jeanne.martin${i}@example.test`, name: 'Jeanne Martin', password });
      if (response.statusCode === 400 && response.json<{ error: { code: string } }>().error.code === 'auth.password_too_weak') refused.push(password);
    }
    expect(refused).toEqual(weak);
    const short = await createAgent(t.app).post('/api/auth/sign-up/email', { email: 'short@example.test', name: 'S', password: 'abc' });
    expect(short.json()).toMatchObject({ error: { code: 'auth.password_too_short' } });
    const good = await createAgent(t.app).post('/api/auth/sign-up/email', { email: 'good@example.test', name: 'G', password: 'cartable vert sous la pluie' });
    expect(good.statusCode).toBe(200);
  });

  it('should count failed sign-ins per account and per address, never successes: colleagues behind one address are not locked out', async () => {
    const colleagues = [];
    for (let i = 0; i < 6; i += 1) colleagues.push(await signUp(t.app, { email: `colleague-${i}@example.test`, password: 'our school passphrase' }));
    const from = (address: string, email: string, password: string) =>
      createAgent(t.app).request({ method: 'POST', url: '/api/auth/sign-in/email', body: { email, password }, headers: { 'x-forwarded-for': address } });
    const school = '198.51.100.7';
    // Six colleagues sign in from the school's one address, twice each: nobody is refused.
    for (let round = 0; round < 2; round += 1) {
      for (const c of colleagues) expect((await from(school, c.user!.email, c.user!.password)).statusCode).toBe(200);
    }
    // Three failures on one account lock that account, even with the right password, and from any address.
    const target = colleagues[0]!.user!;
    const wrong = async () => (await from(school, target.email, 'not the right one')).statusCode;
    expect([await wrong(), await wrong(), await wrong()]).toEqual([401, 401, 401]);
    const locked = await from('203.0.113.9', target.email, target.password);
    expect([locked.statusCode, locked.json<{ error: { code: string } }>().error.code]).toEqual([429, 'auth.sign_in_locked']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The others still sign in from the same address (three failures so far, the address allows eight).
    expect((await from(school, colleagues[1]!.user!.email, 'our school passphrase')).statusCode).toBe(200);
    // Failures spread over many accounts lock the address itself, and only it.
    for (let i = 0; i < 5; i += 1) await from(school, `guess-${i}@example.test`, 'guessing again');
    expect((await from(school, colleagues[2]!.user!.email, 'our school passphrase')).json()).toMatchObject({ error: { code: 'auth.sign_in_locked' } });
    expect((await from('192.0.2.44', colleagues[2]!.user!.email, 'our school passphrase')).statusCode).toBe(200);
  });

  it('should answer the identity routes in the one error shape', async () => {
    const response = await createAgent(t.app).request({ method: 'POST', url: '/api/auth/sign-in/email', body: { email: 'nobody-at-all@example.test', password: 'whatever it is' }, headers: { 'x-forwarded-for': '192.0.2.99' } });
    expect(response.json()).toEqual({ error: { code: 'auth.invalid_credentials', message: expect.any(String) } });
  });
});

describe('signing up alone or from an invitation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should create the organisation named at sign-up, the new account its legal owner', async () => {
    const response = await createAgent(t.app).post('/api/auth/sign-up/email', { email: 'founder@example.test', name: 'Founder', password: 'a founding passphrase', organizationName: 'Collège Jean Jaurès' });
    expect(response.statusCode).toBe(200);
    const founder = await signIn(t.app, { email: 'founder@example.test', password: 'a founding passphrase' });
    const organizations = (await founder.get('/api/organizations')).json<{ items: { name: string; myRole: string }[] }>().items;
    expect(organizations).toMatchObject([{ name: 'Collège Jean Jaurès', myRole: 'owner' }]);
  });

  it('should create no organisation without a name (an invited person joins the inviting one), nor for an address that has an account', async () => {
    await createAgent(t.app).post('/api/auth/sign-up/email', { email: 'invited@example.test', name: 'Invited', password: 'an invited passphrase' });
    const invited = await signIn(t.app, { email: 'invited@example.test', password: 'an invited passphrase' });
    expect((await invited.get('/api/organizations')).json<{ items: unknown[] }>().items).toEqual([]);

    await createAgent(t.app).post('/api/auth/sign-up/email', { email: 'invited@example.test', name: 'Someone', password: 'another fine passphrase', organizationName: 'Intrusion' });
    expect((await invited.get('/api/organizations')).json<{ items: unknown[] }>().items).toEqual([]);
  });
});
