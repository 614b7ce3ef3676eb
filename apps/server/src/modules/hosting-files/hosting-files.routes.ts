import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HostingBaseSchema, HostingFileQuerySchema, HostingLoadListSchema, HostingLoadQuerySchema, HostingLoadSchema, IdParamSchema } from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { requireHostingSession } from '../../http/hosting-session.ts';
import type { HostingCaller } from '../../shared/caller.ts';
import type { HostingService } from '../hosting/hosting.service.ts';
import type { HostingMigrationService } from '../hosting-migration/hosting-migration.service.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import type { ClaimedUpload } from '../uploads/uploads.service.ts';
import type { BaseExport } from './base-export.ts';
import type { BaseLoad } from './base-load.ts';
import type { BaseSwitches } from './base-switches.ts';
import { sendHostingFile } from './file-reply.ts';

const FileSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The base file (gzip)' });
const BaseParamsSchema = Type.Object({ baseId: IdParamSchema });
const LoadParamsSchema = Type.Object({ loadId: IdParamSchema });
const FILE_TYPES = ['application/octet-stream', 'application/gzip', 'application/x-gzip'];
const HostingLoadFromUploadSchema = Type.Object({ uploadId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export interface HostingFilesRoutesDeps {
  baseExport: BaseExport;
  baseLoad: BaseLoad;
  baseSwitches: BaseSwitches;
  hostingService: Pick<HostingService, 'getBase'>;
  hostingMigration: Pick<HostingMigrationService, 'track'>;
  storage: ObjectStorage;
  /** Hands over a finished upload of the organisation's hosting console (purpose `hosting-base`), once. */
  claimUpload: (organizationId: string, uploadId: string) => Promise<ClaimedUpload>;
}

/**
 * A base's hosting file (`GET /api/bases/:baseId/hosting-file`, its legal owners and administrators),
 * and in the hosting console: load a base file, the loads, stop, put in service and switch back a base.
 */
export function registerHostingFilesRoutes(app: FastifyInstance, deps: HostingFilesRoutesDeps): void {
  void app.register(async (scope) => {
    // The file is handed over as the raw stream: read once, as it arrives (its own checks, no size limit but the load's).
    scope.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));
    registerRoutes(scope, deps);
  });
}

