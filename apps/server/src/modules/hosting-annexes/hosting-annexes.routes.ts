import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AnnexCompletionRequestSchema, AnnexFileParamsSchema, AnnexFileQuerySchema, AnnexReportSchema, type AnnexKind, type MigrationStep } from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { requireHostingSession } from '../../http/hosting-session.ts';
import type { AnnexCompletion } from './annex-completion.ts';
import type { AnnexExport } from './annex-export.ts';
import { ANNEX_FORMATS } from './annex-formats.ts';
import type { HostingMigrationService, StepFacts } from '../hosting-migration/hosting-migration.service.ts';
import { sendHostingFile } from '../hosting-files/file-reply.ts';

const FileSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The annex file (gzip)' });

/**
 * A base's annex files (`GET /api/bases/:baseId/annex-files/:kind`, as its base file), and in the
 * hosting console the completion of the loaded base with one of them, sent first as a resumable upload.
 */
export interface HostingAnnexesRoutesDeps {
  annexExport: AnnexExport;
  annexCompletion: AnnexCompletion;
  hostingMigration: Pick<HostingMigrationService, 'track'>;
  /** The name an upload of the organisation's hosting console was sent under, if it is there. */
  uploadFileName: (organizationId: string, uploadId: string) => Promise<string | undefined>;
}

/** The checklist's step of each annex kind. */
const STEP_OF_KIND: Record<AnnexKind, MigrationStep> = { photos: 'photos', documents: 'documents', courriers: 'letters' };

export function registerHostingAnnexesRoutes(app: FastifyInstance, { annexExport, annexCompletion, hostingMigration, uploadFileName }: HostingAnnexesRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['hosting'];

  r.get('/api/bases/:baseId/annex-files/:kind', {
    config: { action: 'hostingFiles.export' },
    schema: {
      tags,
      summary: "An annex file (`<uai>-<year>.preau-photos`, `.preau-documents` or `.preau-courriers`, docs/hosting-files.md) for the hosting provider that gave `hostingNumber`: the base's photos, attached documents or letters with their bytes, streamed",
      params: AnnexFileParamsSchema,
      querystring: AnnexFileQuerySchema,
      response: { 200: FileSchema },
    },
    handler: async (request, reply) => {
      const { base } = requireBaseAccess(request);
      const file = await annexExport.openAnnexFile(base.organizationId, base.id, request.params.kind, request.query.hostingNumber);
      return sendHostingFile(reply, file);
    },
  });

  r.post('/api/hosting/annexes', {
    config: { action: 'hosting.session' },
    schema: {
      tags,
      summary:
        "Complete the school's base with an annex file sent as a resumable upload of this console (purpose `hosting-annex`): checked whole (format, SHA-256, school, hosting number), its photos, documents or letters attached to the matching pupils and classes, and a report by row; again adds nothing twice (422 hosting_file.*, hosting_annex.*: nothing stored)",
      body: AnnexCompletionRequestSchema,
      response: { 200: AnnexReportSchema },
    },
    handler: async (request) => {
      const caller = requireHostingSession(request);
      const { uploadId } = request.body;
      // Which annex a refused file was meant to be, by its name's extension, read before the upload is claimed.
      const sentAs = await uploadFileName(caller.organizationId, uploadId);
      const kind = (Object.keys(ANNEX_FORMATS) as AnnexKind[]).find((k) => sentAs?.endsWith(`.${ANNEX_FORMATS[k]}`));
      return hostingMigration.track(
        caller,
        kind === undefined ? null : STEP_OF_KIND[kind],
        (): StepFacts => ({ detail: sentAs === undefined ? {} : { fileName: sentAs } }),
        () => annexCompletion.complete(caller.organizationId, uploadId),
        (report) => ({
          step: STEP_OF_KIND[report.kind],
          baseId: report.base.id,
          uai: report.base.uai,
          schoolYear: report.base.schoolYear,
          detail: { ...report.counts, fileName: report.fileName, matched: report.counts.attached + report.counts.already, unmatched: report.counts.unmatched + report.counts.refused },
          report,
        }),
      );
    },
  });
}
