import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HostingFileQuerySchema, IdParamSchema, RecoveryReportSchema } from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { requireHostingSession } from '../../http/hosting-session.ts';
import type { HostingMigrationService } from '../hosting-migration/hosting-migration.service.ts';
import type { HostingProfiles } from './hosting-profiles.service.ts';
import { sendHostingFile } from '../hosting-files/file-reply.ts';

const FileSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The profiles file (gzip)' });
const FILE_TYPES = ['application/octet-stream', 'application/gzip', 'application/x-gzip'];

/**
 * A base's profiles file (`GET /api/bases/:baseId/profiles-file`, as its base file), and in the
 * hosting console the recovery of its users: preview, then apply.
 */
export function registerHostingProfilesRoutes(
  app: FastifyInstance,
  { hostingProfiles, hostingMigration }: { hostingProfiles: HostingProfiles; hostingMigration: Pick<HostingMigrationService, 'track'> },
): void {
  void app.register(async (scope) => {
    // The file is read once, as it arrives.
    scope.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['hosting'];

    r.get('/api/bases/:baseId/profiles-file', {
      config: { action: 'hostingFiles.export' },
      schema: {
        tags,
        summary: "The profiles file (`<uai>-<year>.preau-profils`, docs/hosting-files.md) for the hosting provider that gave `hostingNumber`: the base's users, their e-mails, names, roles and profiles (never a password)",
        params: Type.Object({ baseId: IdParamSchema }),
        querystring: HostingFileQuerySchema,
        response: { 200: FileSchema },
      },
      handler: async (request, reply) => {
        const { base } = requireBaseAccess(request);
        const file = await hostingProfiles.openProfilesFile(base.organizationId, base.id, request.query.hostingNumber);
        return sendHostingFile(reply, file);
      },
    });

    const recovery = (path: 'preview' | 'apply', summary: string) =>
      r.post(`/api/hosting/profiles/${path}`, {
        config: { action: 'hosting.session' },
        schema: { tags, summary, response: { 200: RecoveryReportSchema } },
        handler: async (request) => {
          const caller = requireHostingSession(request);
          const body = (request.body as AsyncIterable<Buffer> | undefined) ?? emptyBody();
          if (path === 'preview') return hostingProfiles.preview(caller.organizationId, body);
          return hostingMigration.track(
            caller,
            'users',
            () => ({}),
            () => hostingProfiles.apply(caller.organizationId, body),
            (report) => ({ baseId: report.base.id, uai: report.base.uai, schoolYear: report.base.schoolYear, detail: { ...report.counts } }),
          );
        },
      });
    recovery('preview', "What recovering a profiles file's users would do (the raw file as the body): members whose profile is granted, addresses invited, conflicts left aside (422 hosting_file.*, hosting_profiles.*)");
    recovery('apply', 'Recover the users of a profiles file: grant the members their profile and invite the others, in one transaction; applying again changes nothing');
  });
}

async function* emptyBody(): AsyncGenerator<Buffer> {}
