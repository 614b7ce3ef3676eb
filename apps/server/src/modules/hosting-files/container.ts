/**
 * The container of Préau's hosting files (`docs/hosting-files.md`, decision 0022): a gzip stream of
 * UTF-8 lines, each one JSON value. The first line is the head (`format`, `formatVersion`, what the
 * file holds); then each part: a line `{"part": name, "columns": [...]}` followed by its rows, one
 * JSON array per line; the last line is the manifest of the parts (`{"manifest": {"parts": [{name,
 * rows, sha256}]}}`), the SHA-256 taken over the part's row lines, newlines included. Written and read
 * in one pass with nothing buffered but a line (or a batch of rows): the base, profiles and annex
 * files use it (another `format`, other parts).
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gzip, constants as zlib } from 'node:zlib';
import type { ErrorCode } from '@preau/contracts';
import { AppError, type AppErrorArgs } from '../../shared/app-error.ts';

/** The container version this Préau writes and the newest it reads. */
export const CONTAINER_FORMAT_VERSION = 1;
/** A line longer than this is refused (a bilan's XML is a few KB; a photo in base64 a few MB). */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Rows read are handed over in batches of at most 500 rows or about this many bytes (annex files' lines are large). */
const READ_BATCH_BYTES = 8 * 1024 * 1024;
/** Rows are handed to the compression in chunks of about this size. */
const WRITE_CHUNK_BYTES = 256 * 1024;
/** Bytes per gzip member: each compressed on its own, several at once in libuv's thread pool. */
export const MEMBER_BYTES = 1024 * 1024;
/** Members compressed at once (libuv's pool has four threads unless told otherwise). */
const MEMBERS_IN_FLIGHT = 3;
const gzipMember = promisify(gzip);

export interface ContainerHead {
  format: string;
  formatVersion: number;
  [key: string]: unknown;
}

export interface PartSummary {
  name: string;
  rows: number;
  sha256: string;
}

/**
 * A part to write: its name, its columns and its rows, either as arrays of JSON values in the
 * columns' order, or as `lines` already written (chunks of whole row lines, each ending with `\n`).
 */
export type PartSource = { name: string; columns: readonly string[] } & ({ rows: AsyncIterable<readonly unknown[]> } | { lines: AsyncIterable<Buffer> });

/** Where a reading problem lies: the part and the row (1-based) when known. */
export interface ContainerFault {
  part: string | null;
  row: number | null;
}

/** An AppError of a hosting file, with the part and row at fault. */
export class HostingFileError extends AppError {
  readonly fault: ContainerFault;
  constructor(error: AppError, fault: ContainerFault) {
    super(error.kind, error.code, ...([error.params] as unknown as AppErrorArgs<ErrorCode>));
    this.fault = fault;
  }
}

/** Throws `error` located at `fault`. */
export function fileError(error: AppError, fault: ContainerFault = { part: null, row: null }): HostingFileError {
  return new HostingFileError(error, fault);
}

/**
 * The container as a gzip byte stream: `head`, then each part of `parts` in order, then the manifest.
 * `onRows` hears every chunk of rows written (for progress).
 */
export function writeContainer(head: ContainerHead, parts: Iterable<PartSource> | AsyncIterable<PartSource>, onRows?: (part: string, rows: number) => void): Readable {
  const summaries: PartSummary[] = [];
  async function* lines(): AsyncGenerator<Buffer> {
    yield Buffer.from(`${JSON.stringify(head)}\n`);
    for await (const part of parts) {
      yield Buffer.from(`${JSON.stringify({ part: part.name, columns: part.columns })}\n`);
      const hash = createHash('sha256');
      let rows = 0;
      if ('lines' in part) {
        for await (const chunk of part.lines) {
          hash.update(chunk);
          let count = 0;
          for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) count += 1;
          rows += count;
          onRows?.(part.name, count);
          yield chunk;
        }
        summaries.push({ name: part.name, rows, sha256: hash.digest('hex') });
        continue;
      }
      let pending: string[] = [];
      let pendingBytes = 0;
      let pendingRows = 0;
      const flush = () => {
        const chunk = Buffer.from(pending.join(''));
        hash.update(chunk);
        onRows?.(part.name, pendingRows);
        pending = [];
        pendingBytes = 0;
        pendingRows = 0;
        return chunk;
      };
      for await (const row of part.rows) {
        const line = `${JSON.stringify(row)}\n`;
        pending.push(line);
        pendingBytes += line.length;
        pendingRows += 1;
        rows += 1;
        if (pendingBytes >= WRITE_CHUNK_BYTES) yield flush();
      }
      if (pending.length > 0) yield flush();
      summaries.push({ name: part.name, rows, sha256: hash.digest('hex') });
    }
    yield Buffer.from(`${JSON.stringify({ manifest: { parts: summaries } })}\n`);
  }
  return Readable.from(compressed(lines()), { objectMode: false });
}

