import type { ColumnType, JSONColumnType } from 'kysely';

type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

/** `pupil_photos`: a pupil's one photo, as two base files (the normalised image and its thumbnail). */
export interface PupilPhotoTable {
  pupil_id: string;
  organization_id: string;
  base_id: string;
  photo_file_id: string;
  thumbnail_file_id: string;
  width: number;
  height: number;
  updated_by_user_id: string | null;
  updated_at: UpdatedAt;
}

/** One matched entry of a ZIP preview: its position and name in the archive, and the pupil it names. */
export interface ZipPreviewMatch {
  index: number;
  name: string;
  pupilId: string;
}

/** `pupil_photo_zip_previews`: a ZIP of photos kept in storage until it is applied or expires. */
export interface PupilPhotoZipPreviewTable {
  id: string;
  organization_id: string;
  base_id: string;
  storage_key: string;
  size_bytes: number;
  sha256: string;
  matches: JSONColumnType<ZipPreviewMatch[], string, never>;
  ignored: number;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
}

export interface PupilPhotosTables {
  pupil_photos: PupilPhotoTable;
  pupil_photo_zip_previews: PupilPhotoZipPreviewTable;
}
