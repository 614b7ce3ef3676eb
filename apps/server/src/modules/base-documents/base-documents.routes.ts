import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyMultipart, { type Multipart, type MultipartFields } from '@fastify/multipart';
import { create as contentDisposition } from 'content-disposition';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import {
  BASE_PROFILES,
  BaseDocumentFromUploadSchema,
  BaseDocumentListSchema,
  BaseDocumentSchema,
  BaseDocumentUpdateSchema,
  BaseLetterListSchema,
  DOCUMENT_CATEGORIES,
  DOCUMENT_TITLE_MAX,
  DownloadQuerySchema,
  FileReadListSchema,
  IdParamSchema,
  isCleanText,
  LetterRequestSchema,
  type BaseProfile,
  type CatalogueMessage,
  type DocumentCategory,
} from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { AppError } from '../../shared/app-error.ts';
import { documentsCaller, type BaseDocumentsService, type DocumentMetadata, type DocumentTarget, type OpenedFile } from './base-documents.service.ts';
import type { LettersService } from './letters.service.ts';

export interface BaseDocumentRoutesDeps {
  baseDocumentsService: BaseDocumentsService;
  lettersService: LettersService;
  /** Largest document accepted, in bytes (DOCUMENT_MAX_MB). */
  maxBytes: number;
}

/** A file answered as a stream (OpenAPI: a binary string). */
const FileSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The file' });
const tags = ['base documents'];
const BaseParams = Type.Object({ baseId: IdParamSchema });
const PupilParams = Type.Object({ baseId: IdParamSchema, pupilId: IdParamSchema });
const ClassParams = Type.Object({ baseId: IdParamSchema, classId: IdParamSchema });
const DocumentParams = Type.Object({ baseId: IdParamSchema, documentId: IdParamSchema });
const LetterParams = Type.Object({ baseId: IdParamSchema, letterId: IdParamSchema });
const FILE_NAME_MAX = 255;

/**
 * Documents attached to pupils and classes (multipart upload, or a finished resumable upload), their
 * lists, metadata, downloads and previews and who read them; letters to families.
 */
export function registerBaseDocumentRoutes(app: FastifyInstance, deps: BaseDocumentRoutesDeps): void {
  // A scope of its own: multipart bodies are parsed on these routes only.
  void app.register(async (scope) => {
    // One byte over the limit reaches the storage, which refuses the file with `storage.too_large`.
    await scope.register(fastifyMultipart, { limits: { fileSize: deps.maxBytes + 1, files: 1, fields: 10, fieldSize: 4096, parts: 12 } });
    registerRoutes(scope, deps);
  });
}

