import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listSmsOutbox } from './sms-outbox.ts';

const SmsOutboxMessageSchema = Type.Object({
  id: Type.String(),
  to: Type.String(),
  text: Type.String(),
  date: Type.String({ format: 'date-time' }),
});
const SmsOutboxListSchema = Type.Object({ items: Type.Array(SmsOutboxMessageSchema) });

/** Development page over the SMS outbox; registered only when texts go to the outbox (no SMS_URL). */
export function registerSmsOutboxRoutes(app: FastifyInstance, { outboxDir }: { outboxDir: string }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/dev/sms-outbox', {
    // The same rule as the mail outbox: texts hold verification codes and passwords.
    config: { action: 'dev.outbox.read' },
    schema: { tags: ['dev'], summary: 'Text messages written to the SMS outbox, newest first', response: { 200: SmsOutboxListSchema } },
    handler: async () => ({ items: await listSmsOutbox(outboxDir) }),
  });
}
