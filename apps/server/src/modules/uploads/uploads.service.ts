import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { runInTenantScope } from '../../db/tenant-scope.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { createUploadsRepository, type UploadRow } from './uploads.repository.ts';
import type { UploadPurpose } from './uploads.tables.ts';

export const UPLOAD_PURPOSES = ['lsu-import', 'document'] as const satisfies readonly UploadPurpose[];
/** What the hosting console sends: base files to load, annex files completing a loaded base. */
const HOSTING_UPLOAD_PURPOSES: readonly UploadPurpose[] = ['hosting-annex', 'hosting-base'];
/** Longest file name an upload keeps (as the LSU import's). */
export const FILE_NAME_MAX_LENGTH = 255;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;
/** An upload nothing claimed is kept this long after it started, then removed with its bytes. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Storage keys of resumable uploads: also their tus ids. */
export const UPLOAD_KEY_PREFIX = 'uploads/tus/';

/** Who starts or uses an upload: a member of the base's organisation, or (base and user null) the organisation's hosting console. */
export interface UploadCaller {
  organizationId: string;
  baseId: string | null;
  userId: string | null;
}

/** The hosting console of an organisation as the sender of its uploads. */
export function hostingUploadCaller(organizationId: string): UploadCaller {
  return { organizationId, baseId: null, userId: null };
}

/** What a client declares when it creates an upload (Upload-Length and Upload-Metadata). */
export interface DeclaredUpload {
  length: number | undefined;
  metadata: Record<string, string | null | undefined>;
}

/** A finished upload handed over to the feature that keeps its file. */
export interface ClaimedUpload {
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  fileName: string;
  contentType: string;
}

export interface UploadsServiceDeps {
  db: Kysely<Database>;
  now: Clock;
  /** Largest file per purpose, in bytes. */
  maxBytes: Record<UploadPurpose, number>;
  /** Removes whatever bytes an upload left (partial data, parts, its object). */
  discardData: (storageKey: string) => Promise<void>;
  /** Forgets the protocol's description of a claimed upload (its object stays). */
  releaseData: (storageKey: string) => Promise<void>;
}

const megabytes = (bytes: number) => Math.ceil(bytes / (1024 * 1024));

