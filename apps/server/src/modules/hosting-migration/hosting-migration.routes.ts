import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AnnexReportSchema, HostingMigrationListSchema, MigrationEventParamsSchema } from '@preau/contracts';
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

  r.get('/api/hosting/migrations/events/:eventId/annex-report', {
    config: { action: 'hosting.session' },
    schema: {
      tags: ['hosting'],
      summary: "The report of a completion with an annex file, kept with its checklist event (`hasReport`): what each row of the file became (attached, already there, no matching pupil or class, refused), as answered then (404 otherwise)",
      params: MigrationEventParamsSchema,
      response: { 200: AnnexReportSchema },
    },
    handler: (request) => hostingMigration.annexReport(requireHostingSession(request).organizationId, request.params.eventId),
  });
}