/**
 * `source` compressed as gzip members of about `MEMBER_BYTES` each (a gzip stream may hold several:
 * RFC 1952, and every reader of ours and of other languages' libraries reads them in turn), compressed
 * side by side off the main thread and handed out in order. Level 1: most of the size goes at a
 * fraction of the default level's time; a member starting afresh costs a few bytes of its size.
 */
async function* compressed(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const inFlight: Promise<Buffer>[] = [];
  const start = (data: Buffer[]) => {
    // One output chunk per member (zlib's 16 KB chunks each cost a trip back to the main thread).
    const member = gzipMember(data.length === 1 ? data[0]! : Buffer.concat(data), { level: 1, chunkSize: MEMBER_BYTES });
    // Awaited in turn below; a failure meanwhile is not an unhandled rejection.
    member.catch(() => undefined);
    inFlight.push(member);
  };
  let block: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    block.push(chunk);
    size += chunk.length;
    if (size < MEMBER_BYTES) continue;
    start(block);
    block = [];
    size = 0;
    if (inFlight.length >= MEMBERS_IN_FLIGHT) yield await inFlight.shift()!;
  }
  if (size > 0) start(block);
  while (inFlight.length > 0) yield await inFlight.shift()!;
}

/** What reading a container yields, in file order. */
export type ContainerEvent =
  | { kind: 'head'; head: ContainerHead }
  | { kind: 'part'; name: string; columns: string[] }
  | { kind: 'rows'; part: string; firstRow: number; rows: unknown[][] }
  | { kind: 'end'; parts: PartSummary[] };

const unreadable = (fault?: ContainerFault) => fileError(new AppError('unprocessable', 'hosting_file.unreadable'), fault);

/**
 * Reads a container of `format` from its gzip bytes, checking as it goes: the head's format and
 * version (a newer version refused), each row's shape, and at the end each part's row count and SHA-256
 * against the manifest; a stream that ends before the manifest is truncated. Errors are
 * `HostingFileError`s naming the part and row. `onBytes` hears the compressed bytes read.
 */
