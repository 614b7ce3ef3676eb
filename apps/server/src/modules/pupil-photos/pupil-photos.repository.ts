import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ZipPreviewMatch } from './pupil-photos.tables.ts';

/** A pupil's photo row, with the checksum of its normalised image. */
export interface PhotoRow {
  pupilId: string;
  photoFileId: string;
  thumbnailFileId: string;
  width: number;
  height: number;
  sha256: string;
  thumbnailSha256: string;
  updatedAt: Date;
}

/** A pupil as a ZIP of photos is matched against. */
export interface PupilForMatching {
  id: string;
  nationalId: string;
  lastName: string;
  firstName: string;
  classCode: string;
  hasPhoto: boolean;
}

export interface PreviewRow {
  id: string;
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  matches: ZipPreviewMatch[];
  ignored: number;
  expiresAt: Date;
}

type Db = Kysely<Database> | Transaction<Database>;

/** Photos with the checksums of their two images (their base files'). */
function photos(db: Db, organizationId: string, baseId: string) {
  return db
    .selectFrom('pupil_photos as pp')
    .innerJoin('base_files as f', 'f.id', 'pp.photo_file_id')
    .innerJoin('base_files as t', 't.id', 'pp.thumbnail_file_id')
    .select(['pp.pupil_id as pupilId', 'pp.photo_file_id as photoFileId', 'pp.thumbnail_file_id as thumbnailFileId', 'pp.width', 'pp.height', 'f.sha256', 't.sha256 as thumbnailSha256', 'pp.updated_at as updatedAt'])
    .where('pp.organization_id', '=', organizationId)
    .where('pp.base_id', '=', baseId);
}

/** SQL of pupil photos and their ZIP previews; every function takes the organisation first. */
export function createPupilPhotosRepository(db: Kysely<Database>) {
  return {
    findPhoto(organizationId: string, baseId: string, pupilId: string): Promise<PhotoRow | undefined> {
      return photos(db, organizationId, baseId).where('pp.pupil_id', '=', pupilId).executeTakeFirst();
    },

    listPhotos(organizationId: string, baseId: string): Promise<PhotoRow[]> {
      return photos(db, organizationId, baseId).orderBy('pp.pupil_id').execute();
    },

    async pupilExists(organizationId: string, baseId: string, pupilId: string): Promise<boolean> {
      const row = await db.selectFrom('pupils').select('id').where('organization_id', '=', organizationId).where('base_id', '=', baseId).where('id', '=', pupilId).executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Locks the pupil's row for the rest of `trx` (photo writes for one pupil queue; the pupil cannot be
     * deleted meanwhile) and returns its current photo, if any; `exists` false when the pupil is gone.
     */
    async lockPupil(trx: Transaction<Database>, organizationId: string, baseId: string, pupilId: string): Promise<{ exists: boolean; photo: PhotoRow | undefined }> {
      const pupil = await trx.selectFrom('pupils').select('id').where('organization_id', '=', organizationId).where('base_id', '=', baseId).where('id', '=', pupilId).forUpdate().executeTakeFirst();
      if (!pupil) return { exists: false, photo: undefined };
      return { exists: true, photo: await photos(trx, organizationId, baseId).where('pp.pupil_id', '=', pupilId).executeTakeFirst() };
    },

    /** Writes the pupil's photo row, or points the existing one at the new files. */
    async savePhotoRow(trx: Transaction<Database>, row: { organizationId: string; baseId: string; pupilId: string; photoFileId: string; thumbnailFileId: string; width: number; height: number; userId: string | null; now: Date }): Promise<void> {
      const values = { photo_file_id: row.photoFileId, thumbnail_file_id: row.thumbnailFileId, width: row.width, height: row.height, updated_by_user_id: row.userId, updated_at: row.now };
      await trx
        .insertInto('pupil_photos')
        .values({ pupil_id: row.pupilId, organization_id: row.organizationId, base_id: row.baseId, ...values })
        .onConflict((oc) => oc.column('pupil_id').doUpdateSet(values))
        .execute();
    },

    listPupilsForMatching(organizationId: string, baseId: string): Promise<PupilForMatching[]> {
      return db
        .selectFrom('pupils as p')
        .innerJoin('classes as c', 'c.id', 'p.class_id')
        .leftJoin('pupil_photos as pp', 'pp.pupil_id', 'p.id')
        .select(['p.id', 'p.national_id as nationalId', 'p.last_name as lastName', 'p.first_name as firstName', 'c.code as classCode'])
        .select(sql<boolean>`pp.pupil_id is not null`.as('hasPhoto'))
        .where('p.organization_id', '=', organizationId)
        .where('p.base_id', '=', baseId)
        .execute();
    },

    async insertPreview(row: { id: string; organizationId: string; baseId: string; storageKey: string; sizeBytes: number; sha256: string; matches: ZipPreviewMatch[]; ignored: number; userId: string | null; expiresAt: Date }): Promise<void> {
      await db
        .insertInto('pupil_photo_zip_previews')
        .values({
          id: row.id, organization_id: row.organizationId, base_id: row.baseId, storage_key: row.storageKey, size_bytes: row.sizeBytes, sha256: row.sha256,
          matches: JSON.stringify(row.matches), ignored: row.ignored, created_by_user_id: row.userId, expires_at: row.expiresAt,
        })
        .execute();
    },

    /** Removes the base's preview and returns it, unless expired at `now`: two applies of one preview cannot both run. */
    claimPreview(organizationId: string, baseId: string, previewId: string, now: Date): Promise<PreviewRow | undefined> {
      return db
        .deleteFrom('pupil_photo_zip_previews')
        .where('organization_id', '=', organizationId)
        .where('base_id', '=', baseId)
        .where('id', '=', previewId)
        .where('expires_at', '>', now)
        .returning(['id', 'storage_key as storageKey', 'size_bytes as sizeBytes', 'sha256', 'matches', 'ignored', 'expires_at as expiresAt'])
        .executeTakeFirst();
    },

    /** Removes the previews expired at `now` (those the running scope sees); their storage keys. */
    async removeExpiredPreviews(now: Date): Promise<string[]> {
      const rows = await db.deleteFrom('pupil_photo_zip_previews').where('expires_at', '<=', now).returning('storage_key').execute();
      return rows.map((r) => r.storage_key);
    },

    /**
     * Removes photo and thumbnail files created before `before` that no photo row names (a process
     * stopped between storing a thumbnail and committing its photo); their objects go with the rows.
     */
    async removeStrayPhotoFiles(before: Date): Promise<number> {
      const rows = await db
        .deleteFrom('base_files as f')
        .where('f.kind', 'in', ['photo', 'thumbnail'])
        .where('f.created_at', '<', before)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('pupil_photos as pp').select('pp.pupil_id').where((eb) => eb.or([eb('pp.photo_file_id', '=', eb.ref('f.id')), eb('pp.thumbnail_file_id', '=', eb.ref('f.id'))])))),
        )
        .returning('f.id')
        .execute();
      return rows.length;
    },

    /** Which of `keys` a preview still names (system scope: every organisation's). */
    async previewKeysAmong(keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await db.selectFrom('pupil_photo_zip_previews').select('storage_key').where('storage_key', 'in', keys).execute();
      return new Set(rows.map((r) => r.storage_key));
    },
  };
}

