/**
 * Receives an uploaded file into the object storage (`uploads/lsu/<importId>.xml`, decision 0009)
 * without holding it in memory: refused on its declared length before a byte is read, counted against
 * the upload budget as it arrives, stored whole or not at all (the storage's own guarantee). Nothing
 * stays behind when it fails.
 */
import { Transform, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { AppError } from '../../shared/app-error.ts';
import type { ObjectStorage, StoredObject } from '../storage/storage.ts';
import type { LiveUploadFeed } from './live-upload.ts';
import type { UploadBudget, UploadReservation } from './upload-budget.ts';

/** The storage key of an import's uploaded file while it waits for, or runs, its job. */
export const UPLOADS_PREFIX = 'uploads/lsu/';
export function uploadKeyOf(importId: string): string {
  return `${UPLOADS_PREFIX}${importId}.xml`;
}

/** Largest file accepted when the configuration does not say (IMPORT_MAX_MB's default). */
export const DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024;
/** IMPORT_PENDING_MAX_MB's default, as a multiple of IMPORT_MAX_MB. */
export const DEFAULT_PENDING_IMPORT_FILES = 4;
/** Longest file name an import keeps (the query string's `ImportFileNameSchema` says the same). */
const FILE_NAME_MAX_LENGTH = 255;

/** An upload as the route hands it over: its declared length, and its body, read only once admitted. */
export interface IncomingUpload {
  /** Content-Length of the request body; undefined when it is sent in chunks. */
  declaredBytes: number | undefined;
  /** What the body may hold besides the file (multipart boundaries and part headers). */
  envelopeBytes: number;
  /** Starts reading the body: the file's name (checked with `assertFileName`) and its bytes. */
  open(): Promise<{ name: string; stream: Readable }>;
}

/**
 * Admits an upload before its body is read: 413 `lsu_import.too_large` when its declared length passes
 * `maxBytes`, 503 `lsu_import.busy` when the budget cannot hold what it may write.
 */
export async function admitUpload(upload: Pick<IncomingUpload, 'declaredBytes' | 'envelopeBytes'>, maxBytes: number, budget: UploadBudget): Promise<UploadReservation> {
  const declared = upload.declaredBytes;
  if (declared !== undefined && declared > maxBytes + upload.envelopeBytes) throw tooLarge(maxBytes);
  const reservation = await budget.reserve(Math.min(declared ?? 0, maxBytes));
  if (!reservation) throw busy(budget);
  return reservation;
}

/** True for a name an import may keep: 1 to 255 characters, none of them a control character. */
export function isValidFileName(name: string): boolean {
  return name.length > 0 && name.length <= FILE_NAME_MAX_LENGTH && !/\p{Cc}/u.test(name);
}

/** Throws 400 `lsu_import.bad_file_name` unless `isValidFileName(name)`. */
export function assertFileName(name: string): void {
  if (!isValidFileName(name)) throw new AppError('bad_request', 'lsu_import.bad_file_name', { max: FILE_NAME_MAX_LENGTH });
}

export interface StoreUploadOptions {
  maxBytes: number;
  budget: UploadBudget;
  /** The upload's share of the budget, extended as bytes arrive past what it reserved. */
  reservation: UploadReservation;
  /** The request's declared length, when it has one (the storage hashes a large file beside the thread receiving it). */
  expectedBytes?: number;
  /** Also hands the bytes, as they are stored, to a parse of the file already running (a live upload). */
  live?: Pick<LiveUploadFeed, 'write' | 'endOfBytes'>;
}

/**
 * Stores `source` as the object `key`; returns its size and SHA-256. Throws 413 `lsu_import.too_large`
 * past `maxBytes`, 503 `lsu_import.busy` past the budget, 400 when empty or cut short; then no object is left.
 */
export async function storeUpload(source: Readable, storage: ObjectStorage, key: string, { maxBytes, budget, reservation, expectedBytes, live }: StoreUploadOptions): Promise<StoredObject> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.byteLength;
      if (size > maxBytes) return callback(tooLarge(maxBytes));
      const forward = () => {
        if (reservation.tryExtend(size)) callback(null, chunk);
        else reservation.extend(size).then((extended) => (extended ? callback(null, chunk) : callback(busy(budget))), callback);
      };
      const parseBehind = live?.write(chunk);
      if (parseBehind) void parseBehind.then(forward);
      else forward();
    },
    flush(callback) {
      live?.endOfBytes();
      callback();
    },
  });
  // Piped rather than handed to pipeline(), which would destroy the request, and with it the connection
  // the refusal must be answered on. A source gone before its end (client away, a multipart body cut
  // short) fails the upload, even when that happened before this function was called.
  finished(source).catch((error: unknown) => limit.destroy(error instanceof Error ? error : new Error('upload cut short')));
  // The storage may attach to `limit` only after a first await (making its folder): the first refusal
  // is kept here, and answered whatever the storage saw of it.
  let refusal: Error | undefined;
  limit.on('error', (error) => (refusal ??= error));
  source.pipe(limit);
  let stored: StoredObject | undefined;
  try {
    stored = await storage.put(key, limit, { contentType: 'application/xml', ...(expectedBytes === undefined ? {} : { expectedBytes }) });
    if ('truncated' in source && source.truncated === true) throw tooLarge(maxBytes);
    if (stored.size === 0) throw new AppError('bad_request', 'lsu_import.empty_file');
    return stored;
  } catch (error) {
    source.unpipe(limit);
    if (stored) await storage.delete(key).catch(() => undefined);
    // Drain what the client still sends, so the answer reaches it.
    source.resume();
    if (refusal instanceof AppError) throw refusal;
    if (error instanceof AppError) throw error;
    if (isTooLarge(error)) throw tooLarge(maxBytes);
    throw new AppError('bad_request', 'lsu_import.upload_failed');
  }
}

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

export function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', 'lsu_import.too_large', { limit: megabytes(maxBytes) });
}

function busy(budget: UploadBudget): AppError {
  return new AppError('unavailable', 'lsu_import.busy', { limit: megabytes(budget.maxBytes) });
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
}
