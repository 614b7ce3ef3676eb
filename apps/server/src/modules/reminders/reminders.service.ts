/**
 * Reminders (dunning): the operator's schedule, the run that sends each due step of each unpaid
 * invoice once (by e-mail and SMS, with a verification code), what an invoice's reminders became, and
 * the check of a code by the customer.
 *
 * A step is sent once: its row, unique per invoice and step, and its messages are written in the
 * transaction that locks the invoice and sees it still due (a statement matched meanwhile wins); the
 * messages go out after the commit, so no lock waits for the mail server or the SMS gateway. A re-run,
 * a retried job or a second process finds the row and writes nothing; messages left waiting by a
 * process that stopped are sent by the next run, each taken before it is sent so it goes out at most
 * once. At most one step per invoice and Paris day: a run that missed days catches up one step a day.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { formatMoney, type BillingReminder, type OperatorReminder, type Locale, type ReminderCheck, type ReminderSchedule, type UpdateReminderSchedule } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError, type FieldMessages } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { toUtc } from '../../shared/paris-calendar.ts';
import { addDays, parisDate, readableDate } from '../billing/billing-calendar.ts';
import type { Mailer } from '../mail/mailer.ts';
import { renderMail } from '../mail/mail.templates.ts';
import { printedCreditorReference } from '../payments/creditor-reference.ts';
import { createVerifiedPhones } from '../profile/verified-phones.ts';
import { maskPhoneNumber } from '../sms/phone-numbers.ts';
import type { SmsSender } from '../sms/sms-sender.ts';
import { renderSms } from '../sms/sms.templates.ts';
import { compactReminderCode, newReminderCode, reminderCodeHash, sealReminderCode, unsealReminderCode } from './reminder-codes.ts';
import { createRemindersRepository, type DueInvoice, type ReminderRecipient } from './reminders.repository.ts';
import type { BillingReminderMessagesTable } from './reminders.tables.ts';
import { reminderMail, reminderSms, smsAmount, type ReminderVars } from './reminders.templates.ts';

/** The schedule until the operator sets one: days after the due date. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 15, 30];
/** How long a reminder's code proves it genuine. */
export const REMINDER_CODE_VALIDITY_DAYS = 365;
/** How long after a process took a message to send it, never settled, it counts as stopped mid-way (well past the SMTP and SMS timeouts). */
const OPERATOR_LIST_LIMIT = 200;
export const SENDING_GIVE_UP_MS = 15 * 60_000;

export interface ReminderRunReport {
  date: string;
  sent: number;
  emails: number;
  sms: number;
  failures: number;
}

interface ReminderLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RemindersServiceDeps {
  db: Kysely<Database>;
  mailer: Pick<Mailer, 'send'>;
  sms: Pick<SmsSender, 'send'>;
  /** Keys the codes' HMAC (the auth secret). */
  secret: string;
  publicUrl: string;
  now: Clock;
  log: ReminderLog;
}

/** Who a reminder goes to, read before its transaction (PGlite has one connection). */
interface Recipients {
  mail: ReminderRecipient[];
  sms: { phone: string; locale: Locale }[];
}

type ReminderRow = Awaited<ReturnType<ReturnType<typeof createRemindersRepository>['listOfDocument']>>[number];

function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