/** Rules of resumable uploads: who may start, resume and claim one, limits, completion, expiry. */
export function createUploadsService({ db, now, maxBytes, discardData, releaseData }: UploadsServiceDeps) {
  const repository = createUploadsRepository(db);
  const largest = Math.max(...Object.values(maxBytes));

  return {
    /** The largest upload any purpose accepts (tus's own limit, checked again per purpose). */
    largestBytes: largest,

    /**
     * Checks a new upload's declared length and metadata, before any byte is kept, and records it:
     * 400 `uploads.length_required` / `uploads.bad_metadata`, 413 `uploads.too_large`.
     */
    async startUpload(caller: UploadCaller, declared: DeclaredUpload): Promise<UploadRow> {
      if (declared.length === undefined || !Number.isSafeInteger(declared.length) || declared.length <= 0) {
        throw new AppError('bad_request', 'uploads.length_required');
      }
      const { purpose, filename, filetype } = declared.metadata;
      const badMetadata = () => new AppError('bad_request', 'uploads.bad_metadata', { max: FILE_NAME_MAX_LENGTH });
      const hosting = caller.baseId === null || caller.userId === null;
      if (!(hosting ? HOSTING_UPLOAD_PURPOSES : UPLOAD_PURPOSES).includes(purpose as UploadPurpose)) throw badMetadata();
      if (typeof filename !== 'string' || filename.length === 0 || filename.length > FILE_NAME_MAX_LENGTH || /\p{Cc}/u.test(filename)) throw badMetadata();
      const contentType = filetype === undefined || filetype === null || filetype === '' ? 'application/octet-stream' : filetype;
      if (!CONTENT_TYPE.test(contentType)) throw badMetadata();
      const limit = maxBytes[purpose as UploadPurpose];
      if (declared.length > limit) throw new AppError('payload_too_large', 'uploads.too_large', { limit: megabytes(limit) });
      const id = randomUUID();
      const at = now();
      const row = {
        id,
        organization_id: caller.organizationId,
        base_id: hosting ? null : caller.baseId,
        user_id: hosting ? null : caller.userId,
        hosting,
        purpose: purpose as UploadPurpose,
        file_name: filename,
        content_type: contentType,
        length_bytes: declared.length,
        storage_key: `${UPLOAD_KEY_PREFIX}${id}`,
        expires_at: new Date(at.getTime() + UPLOAD_LIFETIME_MS),
      };
      await repository.insert(row);
      return { ...row, received_bytes: 0, sha256: null, s3_parts: [], state: 'receiving', created_at: at, completed_at: null, claimed_at: null };
    },

    /** The caller's upload in this base (404 `uploads.not_found` otherwise: another's, expired, unknown). */
    async findOwnUpload(caller: UploadCaller, uploadId: string): Promise<UploadRow> {
      const row = await repository.findOfCaller(caller.organizationId, caller.baseId, uploadId, caller.userId);
      if (!row) throw new AppError('not_found', 'uploads.not_found');
      return row;
    },

    /** Forgets an upload whose creation failed, or that its sender terminated. */
    async forgetUpload(caller: UploadCaller, uploadId: string): Promise<void> {
      await repository.remove(caller.organizationId, uploadId);
    },

    async recordReceived(caller: UploadCaller, uploadId: string, receivedBytes: number): Promise<void> {
      await repository.recordReceived(caller.organizationId, uploadId, receivedBytes);
    },

    /** Records a finished upload's size and SHA-256: it may now be claimed. */
    async completeUpload(caller: UploadCaller, uploadId: string, completion: { sizeBytes: number; sha256: string }): Promise<void> {
      await repository.markComplete(caller.organizationId, uploadId, { ...completion, at: now() });
    },

    /**
     * Hands a finished upload of this caller in this base (base and user null: of the organisation's
   * hosting console) over, once: its row is marked claimed.
     * 404 `uploads.not_found`, 409 `uploads.not_finished` / `uploads.already_claimed` /
     * `uploads.wrong_purpose` (when `purpose` is given and the upload was sent for another).
     */
    async claimUpload(organizationId: string, baseId: string | null, uploadId: string, userId: string | null, purpose?: UploadPurpose): Promise<ClaimedUpload> {
      const found = await repository.findOfCaller(organizationId, baseId, uploadId, userId);
      if (!found) throw new AppError('not_found', 'uploads.not_found');
      if (purpose !== undefined && found.purpose !== purpose) throw new AppError('conflict', 'uploads.wrong_purpose', { purpose: found.purpose });
      if (found.state === 'receiving') throw new AppError('conflict', 'uploads.not_finished');
      const claimed = await repository.claim(organizationId, baseId, uploadId, userId, now());
      if (!claimed || claimed.sha256 === null) throw new AppError('conflict', 'uploads.already_claimed');
      await releaseData(claimed.storage_key);
      return { storageKey: claimed.storage_key, sizeBytes: Number(claimed.length_bytes), sha256: claimed.sha256, fileName: claimed.file_name, contentType: claimed.content_type };
    },

    /** Removes uploads nothing claimed past their expiry with their bytes, every organisation's; how many. */
    async removeExpiredUploads(): Promise<number> {
      let removed = 0;
      for (;;) {
        const expired = await repository.findExpiredAcrossOrganizations(now(), 100);
        for (const upload of expired) {
          await discardData(upload.storage_key);
          await runInTenantScope(upload.organization_id, () => repository.remove(upload.organization_id, upload.id));
          removed += 1;
        }
        if (expired.length < 100) return removed;
      }
    },
  };
}

export type UploadsService = ReturnType<typeof createUploadsService>;
