import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';

const InstanceSchema = Type.Object({
  /** True until the first account exists: the console then opens on the sign-up page. */
  firstRun: Type.Boolean(),
});

/** GET /api/instance: what the console needs to know about this Préau before anyone signs in. */
export function registerInstanceRoutes(app: FastifyInstance, deps: { db: Kysely<Database> }): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/instance', {
    config: { action: 'instance.read' },
    schema: { tags: ['health'], summary: 'Public facts about this instance (first run)', response: { 200: InstanceSchema } },
    handler: async () => {
      const anyAccount = await deps.db.selectFrom('user').select('id').limit(1).executeTakeFirst();
      return { firstRun: anyAccount === undefined };
    },
  });
}
