import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, startSmsGateway, type SmsGateway, type TestApp } from '../../../test/support/index.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { maskPhoneNumber, normalizePhoneNumber, textablePhoneNumber } from './phone-numbers.ts';
import { createSmsSender } from './sms-sender.ts';
import { listSmsOutbox } from './sms-outbox.ts';
import { phoneVerificationSms, renderSms } from './sms.templates.ts';

/** A logger that keeps every line, to check what never lands in logs. */
function captureLog() {
  const lines: { level: string; details: object; message: string }[] = [];
  return {
    lines,
    log: {
      info: (details: object, message: string) => lines.push({ level: 'info', details, message }),
      error: (details: object, message: string) => lines.push({ level: 'error', details, message }),
    },
  };
}

const now = () => new Date('2026-12-06T09:00:00.000Z');

describe('phone numbers', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['07 55 44 33 22', '+33755443322'],
    ['01 42 68 53 00', '+33142685300'],
    ['  06 12 34 56 78  ', '+33612345678'],
    ['+32 470 12 34 56', '+32470123456'],
    ['+44 7911 123456', '+447911123456'],
    ['+262 692 12 34 56', '+262692123456'],
    ['+1 415 555 2671', '+14155552671'],
  ])('should write %s as %s, a number a text may reach', (input, e164) => {
    expect(normalizePhoneNumber(input)).toBe(e164);
    expect(textablePhoneNumber(input)).toBe(e164);
  });

  it.each([
    ['too short', '06 12 34'],
    ['too long', '06 12 34 56 78 90'],
    ['too short for its country', '+33 6 00 00 00 0'],
    ['letters', 'call me'],
    ['empty', ''],
    ['an unknown country code', '+999 123 456 789'],
    ['a Réunion mobile written without its country code (French by default)', '0692 12 34 56'],
  ])('should refuse a number that is %s', (_label, input) => {
    expect(normalizePhoneNumber(input)).toBeUndefined();
    expect(textablePhoneNumber(input)).toBeUndefined();
  });

  it.each([
    ['premium rate', '08 99 12 34 56', '+33899123456'],
    ['toll free', '08 00 12 34 56', '+33800123456'],
    ['VoIP (box)', '09 12 34 56 78', '+33912345678'],
  ])('should keep a valid %s number, but not as one a text may reach', (_label, input, e164) => {
    expect(normalizePhoneNumber(input)).toBe(e164);
    expect(textablePhoneNumber(input)).toBeUndefined();
  });

  it('should mask all but the country code and the last two digits', () => {
    expect(maskPhoneNumber('+33612345678')).toBe('+33*******78');
  });
});

describe('SMS templates', () => {
  // The GSM 03.38 default alphabet (one 7-bit character each; its extension table counts twice, so it is left out).
  const GSM_7 = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);

  it.each(['fr', 'en'] as const)('should fit the verification code in one SMS of the GSM alphabet (%s)', (locale) => {
    const text = renderSms(phoneVerificationSms, locale, { code: '123456', minutes: 10 });
    expect(text).toContain('123456');
    expect(text.length).toBeLessThanOrEqual(160);
    expect([...text].filter((c) => !GSM_7.has(c))).toEqual([]);
  });

  it("should render in the recipient's language, French when unknown", () => {
    expect(renderSms(phoneVerificationSms, 'en', { code: '000111', minutes: 10 })).toMatch(/^Préau: your verification code is 000111\./);
    expect(renderSms(phoneVerificationSms, null, { code: '000111', minutes: 10 })).toMatch(/^Préau : votre code de vérification est 000111\./);
  });
});

