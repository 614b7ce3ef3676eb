/**
 * Rows in PostgreSQL's binary COPY format, encoded into large buffers. Written here rather than taken
 * from pg-copy-streams-binary: that package builds a buffer per field through stream helpers that
 * are no longer maintained, and our rows need three field types only.
 * Format: https://www.postgresql.org/docs/current/sql-copy.html (Binary Format).
 */
import { Buffer } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * How a column's values are sent: text (UTF-8), int4 (32-bit integer), jsonb (JSON text, version 1),
 * timestamptz (microseconds since 2000-01-01 00:00 UTC, 64 bits).
 */
export type CopyColumnType = 'text' | 'int4' | 'jsonb' | 'timestamptz';
/** One field: a string for text and jsonb, a number for int4, a bigint for timestamptz, raw UTF-8 bytes for text, or null. */
export type CopyValue = string | number | bigint | Uint8Array | null;

/**
 * Node's Buffer has had it since its beginnings; `write(string, offset, 'utf8')` reaches it after
 * argument checks that cost as much as the copy on the short strings of a row (ids, names).
 */
interface FastWrites {
  utf8Write(text: string, offset: number, length: number): number;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const CHUNK_BYTES = 1024 * 1024;

/** What a binary COPY starts with (signature, no flags, no header extension), before its rows. */
export const COPY_BINARY_HEADER: Buffer = Buffer.concat([SIGNATURE, Buffer.alloc(8)]);
/** What a binary COPY ends with, after its rows. */
export const COPY_BINARY_TRAILER: Buffer = Buffer.from([0xff, 0xff]);

/**
 * Buffers of encoded rows given back once written, to be encoded into again. A fresh 1 MiB buffer
 * costs the page faults of its first touch (about 0.6–2.4 ms here, against 0.05 ms to fill a reused
 * one): an import's 143 MB of rows made thousands of them in the thread that encodes.
 */
export class ChunkPool {
  readonly #free: Buffer[] = [];

  constructor(private readonly limit = 8) {}

  /** Takes back buffers nothing else holds any more (transferred back from the writer, say). */
  give(buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) if (this.#free.length < this.limit && buffer.byteLength >= CHUNK_BYTES) this.#free.push(Buffer.from(buffer));
  }

  /** A buffer of at least `bytes` (and at least 1 MiB): a given-back one when one is large enough. */
  take(bytes: number): Buffer {
    const index = this.#free.findIndex((buffer) => buffer.length >= bytes);
    return index < 0 ? Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes)) : this.#free.splice(index, 1)[0]!;
  }
}

/**
 * Encodes rows of fixed column types; `take` hands over the bytes encoded so far. With `rowsOnly`, no
 * header (and `end` is not called): the rows go between a `COPY_BINARY_HEADER` and a `COPY_BINARY_TRAILER` sent by whoever holds the copy.
 */
export class BinaryCopyEncoder {
  private chunk: Buffer;
  private used = 0;
  private readonly full: Buffer[] = [];
  private readonly pool: ChunkPool | undefined;

  /** `pool`: where the buffers come from, for a writer that gives them back once written. */
  constructor(
    private readonly types: readonly CopyColumnType[],
    options: { rowsOnly?: boolean; chunkBytes?: number; pool?: ChunkPool } = {},
  ) {
    this.pool = options.pool;
    this.chunk = this.fresh(options.chunkBytes ?? CHUNK_BYTES);
    if (options.rowsOnly) return;
    COPY_BINARY_HEADER.copy(this.chunk, 0);
    this.used = COPY_BINARY_HEADER.length;
  }

  /** Bytes encoded and not yet taken. */
  get pending(): number {
    return this.full.reduce((sum, b) => sum + b.length, 0) + this.used;
  }

  /** Appends one row; `values` are in the order of the column types. */
  row(values: readonly CopyValue[]): void {
    const types = this.types;
    this.reserve(2);
    this.chunk[this.used] = types.length >>> 8;
    this.chunk[this.used + 1] = types.length & 0xff;
    this.used += 2;
    for (let i = 0; i < types.length; i++) this.field(types[i]!, values[i] ?? null);
  }

  /** Appends the end-of-data marker. */
  end(): void {
    this.reserve(2);
    this.chunk.writeInt16BE(-1, this.used);
    this.used += 2;
  }

  /** The bytes encoded since the last call. */
  take(): Buffer[] {
    const out = this.full.splice(0, this.full.length);
    if (this.used > 0) {
      out.push(this.chunk.subarray(0, this.used));
      this.chunk = this.fresh(Math.max(this.chunk.length, CHUNK_BYTES));
      this.used = 0;
    }
    return out;
  }

