import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Locale, Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { teamBillingSql } from '../effective-access/effective-access.ts';
import type { BillingReminderMessagesTable, BillingRemindersTable, ReminderDelivery, ReminderMessageState } from './reminders.tables.ts';

/** An invoice the reminder run looks at: finalised, past its due date, still asking money. */
export interface DueInvoice {
  id: string;
  organization_id: string;
  number: string;
  currency: string;
  due_date: string;
  amount_due_cents: number;
  payment_reference: string | null;
  last_step: number | null;
  last_sent_on: string | null;
}

/** A reminder whose messages wait to be sent, with its invoice as it is now. */
export interface PendingDelivery extends Omit<DueInvoice, 'last_step' | 'last_sent_on'> {
  reminder_id: string;
  step: number;
  sealed_code: string;
  state: string;
  payment_status: string;
  still_due_cents: number;
}

/** A member who may receive an organisation's reminders, with their switches. */
export interface ReminderRecipient {
  memberId: string;
  name: string;
  email: string;
  locale: Locale;
  role: Role;
  holdsBilling: boolean;
  byEmail: boolean;
  bySms: boolean;
}

const REMINDER_COLUMNS = ['r.id', 'r.document_id', 'r.step', 'r.days_after_due', 'r.amount_due_cents', 'r.sent_at', 'r.email_count', 'r.sms_count', 'r.code_expires_at',
  'd.number', 'd.currency', 'd.due_date', 'd.gross_cents', 'd.credited_cents', 'd.paid_cents', 'd.payment_status', 'd.state'] as const;