describe('SMS over the HTTP gateway (SMS_URL)', () => {
  let gateway: SmsGateway;
  beforeAll(async () => {
    gateway = await startSmsGateway();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('should POST the number in E.164 and the text as JSON, with the bearer token', async () => {
    gateway.answer = 'ok';
    const { lines, log } = captureLog();
    const sender = createSmsSender({ smsUrl: gateway.url, smsToken: 'gateway-token', dataDir: '/nonexistent' }, { log, now });
    expect(sender.mode).toBe('http');
    await sender.send({ to: '06 12 34 56 78', text: 'Votre code : 424242' });
    const received = gateway.requests.at(-1);
    expect(received).toMatchObject({
      method: 'POST',
      path: '/send',
      headers: { 'content-type': 'application/json', authorization: 'Bearer gateway-token' },
      body: { to: '+33612345678', text: 'Votre code : 424242' },
    });
    expect(lines).toEqual([{ level: 'info', details: { to: '+33*******78' }, message: 'SMS sent' }]);
  });

  it('should send no Authorization header without a token', async () => {
    gateway.answer = 'ok';
    await createSmsSender({ smsUrl: gateway.url, dataDir: '/nonexistent' }, { log: captureLog().log, now }).send({ to: '+33612345678', text: 'x' });
    expect(gateway.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it.each([400, 401, 429, 500, 503])('should fail clearly on a %i answer, logging the status but never the text', async (status) => {
    gateway.answer = status;
    const { lines, log } = captureLog();
    const sender = createSmsSender({ smsUrl: gateway.url, dataDir: '/nonexistent' }, { log, now });
    await expect(sender.send({ to: '+33612345678', text: 'Mot de passe : S3cr3t-pa55' })).rejects.toMatchObject({ code: 'sms.send_failed', status: 503 });
    expect(lines).toEqual([{ level: 'error', details: { to: '+33*******78', status }, message: 'SMS not sent: the gateway refused it' }]);
    expect(JSON.stringify(lines)).not.toContain('S3cr3t');
  });

  it('should give up after the timeout', async () => {
    gateway.answer = 'hang';
    const { lines, log } = captureLog();
    const sender = createSmsSender({ smsUrl: gateway.url, smsTimeoutMs: 200, dataDir: '/nonexistent' }, { log, now });
    const started = Date.now();
    await expect(sender.send({ to: '+33612345678', text: 'code 999999' })).rejects.toMatchObject({ code: 'sms.send_failed' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines).toEqual([{ level: 'error', details: { to: '+33*******78', reason: 'timeout' }, message: 'SMS not sent: the gateway could not be reached' }]);
  });

  it('should fail clearly when nothing listens at the address', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const { lines, log } = captureLog();
    const sender = createSmsSender({ smsUrl: `http://127.0.0.1:${port}/send`, dataDir: '/nonexistent' }, { log, now });
    await expect(sender.send({ to: '+33612345678', text: 'code 999999' })).rejects.toMatchObject({ code: 'sms.send_failed' });
    expect(lines).toEqual([{ level: 'error', details: { to: '+33*******78', reason: 'ECONNREFUSED' }, message: 'SMS not sent: the gateway could not be reached' }]);
  });

  it('should refuse a number that cannot take a text before calling the gateway', async () => {
    gateway.answer = 'ok';
    const before = gateway.requests.length;
    const sender = createSmsSender({ smsUrl: gateway.url, dataDir: '/nonexistent' }, { log: captureLog().log, now });
    await expect(sender.send({ to: '08 99 12 34 56', text: 'x' })).rejects.toMatchObject({ code: 'sms.recipient_invalid', status: 400 });
    expect(gateway.requests).toHaveLength(before);
  });
});

describe('SMS outbox (no SMS_URL)', () => {
  it('should write one JSON file per text under <data dir>/sms-outbox, and list them newest first', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-sms-'));
    try {
      let at = new Date('2026-12-06T09:00:00.000Z');
      const { lines, log } = captureLog();
      const sender = createSmsSender({ dataDir }, { log, now: () => at });
      expect(sender.mode).toBe('outbox');
      await sender.send({ to: '06 12 34 56 78', text: 'premier 111111' });
      at = new Date('2026-12-06T09:01:00.000Z');
      await sender.send({ to: '+32 470 12 34 56', text: 'second' });
      await expect(sender.send({ to: '12', text: 'refused' })).rejects.toMatchObject({ code: 'sms.recipient_invalid' });

      const folder = path.join(dataDir, 'sms-outbox');
      const files = (await readdir(folder)).sort();
      expect(files).toHaveLength(2);
      expect(JSON.parse(await readFile(path.join(folder, files[0]!), 'utf8'))).toEqual({
        id: files[0]!.slice(0, -5), to: '+33612345678', text: 'premier 111111', date: '2026-12-06T09:00:00.000Z',
      });
      // Files that are not the outbox's own are left out of the list.
      await writeFile(path.join(folder, '..%2Fsecret.json'), '{}');
      expect((await listSmsOutbox(folder)).map((m) => [m.to, m.text])).toEqual([['+32470123456', 'second'], ['+33612345678', 'premier 111111']]);
      expect(JSON.stringify(lines)).not.toContain('111111');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('should list an empty outbox when the folder does not exist yet', async () => {
    expect(await listSmsOutbox('/nonexistent/sms-outbox')).toEqual([]);
  });
});

describe('SMS outbox page (/api/dev/sms-outbox)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should list the texts to operators only', async () => {
    const operator = await signUp(t.app);
    await createOperatorsRepository(t.db).grant(operator.user!.id);
    const member = await signUp(t.app);
    expect((await member.patch('/api/me', { phone: '06 12 34 56 78' })).statusCode).toBe(200);
    expect((await member.post('/api/me/phone/verification')).statusCode).toBe(200);

    expect((await t.app.inject({ method: 'GET', url: '/api/dev/sms-outbox' })).statusCode).toBe(401);
    expect((await member.get('/api/dev/sms-outbox')).json()).toMatchObject({ error: { code: 'forbidden' } });
    const list = await operator.get('/api/dev/sms-outbox');
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: { to: string; text: string }[] }>().items).toEqual([
      { id: expect.any(String), to: '+33612345678', text: expect.stringMatching(/^Préau : votre code de vérification est [0-9]{6}\./), date: expect.any(String) },
    ]);
  });
});

describe('SMS gateway configured (SMS_URL)', () => {
  it('should not expose the SMS outbox page', async () => {
    const gateway = await startSmsGateway();
    const t = await createTestApp({ mailMode: 'outbox', config: { smsUrl: gateway.url } });
    try {
      const operator = await signUp(t.app);
      await createOperatorsRepository(t.db).grant(operator.user!.id);
      expect((await operator.get('/api/dev/sms-outbox')).statusCode).toBe(404);
      expect((await operator.get('/api/dev/outbox')).statusCode).toBe(200);
    } finally {
      await t.close();
      await gateway.close();
    }
  });
});