function registerRoutes(app: FastifyInstance, { baseDocumentsService: documents, lettersService: letters }: BaseDocumentRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const caller = (request: FastifyRequest) => documentsCaller(requireBaseAccess(request), request.user?.name ?? '');
  const base = (request: FastifyRequest) => requireBaseAccess(request).base;

  const attach = async (request: FastifyRequest, reply: FastifyReply, target: DocumentTarget) => {
    await documents.assertTarget(base(request), target);
    const part = request.isMultipart() ? await request.file() : undefined;
    if (!part) throw new AppError('unsupported_media_type', 'base_document.no_file');
    try {
      const metadata = metadataOf(part.fields);
      const fileName = fileNameOf(part.filename);
      const document = await documents.attach(base(request), caller(request), target, metadata, { fileName, body: part.file });
      return await reply.code(201).send(document);
    } catch (error) {
      part.file.resume(); // the rest of the body, so the refusal can be answered
      throw error;
    }
  };
  const multipartSummary = 'multipart fields `title`, `category`, `visibleTo` (repeated, or comma-separated profiles), then the `file` part';

  r.get('/api/bases/:baseId/pupils/:pupilId/documents', {
    config: { action: 'baseDocuments.read' },
    schema: { tags, summary: "The pupil's documents the caller may see, newest first", params: PupilParams, response: { 200: BaseDocumentListSchema } },
    handler: async (request) => ({ items: await documents.list(base(request), caller(request), { pupilId: request.params.pupilId }) }),
  });
  r.get('/api/bases/:baseId/classes/:classId/documents', {
    config: { action: 'baseDocuments.read' },
    schema: { tags, summary: "The class's documents the caller may see, newest first", params: ClassParams, response: { 200: BaseDocumentListSchema } },
    handler: async (request) => ({ items: await documents.list(base(request), caller(request), { classId: request.params.classId }) }),
  });
  r.post('/api/bases/:baseId/pupils/:pupilId/documents', {
    config: { action: 'baseDocuments.manage' },
    schema: { tags, summary: `Attach a document to a pupil: ${multipartSummary}`, params: PupilParams, response: { 201: BaseDocumentSchema } },
    handler: (request, reply) => attach(request, reply, { pupilId: request.params.pupilId }),
  });
  r.post('/api/bases/:baseId/classes/:classId/documents', {
    config: { action: 'baseDocuments.manage' },
    schema: { tags, summary: `Attach a document to a class: ${multipartSummary}`, params: ClassParams, response: { 201: BaseDocumentSchema } },
    handler: (request, reply) => attach(request, reply, { classId: request.params.classId }),
  });
  if (documents.acceptsUploads) {
    r.post('/api/bases/:baseId/documents/from-upload', {
      config: { action: 'baseDocuments.manage' },
      schema: { tags, summary: 'Attach to a pupil or a class (exactly one) the file a resumable upload finished', params: BaseParams, body: BaseDocumentFromUploadSchema, response: { 201: BaseDocumentSchema } },
      handler: async (request, reply) => reply.code(201).send(await documents.attachFromUpload(base(request), caller(request), request.body)),
    });
  }
  r.patch('/api/bases/:baseId/documents/:documentId', {
    config: { action: 'baseDocuments.manage' },
    schema: { tags, summary: "Change a document's title, category or visibility", params: DocumentParams, body: BaseDocumentUpdateSchema, response: { 200: BaseDocumentSchema } },
    handler: (request) => documents.update(base(request), caller(request), request.params.documentId, request.body),
  });
  r.delete('/api/bases/:baseId/documents/:documentId', {
    config: { action: 'baseDocuments.manage' },
    schema: { tags, summary: 'Delete a document and its file', params: DocumentParams },
    handler: async (request, reply) => {
      await documents.remove(base(request), caller(request), request.params.documentId);
      return reply.code(204).send();
    },
  });
  r.get('/api/bases/:baseId/documents/:documentId/file', {
    config: { action: 'baseDocuments.read' },
    schema: { tags, summary: 'Download the document (`inline=1`: shown in the browser when a PDF or an image); recorded with who and when', params: DocumentParams, querystring: DownloadQuerySchema, response: { 200: FileSchema } },
    handler: async (request, reply) => {
      const inline = request.query.inline === '1';
      return fileAnswer(reply, await documents.open(base(request), caller(request), request.params.documentId, inline), inline);
    },
  });
  r.get('/api/bases/:baseId/documents/:documentId/reads', {
    config: { action: 'baseDocuments.readLog' },
    schema: { tags, summary: 'Who downloaded or previewed the document, and when (newest first)', params: DocumentParams, response: { 200: FileReadListSchema } },
    handler: (request) => documents.reads(base(request), request.params.documentId),
  });

  r.post('/api/bases/:baseId/letters', {
    config: { action: 'baseLetters.manage' },
    schema: { tags, summary: 'Generate letters to families from a template: for one pupil, or one per pupil of a class', params: BaseParams, body: LetterRequestSchema, response: { 201: BaseLetterListSchema } },
    handler: async (request, reply) => reply.code(201).send(await letters.generate(base(request), caller(request), request.body)),
  });
  r.get('/api/bases/:baseId/pupils/:pupilId/letters', {
    config: { action: 'baseLetters.manage' },
    schema: { tags, summary: "The pupil's letters, newest first", params: PupilParams, response: { 200: BaseLetterListSchema } },
    handler: (request) => letters.list(base(request), request.params.pupilId),
  });
  r.get('/api/bases/:baseId/letters/:letterId/file', {
    config: { action: 'baseLetters.manage' },
    schema: { tags, summary: "The letter's PDF (`inline=1`: shown in the browser); recorded with who and when", params: LetterParams, querystring: DownloadQuerySchema, response: { 200: FileSchema } },
    handler: async (request, reply) => {
      const inline = request.query.inline === '1';
      return fileAnswer(reply, await letters.open(base(request), caller(request), request.params.letterId, inline), inline);
    },
  });
  r.get('/api/bases/:baseId/letters/:letterId/reads', {
    config: { action: 'baseDocuments.readLog' },
    schema: { tags, summary: 'Who downloaded or previewed the letter, and when (newest first)', params: LetterParams, response: { 200: FileReadListSchema } },
    handler: (request) => letters.reads(base(request), request.params.letterId),
  });
}

