import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { IdParamSchema, StructureImportReportSchema, StructureKindSchema } from '@preau/contracts';
import { requireBaseAccess } from '../../../http/base-access.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { StructureImportService } from './structure-import.service.ts';

const ParamsSchema = Type.Object({ baseId: IdParamSchema, kind: StructureKindSchema });
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

/**
 * POST /api/bases/{baseId}/structure-imports/{kind}/{preview|apply} with the CSV file as the raw
 * request body (`Content-Type: text/csv`; charset detected, see csv-decoder.ts). Registered in its own
 * encapsulated context so its pass-through CSV body parser stays local to these routes.
 */
export async function registerStructureImportRoutes(app: FastifyInstance, { structureImportService }: { structureImportService: StructureImportService }): Promise<void> {
  await app.register(async (scope) => {
    // The body is streamed to the importer, which enforces the size limit as it reads.
    scope.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['base structure'];

    r.post('/api/bases/:baseId/structure-imports/:kind/preview', {
      config: { action: 'base.structure.write' },
      schema: { tags, summary: 'What a structure CSV would create, change or refuse, line by line (nothing is written)', params: ParamsSchema, response: { 200: StructureImportReportSchema } },
      handler: (request) => structureImportService.preview(requireBaseAccess(request), request.params.kind, bodyStream(request.body)),
    });

    r.post('/api/bases/:baseId/structure-imports/:kind/apply', {
      config: { action: 'base.structure.write' },
      schema: { tags, summary: 'Apply a structure CSV in one transaction (422 structure_import.refused and nothing written when a line is bad)', params: ParamsSchema, response: { 200: StructureImportReportSchema } },
      handler: (request) => structureImportService.apply(requireBaseAccess(request), request.params.kind, bodyStream(request.body)),
    });
  });
}

/** The raw CSV body stream; a body of another type (JSON, form) is refused with 400. */
function bodyStream(body: unknown): Readable {
  if (typeof (body as Partial<Readable> | null)?.pipe !== 'function') {
    throw new AppError('bad_request', 'structure_import.content_type');
  }
  return body as Readable;
}
