/**
 * The files a school base keeps (decision 0011): every photo, thumbnail, attached document and
 * letter is an object in storage plus a `base_files` row that names it, counted against the
 * organisation's quota. Features store through here and write their own row in the same
 * transaction (`link`), so a failure anywhere leaves neither row nor object.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { createBaseFilesRepository, type BaseFileRow } from './base-files.repository.ts';
import type { BaseFileKind } from './base-files.tables.ts';

export interface BaseFile {
  id: string;
  organizationId: string;
  baseId: string;
  kind: BaseFileKind;
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  pupilId: string | null;
  classId: string | null;
  createdAt: string;
}

interface FileOwner {
  organizationId: string;
  baseId: string;
  kind: BaseFileKind;
  contentType: string;
  pupilId?: string | null;
  classId?: string | null;
  createdByUserId?: string | null;
}

export interface StoreFileInput extends FileOwner {
  body: Readable;
  /** Refused past this many bytes (413 `storage.too_large`), before they are kept. */
  maxBytes: number;
}

export interface AdoptFileInput extends FileOwner {
  /** An object already in storage (a finished resumable upload); it is deleted if adopting fails. */
  storageKey: string;
  sizeBytes: number;
  sha256: string;
}

/** Writes the feature's own row in the transaction that records the file. */
export type LinkFile = (trx: Transaction<Database>, file: BaseFile) => Promise<void>;

export interface StorageUsage {
  usedBytes: number;
  /** null: no limit. */
  quotaBytes: number | null;
  quotaSource: 'instance' | 'operator';
  bases: { baseId: string; usedBytes: number }[];
}

export interface BaseFilesDeps {
  db: Kysely<Database>;
  storage: ObjectStorage;
  /** The instance's quota per organisation (`STORAGE_QUOTA_MB`), unless an operator set one; null: none. */
  defaultQuotaBytes: number | null;
  /** Called after rows were deleted, so their objects go soon (the runtime drains the queue). */
  onRowsDeleted?: () => void;
}

const MB = 1024 * 1024;
/** An organisation's quota when neither STORAGE_QUOTA_MB nor an operator says otherwise: 10 GB. */
export const DEFAULT_STORAGE_QUOTA_BYTES = 10_240 * MB;

/** The instance's quota per organisation from STORAGE_QUOTA_MB as configured (undefined: not set, the default; null: no limit). */
export function instanceQuotaBytes(configured: number | null | undefined): number | null {
  return configured === undefined ? DEFAULT_STORAGE_QUOTA_BYTES : configured;
}

export function quotaExceeded(quotaBytes: number): AppError {
  return new AppError('payload_too_large', 'storage.quota_exceeded', { quota: Math.floor(quotaBytes / MB) });
}

