import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingReminder, OperatorReminder, ReminderCheck, ReminderSchedule, StatementImportReport } from '@preau/contracts';
import { createTestApp, startSmsGateway, type Agent, type SmsGateway, type TestApp } from '../../../test/support/index.ts';
import { expectJson, issueInvoice, setUpCustomer, setUpProvider, type BillingFixture } from '../billing/billing.test-helpers.ts';
import { addDays, readableDate } from '../billing/billing-calendar.ts';
import { camt053, type Transfer } from '../payments/camt.test-helpers.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createSmsSender } from '../sms/sms-sender.ts';
import { compactReminderCode, newReminderCode, sealReminderCode, unsealReminderCode } from './reminder-codes.ts';
import { REMINDER_CHECKS_PER_WINDOW } from './reminders.routes.ts';
import { createRemindersService, type RemindersService } from './reminders.service.ts';
import { reminderSms, smsAmount } from './reminders.templates.ts';
import { renderSms } from '../sms/sms.templates.ts';

const LINE = [{ label: 'Hébergement', quantity: 1, unitPriceCents: 120_000, vatRateBp: 2000 }]; // 1,440.00 € gross
const OWNER_PHONE = '+33612345678';
// The GSM 03.38 default alphabet (one 7-bit character each; its extension table counts twice, so it is left out).
const GSM_7 = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);
const CODE = /\b[2-9A-Z]{4}-[2-9A-Z]{4}\b/;

