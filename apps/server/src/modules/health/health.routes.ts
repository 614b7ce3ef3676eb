import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('postgres'), Type.Literal('pglite')]),
  version: Type.String(),
});

/** GET /api/health: answers once the database answers. */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; databaseKind: 'postgres' | 'pglite'; version: string },
): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/health', {
    config: { action: 'health.read' },
    schema: { tags: ['health'], summary: 'Liveness and database check', response: { 200: HealthSchema } },
    handler: async () => {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' as const, database: deps.databaseKind, version: deps.version };
    },
  });
}
