import { Type, type Static } from 'typebox';
import { CentsSchema, DateSchema } from './billing.ts';
import { IdParamSchema, IsoDateTimeSchema } from './common.ts';
import { Text } from './text.ts';

/** The days after an invoice's due date on which reminders go out: increasing, 1 to 365, at most 6 steps. */
export const ReminderDaysSchema = Type.Array(Type.Integer({ minimum: 1, maximum: 365 }), { minItems: 1, maxItems: 6, uniqueItems: true });

export const ReminderScheduleSchema = Type.Object({
  days: ReminderDaysSchema,
  /** Null while the default schedule applies. */
  updatedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type ReminderSchedule = Static<typeof ReminderScheduleSchema>;

export const UpdateReminderScheduleSchema = Type.Object({ days: ReminderDaysSchema });
export type UpdateReminderSchedule = Static<typeof UpdateReminderScheduleSchema>;

/** A transfer for the reminded invoice that the bank booked, or Préau imported, after the reminder went out. */
export const PaymentAfterReminderSchema = Type.Object({
  bookingDate: DateSchema,
  amountCents: Type.Integer(),
  currency: Type.String(),
});

/** A reminder sent for an invoice. */
export const BillingReminderSchema = Type.Object({
  id: Type.String(),
  documentId: Type.String(),
  documentNumber: Type.String(),
  step: Type.Integer(),
  daysAfterDue: Type.Integer(),
  sentAt: IsoDateTimeSchema,
  /** What the invoice still asked when the reminder went out. */
  amountDueCents: Type.Integer(),
  currency: Type.String(),
  emailCount: Type.Integer(),
  smsCount: Type.Integer(),
  paymentsAfter: Type.Array(PaymentAfterReminderSchema),
});
export type BillingReminder = Static<typeof BillingReminderSchema>;
export const BillingReminderListSchema = Type.Object({ items: Type.Array(BillingReminderSchema) });

/** An e-mail or a text a reminder sent, or tried to: `unknown` when its sending was interrupted (never sent again). */
export const ReminderMessageSchema = Type.Object({
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
  /** The e-mail address; a phone number masked (`+33*******78`). */
  recipient: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('unknown'), Type.Literal('cancelled')]),
  attemptedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  settledAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});

/** A reminder of a customer as the operators see it: its messages and whether its code still vouches (never the code). */
export const OperatorReminderSchema = Type.Object({
  ...BillingReminderSchema.properties,
  /** `pending` while some of its messages wait to be sent. */
  delivery: Type.Union([Type.Literal('pending'), Type.Literal('done')]),
  codeState: Type.Union([Type.Literal('valid'), Type.Literal('expired')]),
  codeExpiresAt: IsoDateTimeSchema,
  messages: Type.Array(ReminderMessageSchema),
});
export type OperatorReminder = Static<typeof OperatorReminderSchema>;
export const OperatorReminderListSchema = Type.Object({ items: Type.Array(OperatorReminderSchema) });

/** A reminder run queued by an operator (each step of each invoice is still sent once). */
export const ReminderRunQueuedSchema = Type.Object({ queued: Type.Boolean() });

export const CheckReminderCodeSchema = Type.Object({ code: Text({ max: 32 }) });
export type CheckReminderCode = Static<typeof CheckReminderCodeSchema>;

/**
 * What a code proves: `genuine` (a reminder of this organisation carries it: which one, what is due
 * now), `expired` (it did, but too long ago to vouch for a message now), or `unknown` (no reminder of
 * this organisation carries it: the same answer for a mistyped code and another organisation's).
 */
export const ReminderCheckSchema = Type.Object({
  result: Type.Union([Type.Literal('genuine'), Type.Literal('expired'), Type.Literal('unknown')]),
  reminder: Type.Union([
    Type.Object({
      ...BillingReminderSchema.properties,
      dueDate: DateSchema,
      amountDueNowCents: Type.Integer(),
      paidSince: Type.Boolean(),
    }),
    Type.Null(),
  ]),
});
export type ReminderCheck = Static<typeof ReminderCheckSchema>;

/** "I paid but got a reminder": the transfer as the customer remembers it. */
export const PaymentSearchSchema = Type.Object({
  date: DateSchema,
  amountCents: Type.Integer({ minimum: 1, maximum: 900_000_000_000 }),
  reference: Type.Optional(Type.Union([Text({ max: 140 }), Type.Null()])),
});
export type PaymentSearch = Static<typeof PaymentSearchSchema>;

/**
 * What Préau found: `paid` (the transfer paid invoice `documentNumber`, a surplus in `balanceCents`),
 * `on_balance` (it is on the prepaid balance), `amount_differs` (a transfer arrived, `receivedCents`,
 * but the invoice asked `dueCents`), `waiting` (a transfer of that amount on that date is waiting to be
 * identified by the provider's team), `not_received` (nothing yet; statements imported up to
 * `statementsUpTo`).
 */
export const PaymentSearchAnswerSchema = Type.Object({
  outcome: Type.Union([Type.Literal('paid'), Type.Literal('on_balance'), Type.Literal('amount_differs'), Type.Literal('waiting'), Type.Literal('not_received')]),
  bookingDate: Type.Union([DateSchema, Type.Null()]),
  receivedCents: Type.Union([CentsSchema, Type.Null()]),
  dueCents: Type.Union([CentsSchema, Type.Null()]),
  balanceCents: Type.Union([CentsSchema, Type.Null()]),
  documentId: Type.Union([IdParamSchema, Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  statementsUpTo: Type.Union([DateSchema, Type.Null()]),
});
export type PaymentSearchAnswer = Static<typeof PaymentSearchAnswerSchema>;