export async function* readContainer(input: AsyncIterable<Buffer>, format: string | readonly string[], onBytes?: (bytes: number) => void): AsyncGenerator<ContainerEvent> {
  const formats: readonly string[] = typeof format === 'string' ? [format] : format;
  // zlib's default output chunks (16 KB): larger ones save little, and a file's head must come out
  // before whatever follows it is inflated (a refusal at the head answers a client still sending).
  const gunzip = createGunzip({ finishFlush: zlib.Z_SYNC_FLUSH });
  let inputFailure: unknown;
  const feed = (async () => {
    try {
      for await (const chunk of input) {
        // Refused early: the rest is read and dropped, so an HTTP client still sending gets the answer rather than a reset.
        if (gunzip.destroyed) continue;
        onBytes?.(chunk.length);
        if (!gunzip.write(chunk)) await drainedOrClosed(gunzip);
      }
      gunzip.end();
    } catch (error) {
      if (!gunzip.destroyed) {
        inputFailure = error;
        gunzip.destroy(error as Error);
      }
    }
  })();

  let head: ContainerHead | undefined;
  let part: { name: string; columns: string[]; rows: number; hash: Hash } | undefined;
  const seen: { name: string; rows: number; sha256: string }[] = [];
  let manifest: PartSummary[] | undefined;
  let batch: unknown[][] = [];
  let batchBytes = 0;
  let batchFirst = 1;
  const takeBatch = (): ContainerEvent | undefined => {
    if (!part || batch.length === 0) return undefined;
    const event: ContainerEvent = { kind: 'rows', part: part.name, firstRow: batchFirst, rows: batch };
    batch = [];
    batchBytes = 0;
    return event;
  };
  const closePart = () => {
    if (part) seen.push({ name: part.name, rows: part.rows, sha256: part.hash.digest('hex') });
    part = undefined;
  };

  /** `line` without its newline; `withNewline` the same bytes followed by it (what a part's hash covers). */
  function* onLine(line: Buffer, withNewline: Buffer | undefined): Generator<ContainerEvent> {
    if (manifest) throw unreadable();
    if (!head) {
      const value = parseJson(line, { part: null, row: null }, true);
      if (!isObject(value) || typeof value.format !== 'string' || !formats.includes(value.format) || typeof value.formatVersion !== 'number') throw unreadable();
      if (value.formatVersion > CONTAINER_FORMAT_VERSION || !Number.isInteger(value.formatVersion) || value.formatVersion < 1) {
        throw fileError(new AppError('unprocessable', 'hosting_file.future_version', { version: String(value.formatVersion), supported: String(CONTAINER_FORMAT_VERSION) }));
      }
      head = value as ContainerHead;
      yield { kind: 'head', head };
      return;
    }
    if (line[0] === 0x5b /* [ */ && part) {
      if (withNewline) part.hash.update(withNewline);
      else part.hash.update(line).update('\n');
      part.rows += 1;
      const fault = { part: part.name, row: part.rows };
      const row = parseJson(line, fault, false);
      if (!Array.isArray(row) || row.length !== part.columns.length) throw fileError(new AppError('unprocessable', 'hosting_file.row_invalid', { part: part.name, row: part.rows }), fault);
      if (batch.length === 0) batchFirst = part.rows;
      batch.push(row as unknown[]);
      batchBytes += line.length;
      if (batch.length >= 500 || batchBytes >= READ_BATCH_BYTES) yield takeBatch()!;
      return;
    }
    const value = parseJson(line, { part: part?.name ?? null, row: null }, true);
    if (isObject(value) && typeof value.part === 'string' && Array.isArray(value.columns) && value.columns.every((c) => typeof c === 'string')) {
      const rows = takeBatch();
      if (rows) yield rows;
      closePart();
      if (seen.some((p) => p.name === value.part)) throw unreadable({ part: value.part, row: null });
      part = { name: value.part, columns: value.columns as string[], rows: 0, hash: createHash('sha256') };
      yield { kind: 'part', name: part.name, columns: part.columns };
      return;
    }
    if (isObject(value) && isObject(value.manifest) && Array.isArray(value.manifest.parts)) {
      const rows = takeBatch();
      if (rows) yield rows;
      closePart();
      manifest = value.manifest.parts as PartSummary[];
      return;
    }
    throw unreadable({ part: part?.name ?? null, row: null });
  }

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      let newline = chunk.indexOf(0x0a, start);
      while (newline !== -1) {
        const piece = chunk.subarray(start, newline);
        if (pending.length === 0) yield* onLine(piece, chunk.subarray(start, newline + 1));
        else {
          const line = Buffer.concat([...pending, piece]);
          pending = [];
          pendingBytes = 0;
          yield* onLine(line, undefined);
        }
        start = newline + 1;
        newline = chunk.indexOf(0x0a, start);
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) throw unreadable({ part: part?.name ?? null, row: part ? part.rows + 1 : null });
      }
    }
  } catch (error) {
    if (error instanceof HostingFileError) throw error;
    if (inputFailure !== undefined && !(inputFailure instanceof Error && 'code' in inputFailure && String(inputFailure.code).startsWith('Z_'))) {
      // The upload stopped (connection lost): as good as a truncated file.
      throw fileError(new AppError('unprocessable', 'hosting_file.truncated'), { part: part?.name ?? null, row: null });
    }
    // zlib's own checks: a damaged stream, or one cut short.
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw fileError(new AppError('unprocessable', 'hosting_file.truncated'), { part: part?.name ?? null, row: null });
    throw unreadable({ part: part?.name ?? null, row: null });
  } finally {
    // Stopped early (a refusal): the decompressor goes, and with it the feeding loop and its input.
    if (gunzip.readableEnded) await feed;
    else {
      gunzip.destroy();
      feed.catch(() => undefined);
    }
  }
  if (!head) throw unreadable();
  if (pending.length > 0 || !manifest) throw fileError(new AppError('unprocessable', 'hosting_file.truncated'), { part: part?.name ?? null, row: null });
  const listed = new Map(manifest.map((p) => [p?.name, p]));
  for (const got of seen) {
    const want = listed.get(got.name);
    if (!want || want.rows !== got.rows || want.sha256 !== got.sha256) {
      throw fileError(new AppError('unprocessable', 'hosting_file.checksum', { part: got.name }), { part: got.name, row: null });
    }
  }
  if (listed.size !== seen.length) throw fileError(new AppError('unprocessable', 'hosting_file.truncated'));
  yield { kind: 'end', parts: manifest };
}

/** Waits until `stream` drains or closes (its listeners removed either way). */
async function drainedOrClosed(stream: NodeJS.EventEmitter): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: stop.signal }), once(stream, 'close', { signal: stop.signal })]);
  } finally {
    stop.abort();
  }
}

function parseJson(line: Buffer, fault: ContainerFault, structural: boolean): unknown {
  try {
    return JSON.parse(line.toString('utf8'));
  } catch {
    if (structural || fault.part === null || fault.row === null) throw unreadable(fault);
    throw fileError(new AppError('unprocessable', 'hosting_file.row_invalid', { part: fault.part, row: fault.row }), fault);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
