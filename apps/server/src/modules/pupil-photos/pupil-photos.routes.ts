import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { IdParamSchema, PhotoZipApplyInputSchema, PhotoZipApplyResultSchema, PhotoZipPreviewSchema, PupilPhotoListSchema, PupilPhotoSchema } from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseAccess } from '../../shared/caller.ts';
import { photoTooLarge } from './photo-images.ts';
import { zipTooLarge, type PhotoZipService } from './photo-zip.service.ts';
import type { PhotoVariant, PupilPhotosService } from './pupil-photos.service.ts';

export interface PupilPhotoRoutesDeps {
  pupilPhotosService: PupilPhotosService;
  photoZipService: PhotoZipService;
  photoMaxBytes: number;
  zipMaxBytes: number;
}

/** Raw bodies handed over as streams: a photo's (its real type is read from its bytes, whatever these say) or a ZIP's. */
const RAW_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
/** What a multipart body may hold besides its file: boundaries and part headers. */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;
const FileSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The image' });
const BaseParams = Type.Object({ baseId: IdParamSchema });
const PupilParams = Type.Object({ baseId: IdParamSchema, pupilId: IdParamSchema });
const tags = ['pupil photos'];

/**
 * A pupil's photo (upload or replace, delete, the image and its thumbnail), the base's photos, and
 * ZIPs of photos (preview, then apply). In a scope of its own: the multipart and raw bodies stay here.
 */
export function registerPupilPhotoRoutes(app: FastifyInstance, deps: PupilPhotoRoutesDeps): void {
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { files: 1, fields: 10 } });
    scope.addContentTypeParser(RAW_TYPES, (_request, payload, done) => done(null, payload));
    registerRoutes(scope, deps);
  });
}

function registerRoutes(app: FastifyInstance, deps: PupilPhotoRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { pupilPhotosService: photos, photoZipService: zips } = deps;
  const photoUrl = '/api/bases/:baseId/pupils/:pupilId/photo';

  r.get('/api/bases/:baseId/photos', {
    config: { action: 'pupilPhotos.read' },
    schema: { tags, summary: "The photos of the base's pupils (size, checksum, date), for class lists' thumbnails", params: BaseParams, response: { 200: PupilPhotoListSchema } },
    handler: async (request) => ({ items: await photos.list(requireBaseAccess(request).base) }),
  });

  r.put(photoUrl, {
    config: { action: 'pupilPhotos.write' },
    schema: {
      tags,
      summary: "Upload or replace a pupil's photo: multipart `file` or the raw body; JPEG, PNG or WebP by its bytes (415 otherwise), at most PHOTO_MAX_MB; kept as a normalised JPEG and a 160 px WebP thumbnail",
      params: PupilParams,
      response: { 200: PupilPhotoSchema },
    },
    handler: async (request) => {
      const access = requireBaseAccess(request);
      refuseDeclaredLength(request, deps.photoMaxBytes, () => photoTooLarge(deps.photoMaxBytes));
      return photos.upload(access.base, request.params.pupilId, userOf(access), () => uploadedFile(request, deps.photoMaxBytes, () => new AppError('bad_request', 'photo.no_file')));
    },
  });

  r.delete(photoUrl, {
    config: { action: 'pupilPhotos.write' },
    schema: { tags, summary: "Delete a pupil's photo (both images)", params: PupilParams },
    handler: async (request, reply) => {
      await photos.remove(requireBaseAccess(request).base, request.params.pupilId);
      return reply.code(204).send();
    },
  });

  for (const variant of ['photo', 'thumbnail'] as const satisfies readonly PhotoVariant[]) {
    r.get(variant === 'photo' ? photoUrl : `${photoUrl}/thumbnail`, {
      config: { action: 'pupilPhotos.read' },
      schema: {
        tags,
        summary: variant === 'photo' ? "A pupil's photo (JPEG); ETag is its SHA-256" : "A pupil's photo thumbnail (WebP, 160 px); ETag is its SHA-256",
        params: PupilParams,
        response: { 200: FileSchema },
      },
      handler: async (request, reply) => {
        const image = await photos.image(requireBaseAccess(request).base, request.params.pupilId, variant);
        return answerImage(request, reply, image);
      },
    });
  }

  r.post('/api/bases/:baseId/photos/zip-preview', {
    config: { action: 'pupilPhotos.write' },
    schema: {
      tags,
      summary: 'Send a ZIP of photos named by national id (INE) or NOM_Prénom: multipart `file` or the raw body (application/zip); answers what each entry would do, kept 2 hours for zip-apply',
      params: BaseParams,
      response: { 200: PhotoZipPreviewSchema },
    },
    handler: async (request) => {
      const access = requireBaseAccess(request);
      refuseDeclaredLength(request, deps.zipMaxBytes, () => zipTooLarge(deps.zipMaxBytes));
      const body = await uploadedFile(request, deps.zipMaxBytes, () => new AppError('bad_request', 'photo_zip.no_file'));
      return zips.preview(access.base, userOf(access), body);
    },
  });

  r.post('/api/bases/:baseId/photos/zip-apply', {
    config: { action: 'pupilPhotos.write' },
    schema: { tags, summary: "Apply a ZIP's preview: each matched entry becomes its pupil's photo (replacing any)", params: BaseParams, body: PhotoZipApplyInputSchema, response: { 200: PhotoZipApplyResultSchema } },
    handler: async (request) => {
      const access = requireBaseAccess(request);
      return zips.apply(access.base, userOf(access), request.body.previewId);
    },
  });
}

const userOf = (access: BaseAccess): string | null => (access.caller.kind === 'member' ? access.caller.membership.userId : null);

/** 413 before a byte is read when the declared length already passes the limit. */
function refuseDeclaredLength(request: FastifyRequest, maxBytes: number, tooLarge: () => AppError): void {
  const declared = request.headers['content-length'];
  const envelope = request.isMultipart() ? MULTIPART_ENVELOPE_BYTES : 0;
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes + envelope) throw tooLarge();
}

/** The request's file: its multipart `file` part (the first file part), or the raw body. */
async function uploadedFile(request: FastifyRequest, maxBytes: number, missing: () => AppError): Promise<Readable> {
  if (request.isMultipart()) {
    const part = await request.file({ limits: { fileSize: maxBytes + 1 } });
    if (!part) throw missing();
    return part.file;
  }
  if (!(request.body instanceof Readable)) throw missing();
  return request.body;
}

/** Answers an image with its type, length and ETag (its SHA-256); 304 when the client holds it already. */
async function answerImage(request: FastifyRequest, reply: FastifyReply, image: Awaited<ReturnType<PupilPhotosService['image']>>): Promise<Readable | FastifyReply> {
  const etag = `"${image.sha256}"`;
  // Private: a pupil's face is personal data, never kept by a shared cache; revalidated each time (the address stays when the photo changes).
  void reply.header('etag', etag).header('cache-control', 'private, no-cache');
  const held = request.headers['if-none-match'];
  if (held !== undefined && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  const opened = await image.open();
  void reply.type(opened.contentType).header('content-length', opened.sizeBytes).header('x-content-type-options', 'nosniff');
  return opened.body;
}
