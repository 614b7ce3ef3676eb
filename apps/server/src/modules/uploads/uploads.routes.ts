import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Metadata, type Upload } from '@tus/utils';
import { Type, type TSchema } from 'typebox';
import { ImportAcceptedSchema, type ErrorCode, type ImportAccepted } from '@preau/contracts';
import { answerLocale } from '../../http/answer-locale.ts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { requireHostingSession } from '../../http/hosting-session.ts';
import { renderedMessage, sendError } from '../../http/error-handler.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseAccess } from '../../shared/caller.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import type { TusRequestContext, TusUploads } from './tus-server.ts';
import { BaseUploadsParamsSchema, HostingUploadParamsSchema, ImportFromUploadSchema, UploadParamsSchema } from './uploads.schemas.ts';
import { hostingUploadCaller, type UploadCaller, type UploadsService } from './uploads.service.ts';

/** A stored LSU file handed to the imports (lsu-imports service's `startImportFromStoredObject`, wired by app.ts). */
export type StartImportFromStoredObject = (access: BaseAccess, file: { storageKey: string; sizeBytes: number; sha256: string; fileName: string }) => Promise<ImportAccepted>;

export interface UploadRoutesDeps {
  uploadsService: UploadsService;
  tus: TusUploads;
  storage: ObjectStorage;
  startImportFromStoredObject: StartImportFromStoredObject;
}

/**
 * The tus protocol (resumable uploads) under `/api/bases/:baseId/uploads`, and the LSU import of a
 * finished upload. tus reads the request itself: these routes take no body from Fastify (every
 * content type is left unread) and hand the raw request to `@tus/server` once the access layer, the
 * CSRF check and the upload's own rules (its owner, its declared length and metadata) let it through.
 */
export function registerUploadRoutes(app: FastifyInstance, deps: UploadRoutesDeps): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    registerTusRoutes(scope, deps);
  });
  registerClaimRoutes(app, deps);
}

/** Where tus is served and for whom: a member in a base, or the organisation's hosting console. */
interface TusMount {
  prefix: string;
  action: 'uploads.resumable' | 'hosting.session';
  tags: string[];
  params: { create: TSchema; upload: TSchema };
  callerOf: (request: FastifyRequest) => UploadCaller;
}

function registerTusRoutes(app: FastifyInstance, deps: UploadRoutesDeps): void {
  registerTusMount(app, deps, {
    prefix: '/api/bases/:baseId/uploads', action: 'uploads.resumable', tags: ['uploads'],
    params: { create: BaseUploadsParamsSchema, upload: UploadParamsSchema },
    callerOf: (request) => uploadCaller(requireBaseAccess(request)),
  });
  // The hosting console's (decision 0022's update): its annex files, owned by the organisation's console.
  registerTusMount(app, deps, {
    prefix: '/api/hosting/uploads', action: 'hosting.session', tags: ['hosting'],
    params: { create: Type.Object({}), upload: HostingUploadParamsSchema },
    callerOf: (request) => hostingUploadCaller(requireHostingSession(request).organizationId),
  });
}