export function createRemindersService(deps: RemindersServiceDeps) {
  const { db, now, log } = deps;
  const repository = createRemindersRepository(db);
  const phones = createVerifiedPhones(db);

  async function schedule(): Promise<ReminderSchedule> {
    const found = await repository.findSchedule();
    return found ? { days: found.days, updatedAt: found.updatedAt.toISOString() } : { days: [...DEFAULT_REMINDER_DAYS], updatedAt: null };
  }

  /** Sends the reminder's messages still waiting; each is taken before it is sent, so no two processes send it. A failed message is logged (never its text). */
  async function deliver(invoice: Omit<DueInvoice, 'last_step' | 'last_sent_on'>, reminderId: string, step: number, code: string, report: ReminderRunReport): Promise<void> {
    const organizationName = await repository.organizationName(invoice.organization_id);
    const reference = invoice.payment_reference ? printedCreditorReference(invoice.payment_reference) : invoice.number;
    const base = { organizationName, number: invoice.number, dueDate: readableDate(invoice.due_date), reference, code, step, checkUrl: `${deps.publicUrl}/organizations/${invoice.organization_id}/billing?tab=reminder` };
    for (const message of await repository.pendingMessages(invoice.organization_id, reminderId)) {
      if (!(await repository.takeMessage(invoice.organization_id, message.id, now()))) continue;
      let sent = true;
      try {
        if (message.channel === 'email') {
          const vars: ReminderVars = { ...base, amount: formatMoney(invoice.amount_due_cents, invoice.currency, message.locale) };
          await deps.mailer.send({ to: message.recipient, ...renderMail(reminderMail, message.locale, vars) });
        } else {
          await deps.sms.send({ to: message.recipient, text: renderSms(reminderSms, message.locale, { ...base, amount: smsAmount(invoice.amount_due_cents, invoice.currency, message.locale) }) });
        }
      } catch (error) {
        sent = false;
        // The SMS sender logged why, with the number masked.
        if (message.channel === 'email') log.error({ err: error instanceof Error ? error.name : 'unknown', invoice: invoice.id, step }, 'a billing reminder e-mail could not be sent');
      }
      await repository.settleMessage(invoice.organization_id, message.id, 'sending', sent ? 'sent' : 'failed', now());
      if (!sent) report.failures += 1;
      else if (message.channel === 'email') report.emails += 1;
      else report.sms += 1;
    }
    await repository.settleReminder(invoice.organization_id, reminderId);
  }

  /**
   * Sends what earlier runs left waiting (a process stopped between a reminder's commit and its
   * messages), with the reminder's own code; nothing once its invoice no longer asks money. A message
   * a process took and never settled is not sent again: after `SENDING_GIVE_UP_MS` it is `unknown`.
   */
  async function resumeDeliveries(report: ReminderRunReport): Promise<void> {
    const at = now();
    const givenUp = await repository.giveUpSending(new Date(at.getTime() - SENDING_GIVE_UP_MS), at);
    if (givenUp > 0) log.error({ messages: givenUp }, 'billing reminder messages whose sending was interrupted: not sent again, their delivery is unknown');
    for (const pending of await repository.pendingDeliveries()) {
      const stillDue = pending.state === 'finalized' && pending.payment_status !== 'paid' && pending.still_due_cents > 0;
      let code: string | undefined;
      try {
        code = unsealReminderCode(deps.secret, pending.reminder_id, pending.sealed_code);
      } catch {
        log.error({ reminder: pending.reminder_id }, 'the code of a billing reminder waiting to be sent cannot be read (the auth secret changed?): its messages are not sent');
      }
      if (!stillDue || code === undefined) await repository.cancelPending(pending.organization_id, pending.reminder_id, stillDue ? 'failed' : 'cancelled', at);
      if (code === undefined || !stillDue) await repository.settleReminder(pending.organization_id, pending.reminder_id);
      else await deliver(pending, pending.reminder_id, pending.step, code, report);
    }
  }

  /** Who gets the organisation's reminders: by e-mail, the billing holders whose switch is on (else the legal owners); by SMS, those whose switch is on and number verified. */
  async function recipientsOf(organizationId: string, today: string): Promise<Recipients> {
    const members = await repository.recipients(organizationId, today);
    const byEmail = members.filter((m) => m.holdsBilling && m.byEmail);
    const mail = byEmail.length > 0 ? byEmail : members.filter((m) => m.role === 'owner');
    const sms = await phones.ofMembers(organizationId, members.filter((m) => m.holdsBilling && m.bySms).map((m) => m.memberId));
    return { mail, sms };
  }

  /**
   * Writes `step` of `invoice` and its messages, unless it was sent already or the invoice no longer
   * asks money, in the transaction that locks the invoice; sends the messages after its commit.
   */
  async function sendStep(invoice: DueInvoice, step: number, daysAfterDue: number, today: string, report: ReminderRunReport): Promise<void> {
    const recipients = await recipientsOf(invoice.organization_id, today);
    const code = newReminderCode();
    const at = now();
    const id = randomUUID();
    const messages: Insertable<BillingReminderMessagesTable>[] = [
      ...recipients.mail.map((person) => ({ channel: 'email' as const, recipient: person.email, locale: person.locale })),
      ...recipients.sms.map((person) => ({ channel: 'sms' as const, recipient: person.phone, locale: person.locale })),
    ].map((message) => ({ ...message, id: randomUUID(), organization_id: invoice.organization_id, reminder_id: id }));
    const due = await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('billing_documents').select(['state', 'payment_status', 'gross_cents', 'credited_cents', 'paid_cents'])
        .where('organization_id', '=', invoice.organization_id).where('id', '=', invoice.id).forUpdate().executeTakeFirst();
      const stillDue = current && current.state === 'finalized' && current.payment_status !== 'paid' ? current.gross_cents - current.credited_cents - current.paid_cents : 0;
      if (stillDue <= 0) return 0;
      const pending = messages.length > 0;
      const claimed = await repository.claim(trx, {
        id, organization_id: invoice.organization_id, document_id: invoice.id, step, days_after_due: daysAfterDue, amount_due_cents: stillDue, sent_at: at, sent_on: today,
        code_hash: reminderCodeHash(deps.secret, invoice.organization_id, code), code_expires_at: new Date(at.getTime() + REMINDER_CODE_VALIDITY_DAYS * 86_400_000),
        delivery: pending ? 'pending' : 'done', sealed_code: pending ? sealReminderCode(deps.secret, id, code) : null,
      });
      if (!claimed) return 0;
      await repository.insertMessages(trx, messages);
      return stillDue;
    });
    if (due <= 0) return;
    report.sent += 1;
    await deliver({ ...invoice, amount_due_cents: due }, id, step, code, report);
  }

  function paymentsAfter(row: Pick<ReminderRow, 'document_id' | 'sent_at'>, transfers: Awaited<ReturnType<typeof repository.transfersForDocuments>>) {
    const sentOn = parisDate(row.sent_at);
    return transfers
      .filter((t) => t.document_id === row.document_id && (t.created_at.getTime() > row.sent_at.getTime() || t.booking_date > sentOn))
      .map((t) => ({ bookingDate: t.booking_date, amountCents: t.amount_cents, currency: t.currency }));
  }

  function view(row: ReminderRow, transfers: Awaited<ReturnType<typeof repository.transfersForDocuments>>): BillingReminder {
    return {
      id: row.id,
      documentId: row.document_id,
      documentNumber: row.number ?? '',
      step: row.step,
      daysAfterDue: row.days_after_due,
      sentAt: row.sent_at.toISOString(),
      amountDueCents: row.amount_due_cents,
      currency: row.currency,
      emailCount: row.email_count,
      smsCount: row.sms_count,
      paymentsAfter: paymentsAfter(row, transfers),
    };
  }

  return {
    schedule,

    /** Saves the schedule: increasing days (the schema bounds them and their count). */
    async updateSchedule(input: UpdateReminderSchedule, userId: string): Promise<ReminderSchedule> {
      const fields: Record<string, { code: 'reminder_schedule.not_increasing' }> = {};
      input.days.forEach((day, i) => {
        if (i > 0 && day <= input.days[i - 1]!) fields[`/days/${i}`] = { code: 'reminder_schedule.not_increasing' };
      });
      if (Object.keys(fields).length > 0) throw new AppError('validation_failed', 'validation_failed', {}, { fields: fields as FieldMessages });
      await repository.saveSchedule(input.days, userId, now());
      return schedule();
    },

    /** Sends, for Paris day `today`, the next step of every invoice whose step has come. */
    async run(today: string = parisDate(now())): Promise<ReminderRunReport> {
      const { days } = await schedule();
      const report: ReminderRunReport = { date: today, sent: 0, emails: 0, sms: 0, failures: 0 };
      await resumeDeliveries(report);
      for (const invoice of await repository.dueInvoicesAcrossOrganizations(addDays(today, -days[0]!))) {
        if (invoice.last_sent_on !== null && invoice.last_sent_on >= today) continue;
        const step = (invoice.last_step ?? 0) + 1;
        const stepDays = days[step - 1];
        if (stepDays === undefined || daysBetween(invoice.due_date, today) < stepDays) continue;
        await sendStep(invoice, step, stepDays, today, report);
      }
      return report;
    },

    /** The reminders of one of the organisation's invoices, each with the transfers for it seen after it went out. */
    async listOfDocument(organizationId: string, documentId: string): Promise<{ items: BillingReminder[] }> {
      const document = await db.selectFrom('billing_documents').select('id').where('organization_id', '=', organizationId).where('id', '=', documentId).where('state', '<>', 'draft').executeTakeFirst();
      if (!document) throw new AppError('not_found', 'billing_document.not_found');
      const rows = await repository.listOfDocument(organizationId, documentId);
      const transfers = await repository.transfersForDocuments(organizationId, [documentId]);
      return { items: rows.map((row) => view(row, transfers)) };
    },

    /** A customer's reminders for the operators, latest first: which invoice, step, when, to whom by which channel, and whether the code still vouches (never the code). */
    async listOfOrganization(organizationId: string): Promise<{ items: OperatorReminder[] }> {
      if (!(await repository.organizationExists(organizationId))) throw new AppError('not_found', 'not_found');
      const rows = await repository.listOfOrganization(organizationId, OPERATOR_LIST_LIMIT);
      const transfers = await repository.transfersForDocuments(organizationId, [...new Set(rows.map((row) => row.document_id))]);
      const messages = await repository.messagesOf(organizationId, rows.map((row) => row.id));
      const at = now().getTime();
      return {
        items: rows.map((row) => ({
          ...view(row, transfers),
          delivery: row.delivery,
          codeState: row.code_expires_at.getTime() > at ? 'valid' : 'expired',
          codeExpiresAt: row.code_expires_at.toISOString(),
          messages: messages.filter((m) => m.reminder_id === row.id).map((m) => ({
            channel: m.channel,
            recipient: m.channel === 'sms' ? maskPhoneNumber(m.recipient) : m.recipient,
            state: m.state,
            attemptedAt: m.attempted_at?.toISOString() ?? null,
            settledAt: m.settled_at?.toISOString() ?? null,
          })),
        })),
      };
    },

    /** What `code` proves for the organisation: the same `unknown` for a mistyped code and another organisation's. */
    async check(organizationId: string, code: string): Promise<ReminderCheck> {
      const compact = compactReminderCode(code);
      const row = compact === undefined ? undefined : await repository.findByCode(organizationId, reminderCodeHash(deps.secret, organizationId, compact));
      if (!row) return { result: 'unknown', reminder: null };
      if (row.code_expires_at.getTime() <= now().getTime()) return { result: 'expired', reminder: null };
      const transfers = await repository.transfersForDocuments(organizationId, [row.document_id]);
      const dueNow = row.state === 'finalized' ? Math.max(row.gross_cents - row.credited_cents - row.paid_cents, 0) : 0;
      return { result: 'genuine', reminder: { ...view(row, transfers), dueDate: row.due_date ?? '', amountDueNowCents: dueNow, paidSince: row.payment_status === 'paid' } };
    },
  };
}
export type RemindersService = ReturnType<typeof createRemindersService>;
