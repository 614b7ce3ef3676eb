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
    const response = await createAgent(t.app).post('/api/auth/sign-up/email', {
      email: 'cookie@example.test',
      name: 'Cookie',
      password: 'a long password',
    });
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
