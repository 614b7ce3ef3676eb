import { Readable } from 'node:stream';
import type { PupilPhoto } from '@preau/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseFacts } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import type { BaseFiles } from '../base-files/base-files.service.ts';
import { assertPhotoType, normalisePhoto, PHOTO_CONTENT_TYPE, readPhotoBytes, THUMBNAIL_CONTENT_TYPE } from './photo-images.ts';
import { createPupilPhotosRepository, type PhotoRow } from './pupil-photos.repository.ts';

export interface PupilPhotosDeps {
  db: Kysely<Database>;
  baseFiles: BaseFiles;
  now: Clock;
  /** Largest photo accepted, in bytes (PHOTO_MAX_MB). */
  photoMaxBytes: number;
}

/** Which of a photo's two images. */
export type PhotoVariant = 'photo' | 'thumbnail';

/** An image of a photo to serve: its bytes (checksum verified at their end), type, size and checksum. */
export interface PhotoImage {
  body: Readable;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

const view = (row: PhotoRow): PupilPhoto => ({ pupilId: row.pupilId, width: row.width, height: row.height, sha256: row.sha256, updatedAt: row.updatedAt.toISOString() });
const noPhoto = () => new AppError('not_found', 'photo.not_found');
const noPupil = () => new AppError('not_found', 'pupil.not_found');

/** Pupil photos: one per pupil, stored as two base files with their row in one transaction. */
export function createPupilPhotosService({ db, baseFiles, now, photoMaxBytes }: PupilPhotosDeps) {
  const repository = createPupilPhotosRepository(db);

  /**
   * Checks the bytes are a JPEG, PNG or WebP image (415), makes the normalised image and thumbnail
   * (422 when unreadable), then stores both and points the pupil's row at them, in the transaction
   * that records the photo; the files of the photo it replaces (`replaced`) are removed once that is
   * committed (so the deletion queue is drained after it). Nothing is left when it fails; a process
   * stopped in between leaves files no row names, which the sweep removes.
   */
  async function savePhoto(base: BaseFacts, pupilId: string, userId: string | null, bytes: Buffer): Promise<{ photo: PupilPhoto; replaced: boolean }> {
    await assertPhotoType(bytes);
    const images = await normalisePhoto(bytes);
    const common = { organizationId: base.organizationId, baseId: base.id, pupilId, createdByUserId: userId, maxBytes: photoMaxBytes * 2 };
    const thumbnail = await baseFiles.store({ ...common, kind: 'thumbnail', body: Readable.from([images.thumbnail]), contentType: THUMBNAIL_CONTENT_TYPE });
    let previous: PhotoRow | undefined;
    try {
      await baseFiles.store({ ...common, kind: 'photo', body: Readable.from([images.photo]), contentType: PHOTO_CONTENT_TYPE }, async (trx, photo) => {
        const pupil = await repository.lockPupil(trx, base.organizationId, base.id, pupilId);
        if (!pupil.exists) throw noPupil();
        previous = pupil.photo;
        await repository.savePhotoRow(trx, { organizationId: base.organizationId, baseId: base.id, pupilId, photoFileId: photo.id, thumbnailFileId: thumbnail.id, width: images.width, height: images.height, userId, now: now() });
      });
    } catch (error) {
      await baseFiles.remove(base.organizationId, [thumbnail.id]);
      throw error;
    }
    if (previous) await baseFiles.remove(base.organizationId, [previous.photoFileId, previous.thumbnailFileId]);
    const saved = await repository.findPhoto(base.organizationId, base.id, pupilId);
    if (!saved) throw noPhoto();
    return { photo: view(saved), replaced: previous !== undefined };
  }

  return {
    savePhoto,

    /**
     * Receives one photo (at most PHOTO_MAX_MB) for a pupil of the base; 404 `pupil.not_found` for an
     * unknown pupil before `open` starts reading the request.
     */
    async upload(base: BaseFacts, pupilId: string, userId: string | null, open: () => Promise<Readable>): Promise<PupilPhoto> {
      if (!(await repository.pupilExists(base.organizationId, base.id, pupilId))) throw noPupil();
      const bytes = await readPhotoBytes(await open(), photoMaxBytes);
      return (await savePhoto(base, pupilId, userId, bytes)).photo;
    },

    /** The photos of the base's pupils (for class lists' thumbnails). */
    async list(base: BaseFacts): Promise<PupilPhoto[]> {
      return (await repository.listPhotos(base.organizationId, base.id)).map(view);
    },

    /** Removes the pupil's photo (its row and both files); 404 `photo.not_found` when none, `pupil.not_found` for an unknown pupil. */
    async remove(base: BaseFacts, pupilId: string): Promise<void> {
      const photo = await repository.findPhoto(base.organizationId, base.id, pupilId);
      if (!photo) throw (await repository.pupilExists(base.organizationId, base.id, pupilId)) ? noPhoto() : noPupil();
      // The photo row goes with its files (cascade).
      await baseFiles.remove(base.organizationId, [photo.photoFileId, photo.thumbnailFileId]);
    },

    /**
     * The checksum of an image of the pupil's photo, for a conditional request, and a way to open it;
     * 404 `photo.not_found` when none, `pupil.not_found` for an unknown pupil.
     */
    async image(base: BaseFacts, pupilId: string, variant: PhotoVariant): Promise<{ sha256: string; open: () => Promise<PhotoImage> }> {
      const row = await repository.findPhoto(base.organizationId, base.id, pupilId);
      if (!row) throw (await repository.pupilExists(base.organizationId, base.id, pupilId)) ? noPhoto() : noPupil();
      const fileId = variant === 'photo' ? row.photoFileId : row.thumbnailFileId;
      return {
        sha256: variant === 'photo' ? row.sha256 : row.thumbnailSha256,
        open: async () => {
          const { file, body } = await baseFiles.open(base.organizationId, fileId);
          return { body, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 };
        },
      };
    },
  };
}

export type PupilPhotosService = ReturnType<typeof createPupilPhotosService>;
