import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { HOSTING_NUMBER_PATTERN, type AnnexKind } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { CONTAINER_FORMAT_VERSION, writeContainer } from '../hosting-files/container.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { ANNEX_FORMATS, BLOB_CHUNK_BYTES, BLOB_COLUMNS, BLOBS_PART, FILE_COLUMNS, FILES_PART } from './annex-formats.ts';
import { createHostingAnnexesRepository, type AnnexSourceRow } from './hosting-annexes.repository.ts';

/** File names given to photos, which keep none: the pupil's national id (or id) and the type's extension. */
const PHOTO_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export interface AnnexExportDeps {
  db: Kysely<Database>;
  storage: ObjectStorage;
  now: Clock;
  source: { instance: string; preauVersion: string };
}

/** Generates annex files (`<uai>-<year>.preau-photos`, `.preau-documents`, `.preau-courriers`): a base's files and their bytes, streamed from storage. */
export function createAnnexExport({ db, storage, now, source }: AnnexExportDeps) {
  const repository = createHostingAnnexesRepository(db);

  /** A file's bytes as `blobs` rows: chunks of BLOB_CHUNK_BYTES in base64, read from storage (checksum verified at the end). */
  async function* blobRows(file: AnnexSourceRow): AsyncGenerator<unknown[]> {
    let chunk = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const body = await storage.get(file.storage_key, { size: file.size_bytes, sha256: file.sha256 });
    for await (const piece of body as AsyncIterable<Buffer>) {
      pending.push(piece);
      pendingBytes += piece.length;
      while (pendingBytes >= BLOB_CHUNK_BYTES) {
        const joined = Buffer.concat(pending);
        yield [file.id, chunk++, joined.subarray(0, BLOB_CHUNK_BYTES).toString('base64')];
        pending = [joined.subarray(BLOB_CHUNK_BYTES)];
        pendingBytes = joined.length - BLOB_CHUNK_BYTES;
      }
    }
    // An empty file still has its one (empty) chunk, so every file of `files` has rows here.
    if (pendingBytes > 0 || chunk === 0) yield [file.id, chunk, Buffer.concat(pending).toString('base64')];
  }

  return {
    /** Opens the annex file of `kind` of base `baseId` for the hosting provider that gave `hostingNumber`. */
    async openAnnexFile(organizationId: string, baseId: string, kind: AnnexKind, hostingNumber: string, onRows?: (part: string, rows: number) => void): Promise<{ fileName: string; stream: Readable }> {
      if (!new RegExp(HOSTING_NUMBER_PATTERN).test(hostingNumber)) {
        throw new AppError('validation_failed', 'validation_failed', {}, { fields: { '/hostingNumber': { code: 'validation_failed' } } });
      }
      const base = await repository.findBase(organizationId, baseId);
      if (!base) throw new AppError('not_found', 'base.not_found');
      if (base.state === 'loading') throw new AppError('conflict', 'base.loading');
      // The rows (a few hundred bytes each, a school's thousands of files) are read once: both parts follow them.
      const files = await repository.sourceFiles(organizationId, baseId, kind);
      const head = {
        format: ANNEX_FORMATS[kind], formatVersion: CONTAINER_FORMAT_VERSION, createdAt: now().toISOString(), source,
        base: { uai: base.uai, schoolYear: base.school_year, hostingNumber },
      };
      async function* fileRows(): AsyncGenerator<unknown[]> {
        for (const f of files) {
          const fileName = f.file_name ?? `${f.national_id ?? f.pupil_id ?? f.id}.${PHOTO_EXTENSIONS[f.content_type] ?? 'bin'}`;
          yield [f.id, f.target, f.pupil_id, f.national_id, f.last_name, f.first_name, f.birth_date, f.class_code, fileName, f.content_type, f.size_bytes, f.sha256, f.details, f.created_at.toISOString()];
        }
      }
      async function* blobs(): AsyncGenerator<unknown[]> {
        for (const f of files) yield* blobRows(f);
      }
      return {
        fileName: `${base.uai}-${base.school_year}.${ANNEX_FORMATS[kind]}`,
        stream: writeContainer(head, [{ name: FILES_PART, columns: FILE_COLUMNS, rows: fileRows() }, { name: BLOBS_PART, columns: BLOB_COLUMNS, rows: blobs() }], onRows),
      };
    },
  };
}

export type AnnexExport = ReturnType<typeof createAnnexExport>;