function registerRoutes(app: FastifyInstance, { baseExport, baseLoad, baseSwitches, hostingService, hostingMigration, storage, claimUpload }: HostingFilesRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['hosting'];

  /** A base file's load, recorded in the migration checklist as done or failed. */
  const trackedLoad = (caller: HostingCaller, body: AsyncIterable<Buffer>, fileName: string) =>
    hostingMigration.track(
      caller,
      'base_file',
      async (params) => {
        // The school and year the file's head named, when it was read: in the refusal, or on the load's row.
        const [refused] = await baseLoad.listLoads(caller.organizationId);
        const named = (key: 'uai' | 'schoolYear') => (typeof params[key] === 'string' ? params[key] : (refused?.[key] ?? null));
        return { uai: named('uai'), schoolYear: named('schoolYear'), detail: { fileName } };
      },
      () => baseLoad.loadBaseFile(caller.organizationId, body, fileName),
      (done) => ({ baseId: done.baseId, uai: done.uai, schoolYear: done.schoolYear, detail: { fileName, rows: done.rowsLoaded } }),
    );

  r.get('/api/bases/:baseId/hosting-file', {
    config: { action: 'hostingFiles.export' },
    schema: {
      tags,
      summary: 'The base file (`<uai>-<year>.preau-base`, docs/hosting-files.md) for the hosting provider that gave `hostingNumber`: settings, structure, imports history and stored bilans, streamed',
      params: BaseParamsSchema,
      querystring: HostingFileQuerySchema,
      response: { 200: FileSchema },
    },
    handler: async (request, reply) => {
      const { base } = requireBaseAccess(request);
      const file = await baseExport.openBaseFile(base.organizationId, base.id, request.query.hostingNumber);
      return sendHostingFile(reply, file);
    },
  });

  r.post('/api/hosting/loads', {
    config: { action: 'hosting.session' },
    schema: {
      tags,
      summary:
        'Load a base file (the raw body, application/octet-stream): checked (format, version, SHA-256 per part, UAI, hosting number), loaded beside the live data, then switched in; or refused whole (422 hosting_file.*, 409 hosting_load.base_running: stop the base first)',
      querystring: HostingLoadQuerySchema,
      response: { 201: HostingLoadSchema },
    },
    handler: async (request, reply) => {
      const caller = requireHostingSession(request);
      const body = request.body as AsyncIterable<Buffer> | undefined;
      return reply.code(201).send(await trackedLoad(caller, body ?? emptyBody(), request.query.fileName ?? 'base.preau-base'));
    },
  });

  r.post('/api/hosting/loads/from-upload', {
    config: { action: 'hosting.session' },
    schema: {
      tags,
      summary: 'Load a base file sent first as a resumable upload of this console (purpose `hosting-base`): read from storage (its SHA-256 verified), then as `POST /api/hosting/loads`; the upload is removed after, whatever the outcome',
      body: HostingLoadFromUploadSchema,
      response: { 201: HostingLoadSchema },
    },
    handler: async (request, reply) => {
      const caller = requireHostingSession(request);
      const claimed = await claimUpload(caller.organizationId, request.body.uploadId);
      try {
        const body = await storage.get(claimed.storageKey, { size: claimed.sizeBytes, sha256: claimed.sha256 });
        return reply.code(201).send(await trackedLoad(caller, body, claimed.fileName));
      } finally {
        // Loaded or refused, the file is not kept: what it held is in the base now, or nowhere.
        await storage.delete(claimed.storageKey).catch(() => undefined);
      }
    },
  });

  r.get('/api/hosting/loads', {
    config: { action: 'hosting.session' },
    schema: { tags, summary: 'The latest loads of base files, newest first', response: { 200: HostingLoadListSchema } },
    handler: async (request) => ({ items: await baseLoad.listLoads(requireHostingSession(request).organizationId) }),
  });

  r.get('/api/hosting/loads/:loadId', {
    config: { action: 'hosting.session' },
    schema: { tags, summary: 'One load: its state, progress and, when it failed, the error with the part and row at fault', params: LoadParamsSchema, response: { 200: HostingLoadSchema } },
    handler: (request) => baseLoad.getLoad(requireHostingSession(request).organizationId, request.params.loadId),
  });

  // A transition is a step of the migration checklist, but switching back (which undoes one).
  const transition = (path: string, step: 'base_stopped' | 'in_service' | null, summary: string, run: (organizationId: string, baseId: string) => Promise<void>) =>
    r.post(`/api/hosting/bases/:baseId/${path}`, {
      config: { action: 'hosting.session' },
      schema: { tags, summary, params: BaseParamsSchema, response: { 200: HostingBaseSchema } },
      handler: async (request) => {
        const caller = requireHostingSession(request);
        const baseId = request.params.baseId;
        const change = () => run(caller.organizationId, baseId);
        await (step === null ? change() : hostingMigration.track(caller, step, () => ({ baseId }), change, () => ({ baseId })));
        return hostingService.getBase(caller, baseId);
      },
    });
  transition('stop', 'base_stopped', 'Stop a base in service (before loading a base file over it)', (org, id) => baseSwitches.changeState(org, id, 'stop'));
  transition('put-in-service', 'in_service', 'Put a loaded (stopped) or empty base in service', (org, id) => baseSwitches.changeState(org, id, 'put_in_service'));
  transition('switch-back', null, 'Switch back to a previously activated base: the active base of its school and year (stopped first, 409 otherwise) is kept in its place, read-only', (org, id) => baseLoad.switchBack(org, id));
}

async function* emptyBody(): AsyncGenerator<Buffer> {}
