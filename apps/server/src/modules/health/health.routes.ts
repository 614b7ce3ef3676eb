import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../shared/app-error.ts';
import type { ObjectStorage } from '../storage/storage.ts';

const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('postgres'), Type.Literal('pglite')]),
  /** Where files are kept: the data folder or an S3-compatible bucket. */
  storage: Type.Union([Type.Literal('local'), Type.Literal('s3')]),
  version: Type.String(),
});

/** GET /api/health: answers once the database and the storage answer. */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; databaseKind: 'postgres' | 'pglite'; storage: ObjectStorage; version: string },
): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/health', {
    config: { action: 'health.read' },
    schema: { tags: ['health'], summary: 'Liveness, database and storage check', response: { 200: HealthSchema } },
    handler: async (request) => {
      await Promise.all([
        sql`select 1`.execute(deps.db),
        deps.storage.check().catch((error: unknown) => {
          request.log.warn({ err: error }, 'the storage did not answer its check');
          throw new AppError('unavailable', 'storage.unavailable');
        }),
      ]);
      return { status: 'ok' as const, database: deps.databaseKind, storage: deps.storage.kind, version: deps.version };
    },
  });
}
