/**
 * Many photos at once: a ZIP is received into a temporary file, read (photo-zip.ts) and matched against
 * the base's pupils for a preview, and kept in storage under `uploads/photo-zips/` with a preview row
 * until it is applied (each matched photo stored as a single upload is) or expires.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { PhotoZipApplyResult, PhotoZipEntry, PhotoZipPreview, PhotoZipReason } from '@preau/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseFacts } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { createPupilMatcher } from './photo-matching.ts';
import { PREVIEW_HOURS, removeExpiredPreviews, ZIP_PREFIX } from './photo-zip-sweep.ts';
import { walkPhotoZip, type ZipLimits } from './photo-zip.ts';
import { createPupilPhotosRepository } from './pupil-photos.repository.ts';
import type { PupilPhotosService } from './pupil-photos.service.ts';
import type { ZipPreviewMatch } from './pupil-photos.tables.ts';

/** Largest ZIP accepted when the configuration does not say (PHOTO_ZIP_MAX_MB's default). */
export const DEFAULT_PHOTO_ZIP_MAX_BYTES = 1024 * 1024 * 1024;
/** Entries an archive may list: a school's photos with room to spare. */
const MAX_ENTRIES = 10_000;

export interface PhotoZipDeps {
  db: Kysely<Database>;
  storage: ObjectStorage;
  photos: PupilPhotosService;
  now: Clock;
  photoMaxBytes: number;
  /** Largest ZIP accepted (PHOTO_ZIP_MAX_MB); its entries may inflate to as much at most. */
  zipMaxBytes: number;
}