function registerTusMount(app: FastifyInstance, { uploadsService: service, tus, storage }: UploadRoutesDeps, mount: TusMount): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { action: mount.action } as const;
  const { tags, callerOf } = mount;
  const one = `${mount.prefix}/:uploadId`;
  /** Hands the request over to tus (Fastify answers nothing more), the security headers set so far kept. */
  const handOver = async (request: FastifyRequest, reply: FastifyReply, context: Omit<TusRequestContext, 'errorBody'>) => {
    // tus answers this one in plain text: answered here in the one error shape.
    if (request.method !== 'OPTIONS' && request.headers['tus-resumable'] === undefined) {
      return sendError(reply, 412, { code: 'uploads.protocol', params: { detail: 'Tus-Resumable header required' } });
    }
    const locale = answerLocale(request);
    void reply.hijack();
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    try {
      await tus.handle(request.raw, reply.raw, { ...context, errorBody: (detail) => JSON.stringify({ error: renderedMessage({ code: 'uploads.protocol', params: { detail } }, locale) }) });
    } catch (error) {
      request.log.error({ err: error }, 'resumable upload failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end(JSON.stringify({ error: renderedMessage({ code: 'internal' satisfies ErrorCode }, locale) }));
    }
    return reply;
  };

  /** Records a finished upload: its SHA-256 from the running hash, or read again from storage when this process did not see every byte. */
  const finisher = (caller: UploadCaller, uploadId: string) => async (upload: Upload) => {
    const size = upload.size ?? upload.offset;
    const sha256 = (await tus.hashing.digest(upload.id, size)) ?? (await hashStored(storage, upload.id));
    await service.completeUpload(caller, uploadId, { sizeBytes: size, sha256 });
  };

  r.post(mount.prefix, {
    config,
    schema: { tags, summary: 'tus: create a resumable upload (Upload-Length, Upload-Metadata `purpose`, `filename`, `filetype`)', params: mount.params.create },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      // Not a tus request: answered 412, and nothing is recorded.
      if (request.headers['tus-resumable'] === undefined) return handOver(request, reply, { storageKey: '' });
      const upload = await service.startUpload(caller, { length: declaredLength(request.headers['upload-length']), metadata: declaredMetadata(request.headers['upload-metadata']) });
      await handOver(request, reply, { storageKey: upload.storage_key, onFinish: finisher(caller, upload.id), onWritten: (offset) => service.recordReceived(caller, upload.id, offset) });
      // tus refused what the checks above let through (a malformed header, a storage failure): forget it.
      if (reply.raw.statusCode !== 201) {
        await tus.discard(upload.storage_key);
        await service.forgetUpload(caller, upload.id);
      }
      return reply;
    },
  });

  r.head(one, {
    config,
    schema: { tags, summary: 'tus: how many bytes of the upload the server kept (Upload-Offset)', params: mount.params.upload },
    handler: async (request, reply) => {
      const upload = await service.findOwnUpload(callerOf(request), (request.params as { uploadId: string }).uploadId);
      return handOver(request, reply, { storageKey: upload.storage_key });
    },
  });

  r.patch(one, {
    config,
    schema: { tags, summary: 'tus: append bytes at Upload-Offset (application/offset+octet-stream)', params: mount.params.upload },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const upload = await service.findOwnUpload(caller, (request.params as { uploadId: string }).uploadId);
      return handOver(request, reply, { storageKey: upload.storage_key, onFinish: finisher(caller, upload.id), onWritten: (offset) => service.recordReceived(caller, upload.id, offset) });
    },
  });

  r.delete(one, {
    config,
    schema: { tags, summary: 'tus termination: abandon an upload (its bytes are removed); not once it was used', params: mount.params.upload },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const upload = await service.findOwnUpload(caller, (request.params as { uploadId: string }).uploadId);
      // A claimed upload's object belongs to the feature that claimed it.
      if (upload.state === 'claimed') throw new AppError('conflict', 'uploads.already_claimed');
      // Termination done here rather than by tus: the row goes with the bytes, before the answer.
      await tus.discard(upload.storage_key);
      await service.forgetUpload(caller, upload.id);
      return reply.code(204).header('tus-resumable', '1.0.0').send();
    },
  });

  for (const url of [mount.prefix, one]) {
    r.options(url, {
      config,
      schema: { tags, summary: 'tus: the protocol version, extensions and largest size the server accepts', params: url === one ? mount.params.upload : mount.params.create },
      handler: (request, reply) => handOver(request, reply, { storageKey: '' }),
    });
  }
}

function registerClaimRoutes(app: FastifyInstance, { uploadsService: service, startImportFromStoredObject, storage }: UploadRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/api/bases/:baseId/lsu-imports/from-upload', {
    config: { action: 'lsuImports.create' },
    schema: {
      tags: ['lsu-imports'],
      summary: 'Import an LSU file sent as a resumable upload (purpose `lsu-import`) by the caller; runs in the background',
      params: BaseUploadsParamsSchema,
      body: ImportFromUploadSchema,
      response: { 202: ImportAcceptedSchema },
    },
    handler: async (request, reply) => {
      const access = requireBaseAccess(request);
      // An API token sends its files in one request: it has no resumable uploads.
      if (access.caller.kind !== 'member') throw new AppError('not_found', 'uploads.not_found');
      const caller = uploadCaller(access);
      const claimed = await service.claimUpload(caller.organizationId, caller.baseId, request.body.uploadId, caller.userId, 'lsu-import');
      let accepted;
      try {
        accepted = await startImportFromStoredObject(access, { storageKey: claimed.storageKey, sizeBytes: claimed.sizeBytes, sha256: claimed.sha256, fileName: claimed.fileName });
      } catch (error) {
        // Refused (a stopped base, a bad name…): the claimed upload is nobody's now, so it goes.
        await storage.delete(claimed.storageKey).catch(() => undefined);
        throw error;
      }
      return reply.code(202).send(accepted);
    },
  });
}

function uploadCaller(access: BaseAccess): UploadCaller {
  // The access rule of these routes lets no API token in.
  if (access.caller.kind !== 'member') throw new AppError('forbidden', 'forbidden');
  return { organizationId: access.base.organizationId, baseId: access.base.id, userId: access.caller.membership.userId };
}

function declaredLength(header: string | string[] | undefined): number | undefined {
  return typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
}

function declaredMetadata(header: string | string[] | undefined): Record<string, string | null> {
  if (header === undefined) return {};
  try {
    return Metadata.parse(typeof header === 'string' ? header : header.join(','));
  } catch {
    return {};
  }
}

async function hashStored(storage: ObjectStorage, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await storage.get(key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
