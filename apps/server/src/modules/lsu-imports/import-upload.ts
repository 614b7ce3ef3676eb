/**
 * Streams an uploaded file to `<dataDir>/imports/<id>.xml` without holding it in memory: written to
 * a `.part` file, renamed when complete, removed when the upload fails or passes the size limit.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/app-error.ts';

/** Largest file accepted when the configuration does not say (IMPORT_MAX_MB's default). */
export const DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024;

/** Writes `source` to `target`; returns the byte count. Throws 413 `lsu_import.too_large` past `maxBytes`. */
export async function storeUpload(source: Readable, target: string, maxBytes: number): Promise<number> {
  const partial = `${target}.part`;
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.byteLength;
      if (size > maxBytes) callback(tooLarge(maxBytes));
      else callback(null, chunk);
    },
  });
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await pipeline(source, limit, createWriteStream(partial));
    if ('truncated' in source && source.truncated === true) throw tooLarge(maxBytes);
  } catch (error) {
    await rm(partial, { force: true });
    // Drain what the client still sends, so the 413 answer reaches it.
    source.resume();
    if (error instanceof AppError) throw error;
    if (isTooLarge(error)) throw tooLarge(maxBytes);
    throw new AppError('bad_request', 'lsu_import.upload_failed');
  }
  if (size === 0) {
    await rm(partial, { force: true });
    throw new AppError('bad_request', 'lsu_import.empty_file');
  }
  await rename(partial, target);
  return size;
}

function tooLarge(maxBytes: number): AppError {
  const megabytes = Math.round(maxBytes / (1024 * 1024));
  return new AppError('payload_too_large', 'lsu_import.too_large', { limit: megabytes });
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
}
