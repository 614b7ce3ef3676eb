import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../../test/support/index.ts';

describe('instance (/api/instance)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should say first run until the first account exists, to anyone', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/api/instance' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ firstRun: true });
    await signUp(t.app);
    const after = await t.app.inject({ method: 'GET', url: '/api/instance' });
    expect(after.json()).toEqual({ firstRun: false });
  });
});