describe('billing reminders', () => {
  let gateway: SmsGateway;
  let t: TestApp;
  let nowMs = Date.parse('2026-12-04T10:00:00Z');
  let provider: Awaited<ReturnType<typeof setUpProvider>>;
  let f: BillingFixture;
  let other: BillingFixture;
  let orgId: string;
  let owner: Agent;
  let reminders: RemindersService;

  beforeAll(async () => {
    gateway = await startSmsGateway();
    t = await createTestApp({ clock: () => new Date(nowMs), config: { smsUrl: gateway.url } });
    provider = await setUpProvider(t);
    f = await setUpCustomer(t, provider);
    other = await setUpCustomer(t, provider);
    orgId = f.org.organization.id;
    owner = f.org.people.owner.agent;
    // The legal owner asks for reminders by SMS too, on a verified number.
    await t.db.updateTable('user').set({ phone: OWNER_PHONE, phone_verified_at: new Date(nowMs) }).where('id', '=', f.org.people.owner.userId).execute();
    await t.db.updateTable('member').set({ billing_reminders_sms: true }).where('id', '=', f.org.people.owner.memberId).execute();
    const sms = createSmsSender(t.config, { log: t.app.log, now: () => new Date(nowMs) });
    reminders = createRemindersService({ db: t.db, mailer: t.mailer, sms, secret: t.config.authSecret, publicUrl: t.config.publicUrl, now: () => new Date(nowMs), log: t.app.log });
  });
  afterAll(async () => {
    await t?.close();
    await gateway?.close();
  });

  /** Runs the reminders on Paris day `day`, the clock at 10:00 that day. */
  const runOn = (day: string) => {
    nowMs = Date.parse(`${day}T09:00:00Z`);
    return reminders.run(day);
  };
  const listOf = (docId: string, agent = owner, org = orgId) => expectJson<{ items: BillingReminder[] }>(agent.get(`/api/organizations/${org}/billing/documents/${docId}/reminders`), 200);
  const check = (code: string, agent = owner, org = orgId) => expectJson<ReminderCheck>(agent.post(`/api/organizations/${org}/billing/reminder-checks`, { code }), 200);
  const importStatement = (transfers: Transfer[]) => expectJson<StatementImportReport>(provider.operator.request({ method: 'POST', url: '/api/operator/billing/statements', body: camt053(transfers), headers: { 'content-type': 'application/xml' } }), 200);
  const smsCodeTo = (to: string) => gateway.requests.filter((r) => r.body.to === to).at(-1)?.body.text?.match(CODE)?.[0];

  it('has a default schedule the operator may change, increasing, 1 to 365 days, at most 6 steps', async () => {
    expect(await expectJson<ReminderSchedule>(provider.operator.get('/api/operator/billing/reminder-schedule'), 200)).toEqual({ days: [7, 15, 30], updatedAt: null });
    for (const days of [[15, 7], [7, 7], [0, 7], [7, 400], [1, 2, 3, 4, 5, 6, 7], []]) {
      const refused = await provider.operator.put('/api/operator/billing/reminder-schedule', { days });
      expect(refused.statusCode, JSON.stringify(days)).toBe(400);
    }
    const wrongOrder = await provider.operator.put('/api/operator/billing/reminder-schedule', { days: [15, 7] });
    expect(wrongOrder.json<{ error: { fields: Record<string, { code: string }> } }>().error.fields['/days/1']?.code).toBe('reminder_schedule.not_increasing');
    expect((await owner.get('/api/operator/billing/reminder-schedule')).statusCode).toBe(403);
    const saved = await expectJson<ReminderSchedule>(provider.operator.put('/api/operator/billing/reminder-schedule', { days: [5, 10, 20, 40] }), 200);
    expect(saved.days).toEqual([5, 10, 20, 40]);
    await expectJson(provider.operator.put('/api/operator/billing/reminder-schedule', { days: [7, 15, 30] }), 200);
  });

  it('sends each step once, in order, by e-mail and SMS, and nothing on a re-run or once the schedule ends', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    const due = invoice.dueDate!;
    t.mail.clear();
    expect((await runOn(addDays(due, 6))).sent).toBe(0);
    const first = await runOn(addDays(due, 7));
    expect(first).toMatchObject({ sent: 1, emails: 2, sms: 1, failures: 0 }); // the owner and the administrator; the owner's phone
    expect((await runOn(addDays(due, 7))).sent).toBe(0);
    expect((await runOn(addDays(due, 14))).sent).toBe(0);

    const mail = t.mail.find({ to: f.org.people.owner.email }).at(-1)!;
    expect(mail.subject).toContain(invoice.number!);
    expect(mail.text).toMatch(/1\s440,00\s€/);
    expect(mail.text).toContain(readableDate(due));
    expect(mail.text).toContain(invoice.paymentReference!.slice(0, 4));
    const mailCode = mail.text.match(CODE)![0];
    expect(smsCodeTo(OWNER_PHONE)).toBe(mailCode);
    expect(gateway.requests.at(-1)!.body.text).toContain(invoice.number!);

    expect((await runOn(addDays(due, 15))).sent).toBe(1);
    expect((await runOn(addDays(due, 30))).sent).toBe(1);
    expect((await runOn(addDays(due, 60))).sent).toBe(0);
    const list = await listOf(invoice.id);
    expect(list.items.map((r) => [r.step, r.daysAfterDue, r.amountDueCents, r.emailCount, r.smsCount])).toEqual([[1, 7, 144_000, 2, 1], [2, 15, 144_000, 2, 1], [3, 30, 144_000, 2, 1]]);
    // The codes are stored hashed only.
    const stored = await t.db.selectFrom('billing_reminders').select('code_hash').where('document_id', '=', invoice.id).execute();
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.code_hash) && !row.code_hash.includes(compactReminderCode(mailCode)!))).toBe(true);
  });

  it('sends a step once when two processes run on the same day at the same time', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    const day = addDays(invoice.dueDate!, 7);
    nowMs = Date.parse(`${day}T09:00:00Z`);
    const sms = createSmsSender(t.config, { log: t.app.log, now: () => new Date(nowMs) });
    const second = createRemindersService({ db: t.db, mailer: t.mailer, sms, secret: t.config.authSecret, publicUrl: t.config.publicUrl, now: () => new Date(nowMs), log: t.app.log });
    await Promise.all([reminders.run(day), second.run(day), reminders.run(day)]);
    expect((await listOf(invoice.id)).items.map((r) => r.step)).toEqual([1]);
    expect(t.mail.find({ subject: invoice.number! })).toHaveLength(2);
    expect(gateway.requests.filter((r) => r.body.text?.includes(invoice.number!))).toHaveLength(1);
  });

  /** A service as another process would build it, with its own mailer. */
  const processWith = (mailer: Pick<Mailer, 'send'>) => {
    const sms = createSmsSender(t.config, { log: t.app.log, now: () => new Date(nowMs) });
    return createRemindersService({ db: t.db, mailer, sms, secret: t.config.authSecret, publicUrl: t.config.publicUrl, now: () => new Date(nowMs), log: t.app.log });
  };

  it('sends the messages after the transaction that locks the invoice: the mail server waits for nobody', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    const outcomes: string[] = [];
    // While each e-mail leaves, another connection takes the invoice's lock at once (PGlite: the one
    // connection, free only outside the transaction).
    const lockingMailer = {
      send: async (message: Parameters<Mailer['send']>[0]) => {
        if (message.subject.includes(invoice.number!)) {
          const lock = t.db.transaction().execute((trx) => trx.selectFrom('billing_documents').select('id').where('id', '=', invoice.id).forUpdate().noWait().execute());
          outcomes.push(await Promise.race([lock.then(() => 'free', () => 'locked'), new Promise<string>((resolve) => setTimeout(() => resolve('waiting'), 3000))]));
        }
        return t.mailer.send(message);
      },
    };
    await processWith(lockingMailer).run(addDays(invoice.dueDate!, 7));
    expect(outcomes).toEqual(['free', 'free']);
    expect((await listOf(invoice.id)).items.map((r) => [r.step, r.emailCount, r.smsCount])).toEqual([[1, 2, 1]]);
    const stored = await t.db.selectFrom('billing_reminders').select(['delivery', 'sealed_code']).where('document_id', '=', invoice.id).execute();
    expect(stored).toEqual([{ delivery: 'done', sealed_code: null }]);
  });

  it('sends what a process that stopped after the commit left, with the same code, once; never again a message it was sending', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    const day = addDays(invoice.dueDate!, 7);
    nowMs = Date.parse(`${day}T09:00:00Z`);
    // The first process stops while its first e-mail for the invoice leaves (its send never returns).
    let started!: () => void;
    const stopped = new Promise<void>((resolve) => { started = resolve; });
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => { release = resolve; });
    const stopping = processWith({
      send: async (message) => {
        if (!message.subject.includes(invoice.number!)) return t.mailer.send(message);
        started();
        await stuck;
      },
    });
    const first = stopping.run(day);
    await stopped;
    const states = () => t.db.selectFrom('billing_reminder_messages as m').innerJoin('billing_reminders as r', 'r.id', 'm.reminder_id')
      .select(['m.channel', 'm.state']).where('r.document_id', '=', invoice.id).orderBy('m.channel').orderBy('m.state').execute();
    expect(await states()).toEqual([{ channel: 'email', state: 'pending' }, { channel: 'email', state: 'sending' }, { channel: 'sms', state: 'pending' }]);

    // The next run (another process) sends the rest, with the code the reminder was written with.
    const next = processWith(t.mailer);
    await next.run(day);
    const mails = t.mail.find({ subject: invoice.number! });
    const texts = gateway.requests.filter((r) => r.body.text?.includes(invoice.number!));
    expect([mails.length, texts.length]).toEqual([1, 1]);
    const code = mails[0]!.text.match(CODE)![0];
    expect(texts[0]!.body.text).toContain(code);
    expect(await check(code)).toMatchObject({ result: 'genuine', reminder: { documentId: invoice.id, step: 1 } });
    expect((await listOf(invoice.id)).items.map((r) => [r.step, r.emailCount, r.smsCount])).toEqual([[1, 1, 1]]);
    await next.run(day);
    expect(t.mail.find({ subject: invoice.number! })).toHaveLength(1);

    // The message it was sending is never sent again: after a while its delivery is unknown, and the reminder's code is forgotten.
    nowMs += 16 * 60_000;
    await next.run(day);
    expect(await states()).toEqual([{ channel: 'email', state: 'sent' }, { channel: 'email', state: 'unknown' }, { channel: 'sms', state: 'sent' }]);
    expect(await t.db.selectFrom('billing_reminders').select(['delivery', 'sealed_code']).where('document_id', '=', invoice.id).execute()).toEqual([{ delivery: 'done', sealed_code: null }]);
    expect(t.mail.find({ subject: invoice.number! })).toHaveLength(1);
    release();
    await first;
    expect((await states()).map((m) => m.state)).toEqual(['sent', 'unknown', 'sent']);
  });

  it('sends nothing that waited once the invoice is paid', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    const day = addDays(invoice.dueDate!, 7);
    nowMs = Date.parse(`${day}T09:00:00Z`);
    let started!: () => void;
    const stopped = new Promise<void>((resolve) => { started = resolve; });
    const first = processWith({
      send: async (message) => {
        if (!message.subject.includes(invoice.number!)) return t.mailer.send(message);
        started();
        await new Promise(() => undefined);
      },
    }).run(day);
    void first;
    await stopped;
    await importStatement([{ amount: '1440.00', reference: invoice.paymentReference!, date: day }]);
    await processWith(t.mailer).run(day);
    expect(t.mail.find({ subject: invoice.number! })).toHaveLength(0);
    expect(gateway.requests.filter((r) => r.body.text?.includes(invoice.number!))).toHaveLength(0);
    const states = await t.db.selectFrom('billing_reminder_messages as m').innerJoin('billing_reminders as r', 'r.id', 'm.reminder_id')
      .select('m.state').where('r.document_id', '=', invoice.id).orderBy('m.state').execute();
    expect(states.map((m) => m.state)).toEqual(['cancelled', 'cancelled', 'sending']);
  });

  it('catches up one step a day when runs were missed, never two the same day', async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    const due = invoice.dueDate!;
    await runOn(addDays(due, 20));
    await runOn(addDays(due, 20));
    expect((await listOf(invoice.id)).items.map((r) => r.step)).toEqual([1]);
    await runOn(addDays(due, 21));
    expect((await listOf(invoice.id)).items.map((r) => r.step)).toEqual([1, 2]);
  });

  it('sends nothing for a paid invoice, a void one, or once a statement paid it; shows a payment received after a reminder', async () => {
    const paid = await issueInvoice(provider.operator, orgId, LINE);
    const voided = await issueInvoice(provider.operator, orgId, LINE);
    const crossing = await issueInvoice(provider.operator, orgId, LINE);
    await importStatement([{ amount: '1440.00', reference: paid.paymentReference!, date: '2026-12-10' }]);
    await expectJson(provider.operator.post(`/api/operator/billing/documents/${voided.id}/credit-notes`, {}), 201);
    const due = crossing.dueDate!;
    await runOn(addDays(due, 7));
    expect((await listOf(paid.id)).items).toEqual([]);
    expect((await listOf(voided.id)).items).toEqual([]);
    const [reminder] = (await listOf(crossing.id)).items;
    expect(reminder).toMatchObject({ step: 1, paymentsAfter: [] });
    const code = smsCodeTo(OWNER_PHONE)!;

    // The school paid the day before the reminder; the statement came in after it. (Rows take the
    // database's clock, the machine's: the import is dated as it would be, the day after the reminder.)
    const paidOn = addDays(due, 6);
    await importStatement([{ amount: '1440.00', reference: crossing.paymentReference!, date: paidOn }]);
    await sql`update billing_bank_entries set created_at = ${new Date(nowMs + 86_400_000)} where reference = ${crossing.paymentReference!}`.execute(t.db);
    expect((await listOf(crossing.id)).items[0]!.paymentsAfter).toEqual([{ bookingDate: paidOn, amountCents: 144_000, currency: 'EUR' }]);
    expect((await runOn(addDays(due, 15))).sent).toBe(0);
    expect((await listOf(crossing.id)).items).toHaveLength(1);
    const checked = await check(code);
    expect(checked).toMatchObject({ result: 'genuine', reminder: { documentNumber: crossing.number, step: 1, amountDueNowCents: 0, paidSince: true, paymentsAfter: [{ bookingDate: paidOn }] } });
  });

  it("proves a code genuine to the organisation's members, and nothing to anyone else", async () => {
    nowMs += 11 * 60_000; // a fresh window of the check limiter
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    const elsewhere = await issueInvoice(provider.operator, other.org.organization.id, LINE);
    await runOn(addDays(invoice.dueDate!, 7));
    const mine = t.mail.find({ to: f.org.people.owner.email }).filter((m) => m.subject.includes(invoice.number!)).at(-1)!.text.match(CODE)![0];
    const theirs = t.mail.find({ to: other.org.people.owner.email }).filter((m) => m.subject.includes(elsewhere.number!)).at(-1)!.text.match(CODE)![0];

    const genuine = await check(mine.toLowerCase().replace('-', ' '));
    expect(genuine).toMatchObject({ result: 'genuine', reminder: { documentId: invoice.id, documentNumber: invoice.number, step: 1, daysAfterDue: 7, dueDate: invoice.dueDate, amountDueNowCents: 144_000, paidSince: false } });
    expect(await check(theirs)).toEqual({ result: 'unknown', reminder: null });
    expect(await check(newReminderCode())).toEqual({ result: 'unknown', reminder: null });
    expect(await check('not a code')).toEqual({ result: 'unknown', reminder: null });
    expect((await check(theirs, other.org.people.owner.agent, other.org.organization.id)).result).toBe('genuine');
    // Billing readers only: a collaborator without the billing switch may not.
    expect((await f.org.people.collaborator.agent.post(`/api/organizations/${orgId}/billing/reminder-checks`, { code: mine })).statusCode).toBe(403);
    expect((await other.org.people.owner.agent.post(`/api/organizations/${orgId}/billing/reminder-checks`, { code: mine })).statusCode).toBe(404);

    // A year later the code no longer vouches for a message.
    nowMs += 366 * 86_400_000;
    expect(await check(mine, f.org.people.admin.agent)).toEqual({ result: 'expired', reminder: null });
  });

  it('limits code checks per account', async () => {
    nowMs += 11 * 60_000;
    const admin = f.org.people.admin.agent;
    for (let i = 0; i < REMINDER_CHECKS_PER_WINDOW; i += 1) await check(newReminderCode(), admin);
    const limited = await admin.post(`/api/organizations/${orgId}/billing/reminder-checks`, { code: newReminderCode() });
    expect([limited.statusCode, limited.headers['retry-after'] !== undefined]).toEqual([429, true]);
  });

  it("shows the operators a customer's reminders, to whom and how, never the code; runs the reminders now on request", async () => {
    const invoice = await issueInvoice(provider.operator, orgId, LINE);
    nowMs = Date.parse(`${addDays(invoice.dueDate!, 7)}T09:00:00Z`);
    const customerReminders = `/api/operator/billing/customers/${orgId}/reminders`;
    const queued = await provider.operator.post('/api/operator/billing/reminder-runs', {});
    expect([queued.statusCode, queued.json()]).toEqual([202, { queued: true }]);
    let mine: OperatorReminder | undefined;
    for (let i = 0; i < 100 && mine?.delivery !== 'done'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      mine = (await expectJson<{ items: OperatorReminder[] }>(provider.operator.get(customerReminders), 200)).items.find((r) => r.documentId === invoice.id);
    }
    expect(mine).toMatchObject({ documentNumber: invoice.number, step: 1, daysAfterDue: 7, amountDueCents: 144_000, delivery: 'done', codeState: 'valid', emailCount: 2, smsCount: 1 });
    expect(mine!.messages.map((m) => [m.channel, m.recipient, m.state])).toEqual([
      ['email', f.org.people.admin.email, 'sent'], ['email', f.org.people.owner.email, 'sent'], ['sms', '+33*******78', 'sent'],
    ].sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)));
    const code = t.mail.find({ subject: invoice.number! }).at(-1)!.text.match(CODE)![0];
    const answer = (await provider.operator.get(customerReminders)).body;
    expect(answer).not.toContain(code);
    expect(answer).not.toContain(compactReminderCode(code)!);
    expect(answer).not.toContain(OWNER_PHONE);

    // Queued again the same day, it sends nothing more; the customer and strangers may not.
    await expectJson(provider.operator.post('/api/operator/billing/reminder-runs', {}), 202);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(t.mail.find({ subject: invoice.number! })).toHaveLength(2);
    expect((await owner.post('/api/operator/billing/reminder-runs', {})).statusCode).toBe(403);
    expect((await owner.get(customerReminders)).statusCode).toBe(403);
    expect((await provider.operator.get('/api/operator/billing/customers/no-such-organization/reminders')).statusCode).toBe(404);
    expect((await expectJson<{ items: OperatorReminder[] }>(provider.operator.get(`/api/operator/billing/customers/${other.org.organization.id}/reminders`), 200)).items.every((r) => r.documentId !== invoice.id)).toBe(true);
    nowMs += 366 * 86_400_000;
    expect((await expectJson<{ items: OperatorReminder[] }>(provider.operator.get(customerReminders), 200)).items.find((r) => r.documentId === invoice.id)?.codeState).toBe('expired');
  });
});

