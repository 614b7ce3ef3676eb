/**
 * The annex files' formats (docs/hosting-files.md): the container of the base file (decision 0022)
 * with two parts, `files` (one row per photo, document or letter: what it attaches to by keys that
 * survive the load's id rewrite, and its size and SHA-256) then `blobs` (each file's bytes in base64,
 * chunk after chunk, in the order of `files`), so a reader knows where a file goes before its bytes
 * arrive and streams them straight into storage.
 */
import type { AnnexKind } from '@preau/contracts';

/** The `format` of each kind's head, also its file name's extension. */
export const ANNEX_FORMATS: Record<AnnexKind, string> = { photos: 'preau-photos', documents: 'preau-documents', courriers: 'preau-courriers' };
export const FILES_PART = 'files';
export const BLOBS_PART = 'blobs';
export const FILE_COLUMNS = [
  'ref', 'target', 'pupil_id', 'pupil_national_id', 'pupil_last_name', 'pupil_first_name', 'pupil_birth_date', 'class_code',
  'file_name', 'content_type', 'size', 'sha256', 'details', 'created_at',
] as const;
export const BLOB_COLUMNS = ['ref', 'chunk', 'data'] as const;
/** Bytes of a file per `blobs` line (before base64): a line stays near 1.4 MB, far below the container's 64 MB. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/** The kind a head's `format` names, if any. */
export function annexKindOf(format: unknown): AnnexKind | undefined {
  return (Object.keys(ANNEX_FORMATS) as AnnexKind[]).find((kind) => ANNEX_FORMATS[kind] === format);
}

/** One row of the `files` part, checked. */
export interface AnnexFileRow {
  ref: string;
  target: 'pupil' | 'class';
  pupilId: string | null;
  pupilNationalId: string | null;
  pupilLastName: string | null;
  pupilFirstName: string | null;
  pupilBirthDate: string | null;
  classCode: string | null;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  details: Record<string, unknown>;
  createdAt: string | null;
}

const SHA256 = /^[0-9a-f]{64}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

const text = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max && !/\p{Cc}/u.test(value);
const optional = (value: unknown, max: number): string | null | undefined => (value === null ? null : text(value, max) ? value : undefined);

/** A `files` row of `kind` as checked values, or undefined when it is not one. */
export function toFileRow(kind: AnnexKind, row: unknown[]): AnnexFileRow | undefined {
  const [ref, target, pupilId, nationalId, lastName, firstName, birthDate, classCode, fileName, contentType, size, sha256, details, createdAt] = row;
  if (!text(ref, 200) || (target !== 'pupil' && target !== 'class')) return undefined;
  const fields = [optional(pupilId, 64), optional(nationalId, 40), optional(lastName, 200), optional(firstName, 200), optional(birthDate, 10), optional(classCode, 40)];
  if (fields.some((f) => f === undefined)) return undefined;
  if (fields[4] !== null && !DATE.test(fields[4]!)) return undefined;
  // A photo and a letter are a pupil's; a document a pupil's or a class's.
  if (target === 'class' ? kind !== 'documents' || fields[5] === null : fields[0] === null && fields[1] === null && (fields[2] === null || fields[3] === null)) return undefined;
  if (!text(fileName, 255) || typeof contentType !== 'string' || !CONTENT_TYPE.test(contentType)) return undefined;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || typeof sha256 !== 'string' || !SHA256.test(sha256)) return undefined;
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return undefined;
  if (createdAt !== null && (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))) return undefined;
  return {
    ref, target, pupilId: fields[0]!, pupilNationalId: fields[1]!, pupilLastName: fields[2]!, pupilFirstName: fields[3]!, pupilBirthDate: fields[4]!, classCode: fields[5]!,
    fileName, contentType, size, sha256, details: details as Record<string, unknown>, createdAt: createdAt as string | null,
  };
}