/**
 * A stored file as an answer: its own type, never sniffed by the browser; a download, or inline
 * (PDF, images) which only Préau's own pages may frame: an image in a sandbox that runs no script; a
 * PDF without the sandbox, in which Chromium refuses to start its PDF viewer (its bytes were checked
 * to be a PDF at upload, and the viewer runs no script of the page's origin).
 */
function fileAnswer(reply: FastifyReply, file: OpenedFile, inline: boolean): Readable {
  const asInline = inline && file.previewable;
  reply
    .type(file.contentType)
    .header('content-length', file.sizeBytes)
    .header('content-disposition', contentDisposition(file.fileName, { type: asInline ? 'inline' : 'attachment' }))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff');
  if (asInline) {
    const policy = file.contentType === 'application/pdf' ? "frame-ancestors 'self'" : "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'";
    reply.header('content-security-policy', policy).header('x-frame-options', 'SAMEORIGIN');
  }
  return file.body;
}

/** The values of a multipart field (repeated, or one value), as strings. */
function fieldValues(fields: MultipartFields, name: string): string[] {
  const entry = fields[name];
  const entries = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  return entries.flatMap((e: Multipart) => (e.type === 'field' && typeof e.value === 'string' ? [e.value] : []));
}

/** Title, category and visibility from the multipart fields sent before the file; 400 with the fields' problems. */
function metadataOf(fields: MultipartFields): DocumentMetadata {
  const problems: Record<string, CatalogueMessage> = {};
  const [rawTitle] = fieldValues(fields, 'title');
  const title = rawTitle?.trim() ?? '';
  if (title === '') problems['/title'] = { code: 'validation.required' };
  else if (title.length > DOCUMENT_TITLE_MAX) problems['/title'] = { code: 'validation.max_length', params: { limit: DOCUMENT_TITLE_MAX } };
  else if (!isCleanText(title)) problems['/title'] = { code: 'validation.pattern' };
  const [category] = fieldValues(fields, 'category');
  if (category === undefined) problems['/category'] = { code: 'validation.required' };
  else if (!(DOCUMENT_CATEGORIES as readonly string[]).includes(category)) problems['/category'] = { code: 'validation.enum', params: { values: DOCUMENT_CATEGORIES.join(', ') } };
  const visibleTo = fieldValues(fields, 'visibleTo').flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (visibleTo.some((p) => !(BASE_PROFILES as readonly string[]).includes(p))) problems['/visibleTo'] = { code: 'validation.enum', params: { values: BASE_PROFILES.join(', ') } };
  if (Object.keys(problems).length > 0) throw new AppError('validation_failed', 'validation_failed', {}, { fields: problems });
  return { title, category: category as DocumentCategory, visibleTo: [...new Set(visibleTo)] as BaseProfile[] };
}

/** The part's file name as sent, when it is one Préau may show and answer back. */
function fileNameOf(raw: string): string {
  const name = raw.trim();
  if (name === '' || name.length > FILE_NAME_MAX || !isCleanText(name) || /[/\\]/.test(name)) {
    throw new AppError('validation_failed', 'validation_failed', {}, { fields: { '/file': { code: 'validation.pattern' } } });
  }
  return name;
}