/** SQL of reminders: the schedule (instance level), the run's sweep, and each organisation's reminders. */
export function createRemindersRepository(db: Kysely<Database>) {
  const reminders = (executor: Kysely<Database>, organizationId: string) =>
    executor
      .selectFrom('billing_reminders as r')
      .innerJoin('billing_documents as d', (join) => join.onRef('d.id', '=', 'r.document_id').onRef('d.organization_id', '=', 'r.organization_id'))
      .select(REMINDER_COLUMNS)
      .where('r.organization_id', '=', organizationId);

  return {
    async findSchedule(): Promise<{ days: number[]; updatedAt: Date } | undefined> {
      const row = await db.selectFrom('billing_reminder_schedule').select(['days', 'updated_at']).executeTakeFirst();
      return row && { days: row.days, updatedAt: row.updated_at };
    },

    async saveSchedule(days: readonly number[], userId: string, at: Date): Promise<void> {
      const values = { days: JSON.stringify(days), updated_at: at, updated_by_user_id: userId };
      await db.insertInto('billing_reminder_schedule').values(values).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    },

    /** Every organisation's finalised invoices due on `cutoff` or earlier that still ask money, with their last reminder. */
    async dueInvoicesAcrossOrganizations(cutoff: string): Promise<DueInvoice[]> {
      return db
        .selectFrom('billing_documents as d')
        .select(['d.id', 'd.organization_id', 'd.currency', 'd.payment_reference'])
        .select(sql<string>`d.number`.as('number'))
        .select(sql<string>`d.due_date`.as('due_date'))
        .select(sql<number>`d.gross_cents - d.credited_cents - d.paid_cents`.as('amount_due_cents'))
        .select((eb) => [
          eb.selectFrom('billing_reminders as r').whereRef('r.document_id', '=', 'd.id').select((e) => e.fn.max('r.step').as('s')).as('last_step'),
          eb.selectFrom('billing_reminders as r').whereRef('r.document_id', '=', 'd.id').select((e) => e.fn.max('r.sent_on').as('o')).as('last_sent_on'),
        ])
        .where('d.kind', '=', 'invoice')
        .where('d.state', '=', 'finalized')
        .where('d.number', 'is not', null)
        .where('d.due_date', '<=', cutoff)
        .where('d.payment_status', 'in', ['unpaid', 'partially_paid'])
        .where(sql<boolean>`d.gross_cents - d.credited_cents - d.paid_cents > 0`)
        .orderBy('d.due_date')
        .orderBy('d.id')
        .execute() as Promise<DueInvoice[]>;
    },

    /**
     * The members of the organisation who hold billing rights (legal owners and administrators always,
     * collaborators by their switch, anyone by a team's billing right on `today`: the access table's
     * billing rule), with their reminder switches.
     */
    async recipients(organizationId: string, today: string): Promise<ReminderRecipient[]> {
      const rows = await db
        .selectFrom('member as m')
        .innerJoin('user as u', 'u.id', 'm.user_id')
        .select(['m.id', 'u.name', 'u.email', 'u.locale', 'm.role', 'm.billing_rights', 'm.billing_reminders_email', 'm.billing_reminders_sms', teamBillingSql(sql.ref('m.id'), today).as('team_billing')])
        .where('m.organization_id', '=', organizationId)
        .orderBy('m.created_at')
        .orderBy('m.id')
        .execute();
      return rows.map((row) => ({
        memberId: row.id,
        name: row.name,
        email: row.email,
        locale: row.locale,
        role: row.role,
        holdsBilling: row.role === 'owner' || row.role === 'admin' || (row.role === 'collaborator' && row.billing_rights) || row.team_billing !== null,
        byEmail: row.billing_reminders_email,
        bySms: row.billing_reminders_sms,
      }));
    },

    async organizationName(organizationId: string): Promise<string> {
      const row = await db.selectFrom('organization').select('name').where('id', '=', organizationId).executeTakeFirst();
      return row?.name ?? '';
    },

    /** Writes the reminder unless this step of the invoice was sent already (then false: a re-run or another process got there first). */
    async claim(trx: Transaction<Database>, row: Insertable<BillingRemindersTable>): Promise<boolean> {
      const inserted = await trx.insertInto('billing_reminders').values(row).onConflict((oc) => oc.columns(['document_id', 'step']).doNothing()).returning('id').executeTakeFirst();
      return inserted !== undefined;
    },

    async insertMessages(trx: Transaction<Database>, rows: Insertable<BillingReminderMessagesTable>[]): Promise<void> {
      if (rows.length > 0) await trx.insertInto('billing_reminder_messages').values(rows).execute();
    },

    /** Reminders whose messages wait to be sent, oldest first, with what their messages say. */
    async pendingDeliveries(): Promise<PendingDelivery[]> {
      return db
        .selectFrom('billing_reminders as r')
        .innerJoin('billing_documents as d', (join) => join.onRef('d.id', '=', 'r.document_id').onRef('d.organization_id', '=', 'r.organization_id'))
        .select(['r.id as reminder_id', 'r.step', 'r.sealed_code', 'r.amount_due_cents', 'd.id', 'd.organization_id', 'd.currency', 'd.payment_reference', 'd.state', 'd.payment_status'])
        .select(sql<string>`d.number`.as('number'))
        .select(sql<string>`d.due_date`.as('due_date'))
        .select(sql<number>`d.gross_cents - d.credited_cents - d.paid_cents`.as('still_due_cents'))
        .where('r.delivery', '=', 'pending')
        .orderBy('r.sent_at')
        .orderBy('r.id')
        .execute() as Promise<PendingDelivery[]>;
    },

    pendingMessages: (organizationId: string, reminderId: string) =>
      db.selectFrom('billing_reminder_messages').select(['id', 'channel', 'recipient', 'locale'])
        .where('organization_id', '=', organizationId).where('reminder_id', '=', reminderId).where('state', '=', 'pending')
        .orderBy('channel').orderBy('id').execute(),

    /** Takes a message to send it: false when another process took it first. */
    async takeMessage(organizationId: string, id: string, at: Date): Promise<boolean> {
      const taken = await db.updateTable('billing_reminder_messages').set({ state: 'sending', attempted_at: at })
        .where('organization_id', '=', organizationId).where('id', '=', id).where('state', '=', 'pending').returning('id').executeTakeFirst();
      return taken !== undefined;
    },

    async settleMessage(organizationId: string, id: string, from: ReminderMessageState, state: ReminderMessageState, at: Date): Promise<void> {
      await db.updateTable('billing_reminder_messages').set({ state, settled_at: at })
        .where('organization_id', '=', organizationId).where('id', '=', id).where('state', '=', from).execute();
    },

    /** Cancels what a reminder has not sent yet (its invoice no longer asks money, or its code is lost). */
    async cancelPending(organizationId: string, reminderId: string, state: 'cancelled' | 'failed', at: Date): Promise<void> {
      await db.updateTable('billing_reminder_messages').set({ state, settled_at: at })
        .where('organization_id', '=', organizationId).where('reminder_id', '=', reminderId).where('state', '=', 'pending').execute();
    },

    /** Messages a process took before `before` and never settled (it stopped while sending): never sent again, `unknown`. */
    async giveUpSending(before: Date, at: Date): Promise<number> {
      const rows = await db.updateTable('billing_reminder_messages').set({ state: 'unknown', settled_at: at })
        .where('state', '=', 'sending').where('attempted_at', '<', before).returning('id').execute();
      return rows.length;
    },

    /** Counts what the reminder delivered; once none of its messages waits, its delivery is done and its sealed code forgotten. */
    async settleReminder(organizationId: string, reminderId: string): Promise<void> {
      const count = (channel: 'email' | 'sms') => sql<number>`(select count(*)::int from billing_reminder_messages m where m.reminder_id = ${reminderId} and m.channel = ${channel} and m.state = 'sent')`;
      const waiting = sql<boolean>`exists (select 1 from billing_reminder_messages m where m.reminder_id = ${reminderId} and m.state in ('pending', 'sending'))`;
      await db.updateTable('billing_reminders')
        .set({
          email_count: count('email'),
          sms_count: count('sms'),
          delivery: sql<ReminderDelivery>`case when ${waiting} then delivery else 'done' end`,
          sealed_code: sql<string | null>`case when ${waiting} then sealed_code end`,
        })
        .where('organization_id', '=', organizationId).where('id', '=', reminderId).execute();
    },

    /** The reminders sent for one invoice of the organisation, in order. */
    listOfDocument: (organizationId: string, documentId: string) => reminders(db, organizationId).where('r.document_id', '=', documentId).orderBy('r.step').execute(),

    /** The organisation's reminders, latest first, with their delivery. */
    listOfOrganization: (organizationId: string, limit: number) =>
      reminders(db, organizationId).select('r.delivery').orderBy('r.sent_at', 'desc').orderBy('r.step', 'desc').limit(limit).execute(),

    /** The messages of the organisation's reminders `reminderIds`. */
    async messagesOf(organizationId: string, reminderIds: readonly string[]) {
      if (reminderIds.length === 0) return [];
      return db.selectFrom('billing_reminder_messages').select(['reminder_id', 'channel', 'recipient', 'state', 'attempted_at', 'settled_at'])
        .where('organization_id', '=', organizationId).where('reminder_id', 'in', [...reminderIds]).orderBy('channel').orderBy('recipient').execute();
    },

    async organizationExists(organizationId: string): Promise<boolean> {
      return (await db.selectFrom('organization').select('id').where('id', '=', organizationId).executeTakeFirst()) !== undefined;
    },

    /** The organisation's reminder whose code hashes to `codeHash`, if any. */
    findByCode: (organizationId: string, codeHash: string) => reminders(db, organizationId).where('r.code_hash', '=', codeHash).executeTakeFirst(),

    /** Transfers decided for the organisation's invoices, with when they were booked and imported. */
    async transfersForDocuments(organizationId: string, documentIds: readonly string[]) {
      if (documentIds.length === 0) return [];
      return db
        .selectFrom('billing_payment_decisions as pd')
        .innerJoin('billing_bank_entries as e', 'e.id', 'pd.entry_id')
        .select(['pd.document_id', 'e.booking_date', 'e.amount_cents', 'e.currency', 'e.created_at'])
        .where('pd.organization_id', '=', organizationId)
        .where('pd.document_id', 'in', [...documentIds])
        .orderBy('e.booking_date')
        .orderBy('e.id')
        .execute();
    },
  };
}
