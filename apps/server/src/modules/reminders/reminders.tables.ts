import type { ColumnType, JSONColumnType } from 'kysely';

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
}

export interface RemindersTables {
  billing_reminder_schedule: BillingReminderScheduleTable;
  billing_reminders: BillingRemindersTable;
}
