import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import { Readable } from 'node:stream';
import {
  ImportAcceptedSchema,
  ImportedBilanPageSchema,
  ImportedBilanQuerySchema,
  ImportHistoryQuerySchema,
  ImportHistorySchema,
  ImportSynthesisSchema,
  PupilBilansSchema,
} from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { AppError } from '../../shared/app-error.ts';
import { assertFileName, isValidFileName, type IncomingUpload } from './import-upload.ts';
import type { ImportsBase, ImportSubmitter, LsuImportsService } from './lsu-imports.service.ts';
import { BaseImportsParamsSchema, ImportParamsSchema, ImportUploadQuerySchema, PupilParamsSchema } from './lsu-imports.schemas.ts';

export interface LsuImportRoutesDeps {
  lsuImportsService: LsuImportsService;
  /** Name of an API token of the base, for the history's "submitted by". */
  tokenName: (base: ImportsBase, tokenId: string) => Promise<string>;
  maxBytes: number;
}

const XML_TYPES = ['application/xml', 'text/xml', 'application/octet-stream'];
/** What a multipart body may hold besides its file: boundaries and part headers. */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;
/** Seconds a client is asked to wait when the uploads waiting fill IMPORT_PENDING_MAX_MB. */
const BUSY_RETRY_AFTER_SECONDS = 60;

/**
 * Import endpoint (multipart file from the console, or a raw XML body with an API token), history,
 * synthesis, bilans of an import, and a pupil's stored bilans.
 */
export function registerLsuImportRoutes(app: FastifyInstance, deps: LsuImportRoutesDeps): void {
  // A scope of their own: the multipart and raw-XML body handling stays on these routes.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: deps.maxBytes + 1, files: 1, fields: 10 } });
    // The body is handed over as the raw stream; the handler writes it to disk (no buffering, own size limit).
    scope.addContentTypeParser(XML_TYPES, (_request, payload, done) => done(null, payload));
    registerRoutes(scope, deps);
  });
}

function registerRoutes(app: FastifyInstance, { lsuImportsService: service, tokenName }: LsuImportRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['lsu-imports'];

  r.post('/api/bases/:baseId/lsu-imports', {
    config: { action: 'lsuImports.create' },
    schema: {
      tags,
      summary: 'Import an LSU file: multipart `file` (console) or the raw XML body with `Authorization: Bearer <API token>`; runs in the background',
      params: BaseImportsParamsSchema,
      querystring: ImportUploadQuerySchema,
      response: { 202: ImportAcceptedSchema },
    },
    handler: async (request, reply) => {
      const access = requireBaseAccess(request);
      const submitter: ImportSubmitter =
        access.caller.kind === 'api_token'
          ? { mode: 'automatic', tokenId: access.caller.tokenId, name: await tokenName(access.base, access.caller.tokenId) }
          : { mode: 'manual', userId: access.caller.membership.userId, name: request.user?.name ?? '' };
      const accepted = await service.createImport(access.base, incomingUpload(request, request.query.fileName), submitter).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'lsu_import.busy') {
          request.log.warn('LSU upload refused: the uploads waiting fill IMPORT_PENDING_MAX_MB');
          void reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
        }
        throw error;
      });
      return reply.code(202).send(accepted);
    },
  });

  r.get('/api/bases/:baseId/lsu-imports', {
    config: { action: 'lsuImports.read' },
    schema: {
      tags,
      summary: "History of the base's imports for a school year (default: the base's), newest first",
      params: BaseImportsParamsSchema,
      querystring: ImportHistoryQuerySchema,
      response: { 200: ImportHistorySchema },
    },
    handler: (request) => service.history(requireBaseAccess(request).base, request.query.year),
  });

  r.get('/api/lsu-imports/:importId', {
    config: { action: 'lsuImports.read' },
    schema: { tags, summary: 'Synthesis of an import (counts, progress, file-level messages)', params: ImportParamsSchema, response: { 200: ImportSynthesisSchema } },
    handler: (request) => service.synthesis(requireBaseAccess(request).base, request.params.importId),
  });

  r.get('/api/lsu-imports/:importId/bilans', {
    config: { action: 'lsuImports.read' },
    schema: {
      tags,
      summary:
        "An import's bilans in file order, by kind, status, class and words of the pupil's name (accents and case aside), filtered and counted by the server; by page number (`page`), or keyset (pass `nextCursor` back as `cursor`)",
      params: ImportParamsSchema,
      querystring: ImportedBilanQuerySchema,
      response: { 200: ImportedBilanPageSchema },
    },
    handler: (request) => service.bilans(requireBaseAccess(request).base, request.params.importId, request.query),
  });

  r.get('/api/bases/:baseId/pupils/:pupilId/bilans', {
    config: { action: 'pupilBilans.read' },
    schema: {
      tags,
      summary: "A pupil's stored bilans (periods, then cycle) with their content and the import each came from",
      params: PupilParamsSchema,
      response: { 200: PupilBilansSchema },
    },
    handler: (request) => service.pupilBilans(requireBaseAccess(request).base, request.params.pupilId),
  });
}

/** The request's upload: its declared length, and its file (multipart `file` part or raw XML body), read on `open`. */
function incomingUpload(request: FastifyRequest, fileName: string | undefined): IncomingUpload {
  const declared = request.headers['content-length'];
  return {
    declaredBytes: declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined,
    envelopeBytes: request.isMultipart() ? MULTIPART_ENVELOPE_BYTES : 0,
    open: () => uploadedFile(request, fileName),
  };
}

/** The file of the request: the multipart `file` part (its name checked before a byte is stored), or the raw XML body. */
async function uploadedFile(request: FastifyRequest, fileName: string | undefined): Promise<{ name: string; stream: Readable }> {
  if (request.isMultipart()) {
    const part = await request.file();
    if (!part) throw new AppError('bad_request', 'lsu_import.no_file', { types: XML_TYPES.join(', ') });
    const name = part.filename || fileName || defaultName();
    if (!isValidFileName(name)) {
      part.file.resume();
      assertFileName(name);
    }
    return { name, stream: part.file };
  }
  if (!(request.body instanceof Readable)) {
    throw new AppError('bad_request', 'lsu_import.no_file', { types: XML_TYPES.join(', ') });
  }
  return { name: fileName ?? defaultName(), stream: request.body };
}

function defaultName(): string {
  return `import-${new Date().toISOString().replace(/[:.]/g, '-')}.xml`;
}
