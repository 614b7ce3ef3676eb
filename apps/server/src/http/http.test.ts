import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { isMessageCode } from '@preau/contracts';
import { AppError, ERROR_STATUS } from '../shared/app-error.ts';
import { createAgent, createTestApp, signUp, type TestApp } from '../../test/support/index.ts';
import { ARCHIVED_REFUSAL, CLIENT_REFUSALS } from './base-access.ts';
import { CODE_BY_STATUS } from './error-handler.ts';

describe('HTTP layer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      routes: (app) => {
        app.get('/api/test/crash', { config: { action: 'health.read' }, schema: {} }, () => {
          throw new Error('secret detail at /srv/preau/file.ts:12');
        });
        app.get('/api/test/hook-crash', { config: { action: 'health.read' }, schema: {}, onRequest: async () => { throw new Error('secret hook detail'); } }, () => 'unreachable');
        app.get('/api/test/hook-refusal', { config: { action: 'health.read' }, schema: {}, preHandler: async () => { throw Object.assign(new Error('teapot'), { statusCode: 418 }); } }, () => 'unreachable');
        app.get('/api/test/app-error', { config: { action: 'health.read' }, schema: {} }, () => {
          throw new AppError('conflict', 'base.duplicate', { uai: '0751234J', schoolYear: '2025-2026' });
        });
        app.post(
          '/api/test/echo',
          {
            config: { action: 'health.read' },
            schema: {
              body: Type.Object({
                name: Type.String({ minLength: 2 }),
                age: Type.Integer({ maximum: 120 }),
                locale: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
                day: Type.Optional(Type.String({ format: 'date' })),
              }),
            },
          },
          (request) => request.body,
        );
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should answer an unknown /api route with 404 not_found', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'Élément introuvable ou inaccessible avec ce compte.' } });
  });

  it('should answer a crash with 500 internal and no detail', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/test/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'internal', message: 'Erreur du serveur. Réessayez dans un instant.' } });
    expect(response.body).not.toMatch(/secret|\/srv|\.ts:|at /);
  });

  it('should answer errors thrown in hooks like those of handlers', async () => {
    const crash = await t.app.inject({ method: 'GET', url: '/api/test/hook-crash' });
    expect([crash.statusCode, crash.json()]).toEqual([500, { error: { code: 'internal', message: 'Erreur du serveur. Réessayez dans un instant.' } }]);
    const refusal = await t.app.inject({ method: 'GET', url: '/api/test/hook-refusal', headers: { 'accept-language': 'en' } });
    expect([refusal.statusCode, refusal.json()]).toEqual([418, { error: { code: 'bad_request', message: 'Bad request.' } }]);
  });

  it('should answer an AppError with its status, stable code, params and rendered message', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/test/app-error' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: {
        code: 'base.duplicate',
        message: "Une base existe déjà pour le code UAI 0751234J et l'année scolaire 2025-2026.",
        params: { uai: '0751234J', schoolYear: '2025-2026' },
      },
    });
  });

  it('should answer an invalid body with 400 validation_failed and a field code with params per JSON pointer', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/test/echo', payload: { name: 'x', locale: 'de', day: 'tomorrow' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Certains champs ne sont pas valides.',
        fields: {
          '/name': { code: 'validation.min_length', message: 'Trop court (minimum : 2).', params: { limit: 2 } },
          '/age': { code: 'validation.required', message: 'Champ obligatoire.' },
          '/locale': { code: 'validation.enum', message: 'Valeur attendue parmi : fr, en.', params: { values: 'fr, en' } },
          '/day': { code: 'validation.format', message: 'Format attendu : date.', params: { format: 'date' } },
        },
      },
    });
    const tooOld = await t.app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'accept-language': 'en' }, payload: { name: 'Li', age: 130 } });
    expect(tooOld.json()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Some fields are invalid.',
        fields: { '/age': { code: 'validation.maximum', message: 'Too large (maximum: 120).', params: { limit: 120 } } },
      },
    });
  });

  it("should write messages in the language Accept-Language prefers among French and English, else the account's, else French", async () => {
    const messageWith = async (headers: Record<string, string>, agent = createAgent(t.app)) =>
      (await agent.request({ url: '/api/test/app-error', headers })).json<{ error: { message: string } }>().error.message;
    const french = "Une base existe déjà pour le code UAI 0751234J et l'année scolaire 2025-2026.";
    const english = 'A base already exists for the UAI code 0751234J and the school year 2025-2026.';
    expect(await messageWith({})).toBe(french);
    expect(await messageWith({ 'accept-language': 'en' })).toBe(english);
    expect(await messageWith({ 'accept-language': 'en-GB,en;q=0.9' })).toBe(english);
    expect(await messageWith({ 'accept-language': 'de-DE, en;q=0.5, fr;q=0.4' })).toBe(english);
    expect(await messageWith({ 'accept-language': 'fr;q=0.3, en-US;q=0.9' })).toBe(english);
    expect(await messageWith({ 'accept-language': 'en;q=0.8, fr-CH' })).toBe(french);
    expect(await messageWith({ 'accept-language': 'en;q=0, de' })).toBe(french);
    expect(await messageWith({ 'accept-language': 'de, *;q=0.5' })).toBe(french);

    const englishAccount = await signUp(t.app, { locale: 'en' });
    expect(await messageWith({}, englishAccount)).toBe(english);
    expect(await messageWith({ 'accept-language': 'de' }, englishAccount)).toBe(english);
    expect(await messageWith({ 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' }, englishAccount)).toBe(french);
  });

  it('should give catalogue codes to every status and refusal the server answers by itself', () => {
    const codes = [...Object.keys(ERROR_STATUS), ...Object.values(CODE_BY_STATUS), ...Object.values(CLIENT_REFUSALS), ARCHIVED_REFUSAL];
    expect(codes.filter((code) => !isMessageCode(code))).toEqual([]);
  });

  it("should give Fastify's own 4xx errors their status and a catalogue code", async () => {
    const xml = await t.app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'text/xml', 'accept-language': 'en' }, payload: '<a/>' });
    expect([xml.statusCode, xml.json()]).toEqual([415, { error: { code: 'unsupported_media_type', message: 'This content type is not accepted here.' } }]);
  });

  it('should answer malformed JSON with 400 and no stack', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'bad_request', message: 'Requête invalide.' } });
  });

  it('should answer /api/health', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: t.databaseKind, storage: 'local' });
  });

  it('should publish an OpenAPI document listing the routes, and browsable docs', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/me', '/api/auth/sign-in/email', '/api/auth/request-password-reset']));
    expect(Object.keys(document.paths).filter((p) => p.includes('{*}'))).toEqual([]);
    expect(Object.keys(document.paths['/api/me'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(document.paths['/api/me']?.patch).toMatchObject({
      operationId: 'patchMe',
      security: [{ session: [] }],
      requestBody: { content: { 'application/json': { schema: { properties: { locale: expect.any(Object) } } } } },
      responses: { 200: expect.any(Object), '4XX': { content: { 'application/json': { schema: { required: ['error'] } } } } },
    });
    // Who may call each operation comes from the access table: nothing, the session, or an API token too.
    expect(document.paths['/api/health']?.get).toMatchObject({ security: [] });
    expect(document.paths['/api/bases/{baseId}/lsu-imports']?.post).toMatchObject({ security: [{ session: [] }, { apiToken: [] }] });
    expect(document.paths['/api/auth/sign-in/email']?.post).toMatchObject({ security: [], requestBody: expect.any(Object) });
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods) as { operationId?: string; security?: unknown }[]);
    expect(operations.filter((o) => !o.operationId || !o.security)).toEqual([]);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    expect(Object.keys(document.paths).some((p) => p.startsWith('/api/docs'))).toBe(false);

    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('should set a readable SameSite=Strict preau-csrf cookie on /api answers', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csrf = response.cookies.find((c) => c.name === 'preau-csrf');
    expect(csrf).toMatchObject({ sameSite: 'Strict', path: '/' });
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf?.value.length).toBeGreaterThan(20);
  });

  it('should refuse cookie-authenticated writes without the right x-csrf-token', async () => {
    const agent = await signUp(t.app);
    const missing = await agent.request({ method: 'PATCH', url: '/api/me', body: { name: 'New' }, withoutCsrf: true });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'csrf_failed' } });

    const wrong = await agent.request({ method: 'PATCH', url: '/api/me', body: { name: 'New' }, headers: { 'x-csrf-token': 'forged' } });
    expect(wrong.statusCode).toBe(403);

    const signOut = await agent.request({ method: 'POST', url: '/api/auth/sign-out', body: {}, withoutCsrf: true });
    expect(signOut.statusCode).toBe(403);

    expect((await agent.patch('/api/me', { name: 'New' })).statusCode).toBe(200);
  });

  it('should refuse writes coming from another origin', async () => {
    const agent = await signUp(t.app);
    const response = await agent.request({ method: 'PATCH', url: '/api/me', body: { name: 'X' }, headers: { origin: 'https://evil.example' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'csrf_failed' } });
  });

  it('should let bearer-authenticated requests through the CSRF check', async () => {
    const agent = await signUp(t.app);
    const response = await agent.request({
      method: 'PATCH',
      url: '/api/me',
      body: { name: 'Y' },
      withoutCsrf: true,
      headers: { authorization: 'Bearer some-api-token' },
    });
    expect(response.statusCode).not.toBe(403);
  });
});

describe('over https', () => {
  it('should mark the session and CSRF cookies Secure when PUBLIC_URL is https', async () => {
    const t = await createTestApp({ config: { publicUrl: 'https://preau.example.org' } });
    try {
      const agent = await signUp(t.app);
      const session = [...agent.cookies.keys()].find((name) => name.endsWith('preau.session_token'));
      expect(session).toBe('__Secure-preau.session_token');
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.cookies.find((c) => c.name === 'preau-csrf')?.secure).toBe(true);
      expect((await agent.get('/api/me')).statusCode).toBe(200);
      expect((await agent.patch('/api/me', { name: 'Secure' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
