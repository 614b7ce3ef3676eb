import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BillingReminderListSchema,
  CheckReminderCodeSchema,
  IdParamSchema,
  OperatorReminderListSchema,
  PaymentSearchAnswerSchema,
  PaymentSearchSchema,
  ReminderCheckSchema,
  ReminderRunQueuedSchema,
  ReminderScheduleSchema,
  UpdateReminderScheduleSchema,
} from '@preau/contracts';
import type { RateLimiter } from '../../http/rate-limit.ts';
import { requireUser } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { PaymentSearchService } from './payment-search.service.ts';
import type { RemindersService } from './reminders.service.ts';

export interface RemindersRoutesDeps {
  remindersService: RemindersService;
  paymentSearchService: PaymentSearchService;
  /** Queues a reminder run now (the hourly job's). */
  queueRun: () => Promise<void>;
  /** Counts a member's code checks and payment searches (per account and organisation). */
  checkLimiter: RateLimiter;
}

/** Code checks and payment searches a member may make per organisation within `REMINDER_CHECK_WINDOW_MS`. */
export const REMINDER_CHECKS_PER_WINDOW = 10;
export const REMINDER_CHECK_WINDOW_MS = 10 * 60_000;

const OrgParams = Type.Object({ orgId: IdParamSchema });
const tags = ['billing', 'reminders'];

/**
 * Reminders: the operator's schedule; the customer's view of an invoice's reminders, the check of a
 * reminder's code, and "I paid but got a reminder". The last two are limited per account.
 */
export function registerRemindersRoutes(app: FastifyInstance, { remindersService, paymentSearchService, checkLimiter, queueRun }: RemindersRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const customer = '/api/organizations/:orgId/billing';

  async function limit(key: string, reply: FastifyReply): Promise<void> {
    const wait = await checkLimiter.hit(key);
    if (wait === undefined) return;
    void reply.header('retry-after', String(wait));
    throw new AppError('rate_limited', 'rate_limited');
  }

  r.get('/api/operator/billing/reminder-schedule', {
    config: { action: 'billing.provider.read' },
    schema: { tags, summary: 'The reminder schedule: days after the due date (7, 15 and 30 until an operator sets it)', response: { 200: ReminderScheduleSchema } },
    handler: () => remindersService.schedule(),
  });
  r.put('/api/operator/billing/reminder-schedule', {
    config: { action: 'billing.provider.update' },
    schema: { tags, summary: 'Set the reminder schedule: 1 to 6 increasing days, each 1 to 365 after the due date', body: UpdateReminderScheduleSchema, response: { 200: ReminderScheduleSchema } },
    handler: (request) => remindersService.updateSchedule(request.body, requireUser(request).id),
  });

  r.get('/api/operator/billing/customers/:orgId/reminders', {
    config: { action: 'billing.operator.read' },
    schema: {
      tags, summary: "A customer's reminders, latest first: invoice, step, when, each message's channel, recipient (numbers masked) and state, whether the code still vouches (never the code)",
      params: OrgParams, response: { 200: OperatorReminderListSchema },
    },
    handler: (request) => remindersService.listOfOrganization(request.params.orgId),
  });
  r.post('/api/operator/billing/reminder-runs', {
    config: { action: 'billing.operator.manage' },
    schema: {
      tags, summary: 'Queue a reminder run now (the hourly one): it sends the steps whose day has come, each once, and what earlier runs left waiting',
      response: { 202: ReminderRunQueuedSchema },
    },
    handler: async (_request, reply) => {
      await queueRun();
      return reply.code(202).send({ queued: true });
    },
  });

  r.get(`${customer}/documents/:docId/reminders`, {
    config: { action: 'billing.read' },
    schema: {
      tags, summary: "An invoice's reminders, each with the transfers for it the bank booked or Préau imported after it went out",
      params: Type.Object({ orgId: IdParamSchema, docId: IdParamSchema }), response: { 200: BillingReminderListSchema },
    },
    handler: (request) => remindersService.listOfDocument(request.params.orgId, request.params.docId),
  });
  r.post(`${customer}/reminder-checks`, {
    config: { action: 'billing.read' },
    schema: {
      tags, summary: "Check a reminder's verification code: genuine (which invoice, step, what is due now), expired, or unknown (also another organisation's); 429 past 10 checks in 10 minutes",
      params: OrgParams, body: CheckReminderCodeSchema, response: { 200: ReminderCheckSchema },
    },
    handler: async (request, reply) => {
      await limit(`${requireUser(request).id}:${request.params.orgId}`, reply);
      return remindersService.check(request.params.orgId, request.body.code);
    },
  });
  r.post(`${customer}/payment-searches`, {
    config: { action: 'billing.read' },
    schema: {
      tags, summary: 'I paid but got a reminder: what became of a transfer of this amount around this date (paid, on the balance, amount differs, waiting to be identified, not received yet)',
      params: OrgParams, body: PaymentSearchSchema, response: { 200: PaymentSearchAnswerSchema },
    },
    handler: async (request, reply) => {
      await limit(`${requireUser(request).id}:${request.params.orgId}`, reply);
      return paymentSearchService.search(request.params.orgId, request.body);
    },
  });
}
