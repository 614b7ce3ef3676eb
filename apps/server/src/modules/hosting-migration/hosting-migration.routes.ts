import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HostingMigrationListSchema } from '@preau/contracts';
import { requireHostingSession } from '../../http/hosting-session.ts';
import type { HostingMigrationService } from './hosting-migration.service.ts';

/** The hosting console's migration checklist. */
export function registerHostingMigrationRoutes(app: FastifyInstance, { hostingMigration }: { hostingMigration: HostingMigrationService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/hosting/migrations', {
    config: { action: 'hosting.session' },
    schema: {
      tags: ['hosting'],
      summary: "The migration checklist: the credentials' steps, then per school and year each step's state (stop the running base, load the base file, recover the users, the annex files, put in service) and what was done, when, from which hosting session",
      response: { 200: HostingMigrationListSchema },
    },
    handler: (request) => hostingMigration.checklist(requireHostingSession(request).organizationId),
  });
}