export function createBaseFiles(deps: BaseFilesDeps) {
  const { db, storage } = deps;
  const repository = createBaseFilesRepository(db);

  async function quotaOf(organizationId: string, executor: Kysely<Database> = db): Promise<number | null> {
    const set = await repository.findQuota(organizationId, executor);
    return set === undefined ? deps.defaultQuotaBytes : set;
  }

  /** Inserts the row and the feature's own under the organisation's lock, the quota checked again there. */
  async function commit(organizationId: string, file: BaseFile, createdByUserId: string | null, link: LinkFile | undefined): Promise<BaseFile> {
    await commitAll(organizationId, [file], createdByUserId, link && ((trx, [one]) => link(trx, one!)));
    return file;
  }

  /** Inserts the rows and the feature's own in one transaction under the organisation's lock (the quota checked for them all); on failure their objects go. */
  async function commitAll(organizationId: string, files: readonly BaseFile[], createdByUserId: string | null, link: ((trx: Transaction<Database>, files: readonly BaseFile[]) => Promise<void>) | undefined): Promise<void> {
    try {
      await db.transaction().execute(async (trx) => {
        const quota = await quotaOf(organizationId, trx);
        if (quota !== null) {
          // Two uploads finishing together: the second sees the first's size.
          await repository.lockOrganization(trx, organizationId);
          const used = await repository.usedBytes(trx, organizationId);
          if (used + files.reduce((sum, file) => sum + file.sizeBytes, 0) > quota) throw quotaExceeded(quota);
        }
        for (const file of files) await repository.insert(trx, file, createdByUserId);
        await link?.(trx, files);
      });
    } catch (error) {
      for (const file of files) await storage.delete(file.storageKey).catch(() => undefined); // else the orphan sweep removes it
      throw error;
    }
  }

  function describe(input: FileOwner, id: string, storageKey: string, stored: { size: number; sha256: string }): BaseFile {
    return {
      id,
      organizationId: input.organizationId,
      baseId: input.baseId,
      kind: input.kind,
      storageKey,
      contentType: input.contentType,
      sizeBytes: stored.size,
      sha256: stored.sha256,
      pupilId: input.pupilId ?? null,
      classId: input.classId ?? null,
      createdAt: new Date().toISOString(),
    };
  }

  return {
    /**
     * Streams `body` into storage under `bases/<baseId>/<kind>/<id>`, refused past `maxBytes` or past
     * what remains of the quota while the bytes pass; then records it (and runs `link`) in one transaction.
     */
    async store(input: StoreFileInput, link?: LinkFile): Promise<BaseFile> {
      const id = randomUUID();
      const storageKey = baseFileKey(input.baseId, input.kind, id);
      const quota = await quotaOf(input.organizationId);
      const remaining = quota === null ? Number.POSITIVE_INFINITY : Math.max(0, quota - (await repository.usedBytes(db, input.organizationId)));
      let stored;
      try {
        stored = await storage.put(storageKey, input.body, { maxBytes: Math.min(input.maxBytes, remaining), contentType: input.contentType });
      } catch (error) {
        if (quota !== null && remaining < input.maxBytes && error instanceof AppError && error.code === 'storage.too_large') throw quotaExceeded(quota);
        throw error;
      }
      return commit(input.organizationId, describe(input, id, storageKey, stored), input.createdByUserId ?? null, link);
    },

    /** Records an object already in storage the same way (the quota counts its size); on failure the object is deleted. */
    async adopt(input: AdoptFileInput, link?: LinkFile): Promise<BaseFile> {
      return commit(input.organizationId, describe(input, randomUUID(), input.storageKey, { size: input.sizeBytes, sha256: input.sha256 }), input.createdByUserId ?? null, link);
    },

    /**
     * Records objects already in storage under `bases/<baseId>/<kind>/<id>` (`baseFileKey`) as files
     * of one base, all or none, in one transaction with the feature's rows (`link`); the quota counts
     * them together. On failure every object is deleted.
     */
    async adoptAll(organizationId: string, files: readonly (AdoptFileInput & { id: string })[], link: (trx: Transaction<Database>, files: readonly BaseFile[]) => Promise<void>): Promise<BaseFile[]> {
      const described = files.map((input) => describe(input, input.id, input.storageKey, { size: input.sizeBytes, sha256: input.sha256 }));
      await commitAll(organizationId, described, null, link);
      return described;
    },

    /** The file and its bytes, checked against the recorded checksum as they end; 404 when unknown here. */
    async open(organizationId: string, fileId: string): Promise<{ file: BaseFile; body: Readable }> {
      const row = await repository.find(organizationId, fileId);
      if (!row) throw new AppError('not_found', 'not_found');
      const file = fromRow(row);
      return { file, body: await storage.get(file.storageKey, { size: file.sizeBytes, sha256: file.sha256 }) };
    },

    async find(organizationId: string, fileId: string): Promise<BaseFile | undefined> {
      const row = await repository.find(organizationId, fileId);
      return row && fromRow(row);
    },

    /**
     * Deletes the rows (in `trx` when given); their objects go through the deletion queue, drained
     * at once here, or within half a minute after the caller's transaction commits.
     */
    async remove(organizationId: string, fileIds: readonly string[], trx?: Transaction<Database>): Promise<void> {
      if (fileIds.length === 0) return;
      await repository.remove(trx ?? db, organizationId, fileIds);
      // Another connection would not see a queue the caller's transaction has not committed yet.
      if (!trx) deps.onRowsDeleted?.();
    },

    async usage(organizationId: string): Promise<StorageUsage> {
      const [set, bases] = await Promise.all([repository.findQuota(organizationId), repository.usageByBase(organizationId)]);
      return {
        usedBytes: bases.reduce((sum, base) => sum + base.usedBytes, 0),
        quotaBytes: set === undefined ? deps.defaultQuotaBytes : set,
        quotaSource: set === undefined ? 'instance' : 'operator',
        bases,
      };
    },

    /** The organisation's bases' names by id; undefined when there is no such organisation. */
    baseNames(organizationId: string): Promise<Map<string, string> | undefined> {
      return repository.baseNamesOf(organizationId);
    },

    /** An operator's quota for the organisation (null: no limit), or back to the instance's default (undefined). */
    async setQuota(organizationId: string, quotaBytes: number | null | undefined, userId: string): Promise<void> {
      await repository.setQuota(organizationId, quotaBytes, userId);
    },

    /** Removes from storage the objects whose rows were deleted; how many. Several processes may run it at once. */
    async drainDeletions(): Promise<number> {
      let removed = 0;
      for (;;) {
        const done = await db.transaction().execute(async (trx) => {
          const keys = await repository.takeDeletions(trx, 100);
          for (const key of keys) await storage.delete(key);
          await repository.forgetDeletions(trx, keys);
          return keys.length;
        });
        removed += done;
        if (done < 100) return removed;
      }
    },

    /** Removes objects under `bases/` no row names, older than `graceMs` (a crash between put and commit); how many. */
    async sweepOrphans(graceMs: number, now = new Date()): Promise<number> {
      let removed = 0;
      let batch: string[] = [];
      const flush = async () => {
        const known = await repository.knownKeys(batch);
        for (const key of batch) {
          if (known.has(key)) continue;
          await storage.delete(key);
          removed += 1;
        }
        batch = [];
      };
      for await (const object of storage.list('bases/')) {
        if (now.getTime() - object.modifiedAt.getTime() < graceMs) continue;
        batch.push(object.key);
        if (batch.length >= 500) await flush();
      }
      if (batch.length > 0) await flush();
      return removed;
    },
  };
}

export type BaseFiles = ReturnType<typeof createBaseFiles>;

export function baseFileKey(baseId: string, kind: BaseFileKind, id: string): string {
  return `bases/${baseId}/${kind}/${id}`;
}

function fromRow(row: BaseFileRow): BaseFile {
  return {
    id: row.id,
    organizationId: row.organization_id,
    baseId: row.base_id,
    kind: row.kind,
    storageKey: row.storage_key,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    pupilId: row.pupil_id,
    classId: row.class_id,
    createdAt: row.created_at.toISOString(),
  };
}
