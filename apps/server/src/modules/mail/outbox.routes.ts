import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParamSchema } from '@preau/contracts';
import { AppError } from '../../shared/app-error.ts';
import { listOutbox, readOutboxMessage } from './outbox.ts';

const OutboxMessageSchema = Type.Object({
  id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  date: Type.String({ format: 'date-time' }),
  text: Type.String(),
  html: Type.Union([Type.String(), Type.Null()]),
  links: Type.Array(Type.String()),
});
const OutboxListSchema = Type.Object({ items: Type.Array(OutboxMessageSchema) });

/** Development pages over the mail outbox; registered only when mail goes to the outbox (no SMTP_URL). */
export function registerOutboxRoutes(app: FastifyInstance, { outboxDir }: { outboxDir: string }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/dev/outbox', {
    config: { action: 'dev.outbox.read' },
    schema: { tags: ['dev'], summary: 'E-mails written to the outbox, newest first', response: { 200: OutboxListSchema } },
    handler: async () => ({ items: await listOutbox(outboxDir) }),
  });
  r.get('/api/dev/outbox/:id', {
    config: { action: 'dev.outbox.read' },
    schema: {
      tags: ['dev'],
      summary: 'One e-mail of the outbox with its links',
      params: Type.Object({ id: IdParamSchema }),
      response: { 200: OutboxMessageSchema },
    },
    handler: async (request) => {
      const message = await readOutboxMessage(outboxDir, request.params.id);
      if (!message) throw new AppError('not_found', 'outbox.not_found');
      return message;
    },
  });
}
