import type { ColumnType, JSONColumnType } from 'kysely';
import type { Locale } from '@preau/contracts';

/** `billing_reminder_schedule`: the operator's reminder schedule, days after the due date (one row, instance level). */
export interface BillingReminderScheduleTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  days: JSONColumnType<number[], string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by_user_id: string | null;
}

/** `billing_reminders`: a reminder sent for an invoice (once per step), its channels and its hashed verification code. */
export interface BillingRemindersTable {
  id: string;
  organization_id: string;
  document_id: string;
  step: number;
  days_after_due: number;
  /** What the invoice still asked when the reminder went out. */
  amount_due_cents: number;
  sent_at: Date;
  /** The Paris calendar day of `sent_at`. */
  sent_on: string;
  /** How many e-mails and texts were delivered to the sender (gateway or SMTP server). */
  email_count: ColumnType<number, number | undefined, number>;
  sms_count: ColumnType<number, number | undefined, number>;
  code_hash: string;
  code_expires_at: Date;
  /** `pending` while some of its messages wait to be sent (after the claiming transaction's commit). */
  delivery: ColumnType<ReminderDelivery, ReminderDelivery | undefined, ReminderDelivery>;
  /** The code encrypted, kept only while the delivery is pending (`sealReminderCode`). */
  sealed_code: string | null;
}

export type ReminderDelivery = 'pending' | 'done';
export type ReminderMessageState = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'cancelled';

/** `billing_reminder_messages`: an e-mail or a text a reminder sends, written with the reminder and sent after its commit. */
export interface BillingReminderMessagesTable {
  id: string;
  organization_id: string;
  reminder_id: string;
  channel: 'email' | 'sms';
  /** An e-mail address or an E.164 number. */
  recipient: string;
  locale: Locale;
  state: ColumnType<ReminderMessageState, ReminderMessageState | undefined, ReminderMessageState>;
  /** When a process claimed it to send it. */
  attempted_at: Date | null;
  settled_at: Date | null;
}

export interface RemindersTables {
  billing_reminder_schedule: BillingReminderScheduleTable;
  billing_reminders: BillingRemindersTable;
  billing_reminder_messages: BillingReminderMessagesTable;
}