export function createPhotoZipService({ db, storage, photos, now, photoMaxBytes, zipMaxBytes }: PhotoZipDeps) {
  const repository = createPupilPhotosRepository(db);
  const limits: ZipLimits = { maxEntries: MAX_ENTRIES, maxEntryBytes: photoMaxBytes, maxTotalBytes: zipMaxBytes };

  /** Runs `work` with a temporary folder, removed after whatever happens. */
  async function withTemporaryFolder<T>(work: (folder: string) => Promise<T>): Promise<T> {
    const folder = await mkdtemp(path.join(tmpdir(), 'preau-photo-zip-'));
    try {
      return await work(folder);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** What each entry of the archive at `file` would do: matched to a pupil of the base, or set aside with a reason. */
  async function previewEntries(base: BaseFacts, file: string): Promise<PhotoZipEntry[]> {
    const pupils = await repository.listPupilsForMatching(base.organizationId, base.id);
    const match = createPupilMatcher(pupils);
    const taken = new Set<string>();
    const entries: PhotoZipEntry[] = [];
    await walkPhotoZip(file, { limits, keepBytes: false }, async (entry) => {
      const ignored = (reason: PhotoZipReason): PhotoZipEntry => ({ name: entry.name, status: 'ignored', reason, matchedBy: null, pupil: null, sizeBytes: entry.sizeBytes });
      if (entry.refusal !== null) return void entries.push(ignored(entry.refusal));
      const found = match(entry.stem);
      if (found.pupil === null) return void entries.push(ignored(found.reason));
      if (taken.has(found.pupil.id)) return void entries.push(ignored('duplicate_pupil'));
      taken.add(found.pupil.id);
      entries.push({ name: entry.name, status: 'matched', reason: null, matchedBy: found.by, pupil: found.pupil, sizeBytes: entry.sizeBytes });
    });
    return entries;
  }

  return {
    /**
     * Receives a ZIP (at most PHOTO_ZIP_MAX_MB), reads it and keeps it as a preview: what each entry
     * would do. 422 `photo_zip.not_a_zip` or `photo_zip.too_many_entries` keep nothing.
     */
    async preview(base: BaseFacts, userId: string | null, body: Readable): Promise<PhotoZipPreview> {
      await removeExpiredPreviews({ db, storage, now });
      return withTemporaryFolder(async (folder) => {
        const file = path.join(folder, 'photos.zip');
        await receiveZip(body, file, zipMaxBytes);
        const entries = await previewEntries(base, file);
        const id = randomUUID();
        const storageKey = `${ZIP_PREFIX}${id}.zip`;
        const stored = await storage.put(storageKey, createReadStream(file), { maxBytes: zipMaxBytes, contentType: 'application/zip' });
        const matches: ZipPreviewMatch[] = [];
        entries.forEach((entry, index) => entry.pupil && entry.status === 'matched' && matches.push({ index, name: entry.name, pupilId: entry.pupil.id }));
        const expiresAt = new Date(now().getTime() + PREVIEW_HOURS * 3600_000);
        const ignored = entries.length - matches.length;
        try {
          await repository.insertPreview({ id, organizationId: base.organizationId, baseId: base.id, storageKey, sizeBytes: stored.size, sha256: stored.sha256, matches, ignored, userId, expiresAt });
        } catch (error) {
          await storage.delete(storageKey);
          throw error;
        }
        return { previewId: id, expiresAt: expiresAt.toISOString(), matched: matches.length, ignored, entries };
      });
    },

    /**
     * Applies a preview once: each matched entry becomes its pupil's photo (replacing any); entries
     * that fail after all (pupil gone, image damaged) are listed. 404 `photo_zip.preview_not_found`
     * when unknown, applied already or expired.
     */
    async apply(base: BaseFacts, userId: string | null, previewId: string): Promise<PhotoZipApplyResult> {
      const preview = await repository.claimPreview(base.organizationId, base.id, previewId, now());
      if (!preview) throw new AppError('not_found', 'photo_zip.preview_not_found', { hours: PREVIEW_HOURS });
      const pupilOf = new Map(preview.matches.map((m) => [m.index, m]));
      const result: PhotoZipApplyResult = { applied: 0, replaced: 0, ignored: preview.ignored, failed: [] };
      try {
        await withTemporaryFolder(async (folder) => {
          const file = path.join(folder, 'photos.zip');
          await pipeline(await storage.get(preview.storageKey, { size: preview.sizeBytes, sha256: preview.sha256 }), createWriteStream(file));
          await walkPhotoZip(file, { limits, keepBytes: true, wants: (entry) => pupilOf.get(entry.index)?.name === entry.name }, async (entry) => {
            const match = pupilOf.get(entry.index);
            if (!match || match.name !== entry.name) return;
            if (entry.refusal !== null || !entry.bytes) return void result.failed.push({ name: entry.name, reason: entry.refusal ?? 'unreadable' });
            try {
              const saved = await photos.savePhoto(base, match.pupilId, userId, entry.bytes);
              result.applied += 1;
              if (saved.replaced) result.replaced += 1;
            } catch (error) {
              const reason = failureReason(error);
              if (!reason) throw error;
              result.failed.push({ name: entry.name, reason });
            }
          });
        });
      } finally {
        await storage.delete(preview.storageKey);
      }
      return result;
    },
  };
}

/** Why a matched entry could not become a photo after all, for the errors that mean so; undefined for others. */
function failureReason(error: unknown): PhotoZipReason | undefined {
  if (!(error instanceof AppError)) return undefined;
  switch (error.code) {
    case 'pupil.not_found': return 'unknown_pupil';
    case 'photo.unreadable': return 'unreadable';
    case 'photo.not_an_image': return 'not_an_image';
    case 'photo.unsupported_type': return 'unsupported_type';
    case 'photo.too_large':
    case 'storage.too_large': return 'too_large';
    case 'storage.quota_exceeded': return 'quota_exceeded';
    default: return undefined;
  }
}

/**
 * Writes the uploaded ZIP to `file`: 413 `photo_zip.too_large` past `maxBytes`, 400 when empty or cut
 * short. Piped rather than handed to pipeline(), which would destroy the request and the connection the
 * refusal must be answered on; what the client still sends is drained.
 */
async function receiveZip(source: Readable, file: string, maxBytes: number): Promise<void> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > maxBytes ? zipTooLarge(maxBytes) : null, chunk);
    },
  });
  finished(source).catch((error: unknown) => limit.destroy(error instanceof Error ? error : new Error('upload cut short')));
  source.pipe(limit);
  try {
    await pipeline(limit, createWriteStream(file));
  } catch (error) {
    source.unpipe(limit);
    source.resume();
    if (error instanceof AppError) throw error;
    // A multipart part past its limit fails with @fastify/multipart's own error: the same refusal.
    if (size > maxBytes || (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw zipTooLarge(maxBytes);
    throw new AppError('bad_request', 'photo.upload_failed');
  }
  if ('truncated' in source && source.truncated === true) throw zipTooLarge(maxBytes);
  if (size === 0) throw new AppError('bad_request', 'photo_zip.no_file');
}

export function zipTooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', 'photo_zip.too_large', { limit: Math.ceil(maxBytes / (1024 * 1024)) });
}

export type PhotoZipService = ReturnType<typeof createPhotoZipService>;
