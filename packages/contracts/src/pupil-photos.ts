import { Type, type Static } from 'typebox';
import { IdParamSchema, IsoDateTimeSchema } from './common.ts';

/** A pupil's photo as stored: the normalised image (JPEG) and its thumbnail (WebP), both served by the API. */
export const PupilPhotoSchema = Type.Object({
  pupilId: Type.String(),
  width: Type.Integer({ description: 'Width of the normalised image, in pixels' }),
  height: Type.Integer({ description: 'Height of the normalised image, in pixels' }),
  /** SHA-256 of the normalised image: changes with each new photo (the console adds it to the image's address). */
  sha256: Type.String(),
  updatedAt: IsoDateTimeSchema,
});
export type PupilPhoto = Static<typeof PupilPhotoSchema>;

export const PupilPhotoListSchema = Type.Object({ items: Type.Array(PupilPhotoSchema) });
export type PupilPhotoList = Static<typeof PupilPhotoListSchema>;

/** Why a ZIP entry is not applied. */
export const PHOTO_ZIP_REASONS = [
  'unknown_pupil', // its name is neither a pupil's national id nor NOM_Prénom of a pupil of the base
  'ambiguous_name', // NOM_Prénom names several pupils of the base
  'duplicate_pupil', // an earlier entry of the archive is already this pupil's photo
  'not_an_image', // its bytes are not an image, whatever its name
  'unsupported_type', // an image, but not JPEG, PNG or WebP
  'too_large', // above the photo size limit (declared or inflated)
  'archive_limit', // the archive's total inflated size passed its cap before this entry
  'unsafe_path', // absolute, or climbing out of the archive with `..`
  'directory',
  'symlink',
  'nested_archive', // a ZIP inside the ZIP
  'hidden_file', // system files: __MACOSX/, .DS_Store, Thumbs.db, names starting with a dot
  'unreadable', // damaged entry (bad compression, sizes that do not match)
  'quota_exceeded', // applying it would pass the organisation's storage quota
] as const;
export type PhotoZipReason = (typeof PHOTO_ZIP_REASONS)[number];

export const PhotoZipEntrySchema = Type.Object({
  /** The entry's path in the archive, as written there. */
  name: Type.String(),
  status: Type.Union([Type.Literal('matched'), Type.Literal('ignored')]),
  reason: Type.Union([Type.Unsafe<PhotoZipReason>(Type.String({ enum: [...PHOTO_ZIP_REASONS] })), Type.Null()]),
  matchedBy: Type.Union([Type.Literal('national_id'), Type.Literal('name'), Type.Null()]),
  pupil: Type.Union([
    Type.Object({ id: Type.String(), nationalId: Type.String(), lastName: Type.String(), firstName: Type.String(), classCode: Type.String(), hasPhoto: Type.Boolean() }),
    Type.Null(),
  ]),
  sizeBytes: Type.Integer({ description: 'Inflated size of the entry' }),
});
export type PhotoZipEntry = Static<typeof PhotoZipEntrySchema>;

export const PhotoZipPreviewSchema = Type.Object({
  previewId: Type.String(),
  expiresAt: IsoDateTimeSchema,
  matched: Type.Integer(),
  ignored: Type.Integer(),
  entries: Type.Array(PhotoZipEntrySchema),
});
export type PhotoZipPreview = Static<typeof PhotoZipPreviewSchema>;

export const PhotoZipApplyInputSchema = Type.Object({ previewId: IdParamSchema });
export type PhotoZipApplyInput = Static<typeof PhotoZipApplyInputSchema>;

export const PhotoZipApplyResultSchema = Type.Object({
  applied: Type.Integer({ description: 'Photos stored (new or replacing one)' }),
  replaced: Type.Integer({ description: 'Of those, photos that replaced an earlier one' }),
  ignored: Type.Integer({ description: 'Entries the preview had already set aside' }),
  failed: Type.Array(Type.Object({ name: Type.String(), reason: Type.Unsafe<PhotoZipReason>(Type.String({ enum: [...PHOTO_ZIP_REASONS] })) }), {
    description: 'Matched entries that could not be stored after all (pupil gone, image damaged)',
  }),
});
export type PhotoZipApplyResult = Static<typeof PhotoZipApplyResultSchema>;
