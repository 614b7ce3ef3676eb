import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, createTestApp, signUp, type TestApp } from '../../../test/support/index.ts';

describe('profile (/api/me)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should read the signed-in profile', async () => {
    const agent = await signUp(t.app, { email: 'me@example.test', name: 'Marie Curie' });
    const response = await agent.get('/api/me');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: agent.user?.id,
      email: 'me@example.test',
      emailVerified: false,
      name: 'Marie Curie',
      phone: null,
      phoneVerifiedAt: null,
      locale: 'fr',
      // The first account of an instance reached on localhost (a trial) runs it.
      isOperator: true,
    });
    const second = await signUp(t.app, { email: 'you@example.test' });
    expect((await second.get('/api/me')).json()).toMatchObject({ isOperator: false });
  });

  it('should update name, phone and language, and clear the phone with null', async () => {
    const agent = await signUp(t.app);
    const updated = await agent.patch('/api/me', { name: '  Paul  ', phone: '+33 6 12 34 56 78', locale: 'en' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Paul', phone: '+33612345678', locale: 'en' });
    expect((await agent.get('/api/me')).json()).toMatchObject({ locale: 'en' });

    const cleared = await agent.patch('/api/me', { phone: null });
    expect(cleared.json()).toMatchObject({ name: 'Paul', phone: null });
  });

  it('should refuse invalid values field by field', async () => {
    const agent = await signUp(t.app);
    const response = await agent.patch('/api/me', { locale: 'de', phone: 'call me', name: '' });
    expect(response.statusCode).toBe(400);
    const { error } = response.json<{ error: { code: string; fields: Record<string, { code: string }> } }>();
    expect(error.code).toBe('validation_failed');
    expect(Object.fromEntries(Object.entries(error.fields).map(([pointer, field]) => [pointer, field.code]))).toEqual({
      '/locale': 'validation.enum',
      '/name': 'validation.min_length',
      '/phone': 'validation.pattern',
    });
  });

  it('should ignore fields that are not part of the profile', async () => {
    const agent = await signUp(t.app, { email: 'keep@example.test' });
    const response = await agent.patch('/api/me', { email: 'stolen@example.test', emailVerified: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ email: 'keep@example.test', emailVerified: false });
  });

  it('should answer 401 unauthenticated to anonymous callers', async () => {
    const response = await createAgent(t.app).get('/api/me');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });
});