describe('reminder texts', () => {
  it.each(['fr', 'en'] as const)('fit one SMS of the GSM alphabet with their longest values (%s)', (locale) => {
    const text = renderSms(reminderSms, locale, { number: 'FACT-2026-0000000001', amount: smsAmount(90_000_000_099, 'EUR', locale), dueDate: '31/12/2026', reference: 'RF12 ABCD EFGH IJKL MNOP QRST U', code: 'ABCD-EFGH' });
    expect(text.length).toBeLessThanOrEqual(160);
    expect([...text].filter((c) => !GSM_7.has(c))).toEqual([]);
  });

  it('writes amounts for an SMS without separators outside the GSM alphabet', () => {
    expect(smsAmount(144_050, 'EUR', 'fr')).toBe('1440,50 EUR');
    expect(smsAmount(5, 'EUR', 'en')).toBe('EUR 0.05');
  });

  it('draws codes of 8 unambiguous characters in two groups', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newReminderCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(compactReminderCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(compactReminderCode('ABCD-EFG0')).toBeUndefined();
  });

  it('seals a code for its reminder only', () => {
    const sealed = sealReminderCode('s'.repeat(32), 'reminder-1', 'ABCD-EFGH');
    expect(sealed).not.toContain('ABCD');
    expect(unsealReminderCode('s'.repeat(32), 'reminder-1', sealed)).toBe('ABCD-EFGH');
    expect(() => unsealReminderCode('s'.repeat(32), 'reminder-2', sealed)).toThrow();
    expect(() => unsealReminderCode('t'.repeat(32), 'reminder-1', sealed)).toThrow();
  });
});