  private field(type: CopyColumnType, value: CopyValue): void {
    if (value === null) {
      this.reserve(4);
      this.int32(-1, this.used);
      this.used += 4;
    } else if (type === 'int4') {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`a ${typeof value} given for a int4 column`);
      if (value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`${value} is out of range for a int4 column`);
      this.reserve(8);
      this.int32(4, this.used);
      this.int32(value, this.used + 4);
      this.used += 8;
    } else if (type === 'timestamptz') {
      if (typeof value !== 'bigint') throw new TypeError(`a ${typeof value} given for a timestamptz column`);
      this.reserve(12);
      this.int32(8, this.used);
      this.chunk.writeBigInt64BE(value, this.used + 4);
      this.used += 12;
    } else if (typeof value === 'string') {
      const prefix = type === 'jsonb' ? 1 : 0;
      // UTF-8 takes at most 3 bytes per UTF-16 unit; the exact length is known once written.
      const room = value.length * 3;
      this.reserve(4 + prefix + room);
      const at = this.used;
      if (prefix) this.chunk[at + 4] = 1;
      const written = (this.chunk as unknown as FastWrites).utf8Write(value, at + 4 + prefix, room);
      this.int32(written + prefix, at);
      this.used = at + 4 + prefix + written;
    } else if (value instanceof Uint8Array) {
      if (type !== 'text') throw new TypeError(`bytes given for a ${type} column`);
      this.reserve(4 + value.byteLength);
      this.int32(value.byteLength, this.used);
      this.chunk.set(value, this.used + 4);
      this.used += 4 + value.byteLength;
    } else throw new TypeError(`a ${typeof value} given for a ${type} column`);
  }

  /** A 32-bit integer, big-endian, at `at` (room reserved; stored byte by byte, without `writeInt32BE`'s checks). */
  private int32(value: number, at: number): void {
    const chunk = this.chunk;
    chunk[at] = value >>> 24;
    chunk[at + 1] = (value >>> 16) & 0xff;
    chunk[at + 2] = (value >>> 8) & 0xff;
    chunk[at + 3] = value & 0xff;
  }

  /** Makes room for `bytes` more, starting a new chunk (as large as needed) when this one is full. */
  private reserve(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    if (this.used > 0) this.full.push(this.chunk.subarray(0, this.used));
    this.chunk = this.fresh(Math.max(CHUNK_BYTES, bytes));
    this.used = 0;
  }

  private fresh(bytes: number): Buffer {
    return this.pool ? this.pool.take(bytes) : Buffer.allocUnsafe(bytes);
  }
}

/** PostgreSQL's binary COPY header: signature, flags (32 bits), header extension length (32 bits), then the extension. */
const HEADER_FIXED_BYTES = SIGNATURE.length + 8;

/**
 * The rows of a one-column binary COPY (`COPY (…) TO STDOUT (FORMAT binary)`) as their value's bytes,
 * each followed by `rowEnd`: no escape to undo, unlike the text format (a JSON text holding `\"`
 * comes through as it is). A null value or a row of another number of fields is refused.
 */
export class BinaryCopyRows extends Transform {
  /** Bytes received and not yet read (part of a row), and how many must be there before reading on. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #needed = HEADER_FIXED_BYTES;
  #headerRead = false;
  #ended = false;
  readonly #rowEnd: Buffer;
  /** Rows read and not yet handed out, held until they make `#outBytes` (one copy into an output chunk that size). */
  #out: Buffer[] = [];
  #outLength = 0;
  readonly #outBytes: number;

  /** `rowEnd` follows each row; rows go out in chunks of about `chunkBytes` (default: as each input chunk is read). */
  constructor(options: { rowEnd: string; chunkBytes?: number }) {
    super();
    this.#rowEnd = Buffer.from(options.rowEnd);
    this.#outBytes = options.chunkBytes ?? 0;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.#ended) return done();
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    // A long row in small chunks: gathered until it is whole, not copied again at each chunk.
    if (this.#pendingBytes < this.#needed) return done();
    const data = this.#pending.length === 1 ? chunk : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    let at = 0;
    if (!this.#headerRead) {
      const extension = data.readUInt32BE(SIGNATURE.length + 4);
      if (data.length < HEADER_FIXED_BYTES + extension) return this.#keep(data, 0, HEADER_FIXED_BYTES + extension, done);
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return done(new Error('not a binary COPY'));
      at = HEADER_FIXED_BYTES + extension;
      this.#headerRead = true;
    }
    const pieces: Buffer[] = [];
    let needed = 2;
    for (;;) {
      if (data.length - at < 2) break;
      const fields = data.readInt16BE(at);
      if (fields === -1) {
        this.#ended = true;
        break;
      }
      if (fields !== 1) return done(new Error(`a binary COPY row of ${fields} fields where one was expected`));
      needed = 6;
      if (data.length - at < 6) break;
      const length = data.readInt32BE(at + 2);
      if (length < 0) return done(new Error('a null value in a binary COPY of rows'));
      needed = 6 + length;
      if (data.length - at < needed) break;
      pieces.push(data.subarray(at + 6, at + 6 + length), this.#rowEnd);
      this.#outLength += length + this.#rowEnd.length;
      at += needed;
      needed = 2;
    }
    for (const piece of pieces) this.#out.push(piece);
    if (this.#outLength >= this.#outBytes || this.#ended) this.#handOut();
    if (this.#ended) return done();
    this.#keep(data, at, needed, done);
  }

  #handOut(): void {
    if (this.#out.length === 0) return;
    const chunk = Buffer.concat(this.#out, this.#outLength);
    this.#out = [];
    this.#outLength = 0;
    this.push(chunk);
  }

  /** Keeps `data` from `at` until `needed` bytes of it are there. */
  #keep(data: Buffer, at: number, needed: number, done: TransformCallback): void {
    if (at < data.length) {
      this.#pending.push(data.subarray(at));
      this.#pendingBytes = data.length - at;
    }
    this.#needed = needed;
    done();
  }

  override _flush(done: TransformCallback): void {
    done(this.#ended ? null : new Error('a binary COPY cut short'));
  }
}
