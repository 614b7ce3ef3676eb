import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../../../test/support/index.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { defineMailTemplate, renderMail } from './mail.templates.ts';

describe('mail templates', () => {
  const greeting = defineMailTemplate<{ name: string; url: string }>({
    fr: ({ name, url }) => ({ subject: `Bonjour ${name}`, paragraphs: [`Salut <${name}>`], action: { label: 'Ouvrir', url } }),
    en: ({ name, url }) => ({ subject: `Hello ${name}`, paragraphs: [`Hi <${name}>`], action: { label: 'Open', url } }),
  });

  it('should pick the language of the recipient, French by default', () => {
    const vars = { name: 'Ana', url: 'http://localhost:3000/x?token=1&b=2' };
    expect(renderMail(greeting, 'en', vars).subject).toBe('Hello Ana');
    expect(renderMail(greeting, 'fr', vars).subject).toBe('Bonjour Ana');
    expect(renderMail(greeting, undefined, vars).subject).toBe('Bonjour Ana');
  });

  it('should escape HTML and keep the link in both bodies', () => {
    const mail = renderMail(greeting, 'fr', { name: 'Ana', url: 'http://localhost:3000/x?token=1&b=2' });
    expect(mail.html).toContain('Salut &#60;Ana&#62;');
    expect(mail.html).toContain('href="http://localhost:3000/x?token=1&#38;b=2"');
    expect(mail.text).toContain('http://localhost:3000/x?token=1&b=2');
  });
});

describe('outbox mode (no SMTP_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should write each message as an .eml file and list it on the dev pages, for operators only', async () => {
    // The first account of an instance reached on localhost (a trial) is its operator.
    const olga = await signUp(t.app, { email: 'outbox@example.test', name: 'Olga' });
    const outbox = path.join(t.config.dataDir, 'outbox');
    // Identity mails leave in the background (a sign-up answers before its mail is written).
    const emls = await vi.waitFor(async () => {
      const written = (await readdir(outbox).catch(() => [])).filter((f) => f.endsWith('.eml'));
      expect(written).toHaveLength(1);
      return written;
    });
    const raw = await readFile(path.join(outbox, emls[0] ?? ''), 'utf8');
    expect(raw).toMatch(/^To: outbox@example\.test$/m);

    expect((await t.app.inject({ method: 'GET', url: '/api/dev/outbox' })).statusCode).toBe(401);
    const member = await signUp(t.app, { email: 'member@example.test' });
    expect((await member.get('/api/dev/outbox')).json()).toMatchObject({ error: { code: 'forbidden' } });
    const list = await olga.get('/api/dev/outbox');
    expect(list.statusCode).toBe(200);
    const first = list.json<{ items: { id: string; to: string; subject: string }[] }>().items.find((m) => m.to === 'outbox@example.test');
    expect(first).toMatchObject({ to: 'outbox@example.test', subject: 'Confirmez votre adresse e-mail' });

    const one = await olga.get(`/api/dev/outbox/${first?.id}`);
    expect(one.json()).toMatchObject({ text: expect.stringContaining('Bonjour Olga'), html: expect.stringContaining('<a href=') });
    expect(one.json<{ links: string[] }>().links[0]).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=/);
    expect(t.mail.messages).toHaveLength(0);
  });

  it('should answer 404 for an unknown message id, and 400 for a malformed one (ids are letters, digits, - and _)', async () => {
    const operator = await signUp(t.app);
    await createOperatorsRepository(t.db).grant(operator.user!.id);
    expect((await operator.get('/api/dev/outbox/1234567890123-deadbeef')).statusCode).toBe(404);
    const malformed = await operator.get('/api/dev/outbox/..%2F..%2Fauth-secret');
    expect([malformed.statusCode, malformed.json<{ error: { code: string } }>().error.code]).toEqual([400, 'validation_failed']);
  });
});

describe('outbox mode on a public address', () => {
  it('should show the outbox to the operators the provider named, and to nobody else (no first-account operator)', async () => {
    const t = await createTestApp({ mailMode: 'outbox', config: { publicUrl: 'https://preau.example.org' } });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/dev/outbox' })).statusCode).toBe(401);
      const first = await signUp(t.app);
      expect((await first.get('/api/dev/outbox')).statusCode).toBe(403);
      await createOperatorsRepository(t.db).grant(first.user!.id);
      expect((await first.get('/api/dev/outbox')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('SMTP mode', () => {
  it('should not expose the dev outbox pages', async () => {
    const t = await createTestApp();
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/dev/outbox' })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
