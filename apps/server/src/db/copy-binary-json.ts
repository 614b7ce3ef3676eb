/**
 * The rows of a binary COPY (`COPY (select …) TO STDOUT (FORMAT binary)`) of columns of known types,
 * written as JSON array lines, the text `json_build_array(…)::text` gives in a session whose time zone
 * is UTC. The database sends each value as it is stored (the text of a large column unescaped) and
 * the JSON is written here: escaping a bilan's XML into JSON was the export's longest task in
 * PostgreSQL, where it goes a byte at a time, and takes a third of that here, four bytes at a time.
 * Format: https://www.postgresql.org/docs/current/sql-copy.html (Binary Format).
 */
import { Buffer } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import type { CopyColumnType } from './copy-binary.ts';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** PostgreSQL's epoch, 2000-01-01 UTC, in milliseconds since 1970's. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const INFINITY = 0x7fffffffffffffffn;
const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** The letter of a byte's short escape (`\n`, `\"`…), 0 when it has none (`\u00XX`) or needs no escape. */
const SHORT_ESCAPE = new Uint8Array(256);
for (const [byte, letter] of [[0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0c, 'f'], [0x0d, 'r'], [0x22, '"'], [0x5c, '\\']] as const) SHORT_ESCAPE[byte] = letter.charCodeAt(0);

/** Where the reader stands in the COPY: what the next bytes are. */
const enum Expect { Header, Extension, Row, Length, Int4, Timestamp, JsonbVersion, Jsonb, Text, End }

/**
 * Reads a binary COPY whose columns have `types`, handing out chunks of whole lines (each a JSON
 * array ending with `\n`) of about `chunkBytes`. Values are read as they come, a long one in pieces,
 * never gathered first. A row of another number of fields, or a value of the wrong size, is refused.
 */
export class BinaryCopyJsonLines extends Transform {
  readonly #types: readonly CopyColumnType[];
  readonly #chunkBytes: number;
  #expect = Expect.Header;
  /** Bytes of the current value (or header extension) still to read. */
  #remaining = 0;
  #field = 0;
  /** A fixed-size item (field count, length, number) split between two input chunks, gathered here. */
  readonly #carry = Buffer.alloc(32);
  #carried = 0;
  /** Where the last item taken by `#take` lies. */
  #item: Buffer = this.#carry;
  #itemAt = 0;
  #lastTimestamp = { high: 0, low: 0, json: `"${timestampText(0n)}"` };
  /** The output being written: lines before `#lineStart` are whole, the one after it is being written. */
  #out: Buffer;
  #outView: DataView;
  #used = 0;
  #lineStart = 0;

  constructor(options: { types: readonly CopyColumnType[]; chunkBytes: number }) {
    super();
    this.#types = options.types;
    this.#chunkBytes = options.chunkBytes;
    this.#out = Buffer.allocUnsafe(this.#capacity(0));
    this.#outView = viewOf(this.#out);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.#read(chunk);
    } catch (error) {
      return done(error as Error);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.#expect !== Expect.End) return done(new Error('a binary COPY cut short'));
    if (this.#used > 0) this.push(this.#out.subarray(0, this.#used));
    done();
  }

  #read(chunk: Buffer): void {
    const view = viewOf(chunk);
    const end = chunk.length;
    let at = 0;
    while (at < end) {
      switch (this.#expect) {
        case Expect.Header: {
          at = this.#take(chunk, at, SIGNATURE.length + 8);
          if (at < 0) return;
          if (!this.#item.subarray(this.#itemAt, this.#itemAt + SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY');
          this.#remaining = this.#item.readUInt32BE(this.#itemAt + SIGNATURE.length + 4);
          this.#expect = Expect.Extension;
          break;
        }
        case Expect.Extension: {
          const skipped = Math.min(this.#remaining, end - at);
          at += skipped;
          this.#remaining -= skipped;
          if (this.#remaining === 0) this.#expect = Expect.Row;
          break;
        }
        case Expect.Row: {
          at = this.#take(chunk, at, 2);
          if (at < 0) return;
          const fields = this.#item.readInt16BE(this.#itemAt);
          if (fields === -1) {
            this.#expect = Expect.End;
            return;
          }
          if (fields !== this.#types.length) throw new Error(`a binary COPY row of ${fields} fields where ${this.#types.length} were expected`);
          this.#writeByte(0x5b); // [
          this.#field = 0;
          this.#expect = Expect.Length;
          break;
        }
        case Expect.Length: {
          at = this.#take(chunk, at, 4);
          if (at < 0) return;
          const length = this.#item.readInt32BE(this.#itemAt);
          if (this.#field > 0) this.#writeAscii(', ');
          const type = this.#types[this.#field]!;
          if (length === -1) {
            this.#writeAscii('null');
            this.#nextField();
          } else if (type === 'text') {
            this.#writeByte(0x22);
            this.#remaining = length;
            this.#expect = Expect.Text;
            if (length === 0) this.#endText();
          } else if (type === 'jsonb') {
            if (length < 2) throw new Error('a jsonb value without its text in a binary COPY');
            this.#remaining = length - 1;
            this.#expect = Expect.JsonbVersion;
          } else {
            const size = type === 'int4' ? 4 : 8;
            if (length !== size) throw new Error(`a ${type} value of ${length} bytes in a binary COPY`);
            this.#expect = type === 'int4' ? Expect.Int4 : Expect.Timestamp;
          }
          break;
        }
        case Expect.Int4: {
          at = this.#take(chunk, at, 4);
          if (at < 0) return;
          this.#writeAscii(String(this.#item.readInt32BE(this.#itemAt)));
          this.#nextField();
          break;
        }
        case Expect.Timestamp: {
          at = this.#take(chunk, at, 8);
          if (at < 0) return;
          // A part's rows mostly share a few instants (those of the transactions that wrote them).
          const high = this.#item.readInt32BE(this.#itemAt);
          const low = this.#item.readUInt32BE(this.#itemAt + 4);
          if (high !== this.#lastTimestamp.high || low !== this.#lastTimestamp.low) {
            this.#lastTimestamp = { high, low, json: `"${timestampText((BigInt(high) << 32n) | BigInt(low))}"` };
          }
          this.#writeAscii(this.#lastTimestamp.json);
          this.#nextField();
          break;
        }
        case Expect.JsonbVersion: {
          at = this.#take(chunk, at, 1);
          if (at < 0) return;
          if (this.#item[this.#itemAt] !== 1) throw new Error('a jsonb value of an unknown version in a binary COPY');
          this.#expect = Expect.Jsonb;
          break;
        }
        case Expect.Jsonb: {
          const piece = Math.min(this.#remaining, end - at);
          this.#reserve(piece);
          chunk.copy(this.#out, this.#used, at, at + piece);
          this.#used += piece;
          at += piece;
          this.#remaining -= piece;
          if (this.#remaining === 0) this.#nextField();
          break;
        }
        case Expect.Text: {
          const piece = Math.min(this.#remaining, end - at);
          // At most six bytes out for one in (`\u00XX`).
          this.#reserve(6 * piece);
          this.#used = escapeJson(chunk, view, at, at + piece, this.#out, this.#outView, this.#used);
          at += piece;
          this.#remaining -= piece;
          if (this.#remaining === 0) this.#endText();
          break;
        }
        case Expect.End:
          return;
      }
    }
  }

  /**
   * `size` bytes from `chunk` at `at`, with those carried over from the previous chunk: their place
   * in `#item` at `#itemAt`, and where reading goes on; -1 when the chunk ends first (its bytes are carried).
   */
  #take(chunk: Buffer, at: number, size: number): number {
    if (this.#carried === 0 && chunk.length - at >= size) {
      this.#item = chunk;
      this.#itemAt = at;
      return at + size;
    }
    const copied = Math.min(size - this.#carried, chunk.length - at);
    chunk.copy(this.#carry, this.#carried, at, at + copied);
    this.#carried += copied;
    if (this.#carried < size) return -1;
    this.#carried = 0;
    this.#item = this.#carry;
    this.#itemAt = 0;
    return at + copied;
  }

  #endText(): void {
    this.#writeByte(0x22);
    this.#nextField();
  }

  #nextField(): void {
    this.#field += 1;
    if (this.#field < this.#types.length) {
      this.#expect = Expect.Length;
      return;
    }
    this.#writeAscii(']\n');
    this.#lineStart = this.#used;
    this.#expect = Expect.Row;
    if (this.#used < this.#chunkBytes) return;
    this.push(this.#out.subarray(0, this.#used));
    this.#out = Buffer.allocUnsafe(this.#capacity(0));
    this.#outView = viewOf(this.#out);
    this.#used = 0;
    this.#lineStart = 0;
  }

  #writeByte(byte: number): void {
    this.#reserve(1);
    this.#out[this.#used++] = byte;
  }

  /** Writes `text`, ASCII (a character a byte: no call to the encoder for the few of a separator). */
  #writeAscii(text: string): void {
    this.#reserve(text.length);
    const out = this.#out;
    let at = this.#used;
    for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
    this.#used = at;
  }

  /** Room for `bytes` more: when full, the whole lines go out and the line being written moves to a new buffer. */
  #reserve(bytes: number): void {
    if (this.#used + bytes <= this.#out.length) return;
    const line = this.#out.subarray(this.#lineStart, this.#used);
    if (this.#lineStart > 0) this.push(this.#out.subarray(0, this.#lineStart));
    this.#out = Buffer.allocUnsafe(this.#capacity(line.length + bytes));
    this.#outView = viewOf(this.#out);
    this.#used = line.copy(this.#out, 0);
    this.#lineStart = 0;
  }

  /** An output buffer's size: a chunk and room for a row or two past it (a line never goes out in two chunks). */
  #capacity(atLeast: number): number {
    return Math.max(atLeast, this.#chunkBytes + 256 * 1024);
  }
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Writes bytes `from`–`to` of `source` (UTF-8) into `out` at `at` as the inside of a JSON string,
 * as PostgreSQL escapes them (`"`, `\` and the control characters; nothing else); returns where
 * writing stopped. Eight bytes at a time while none needs escaping (`out` has room for the worst case).
 */
function escapeJson(source: Buffer, sourceView: DataView, from: number, to: number, out: Buffer, outView: DataView, at: number): number {
  let i = from;
  const last = to - 8;
  while (i <= last) {
    const a = sourceView.getInt32(i, true);
    const b = sourceView.getInt32(i + 4, true);
    // A byte < 0x20, = 0x22 (") or = 0x5c (\) among the eight sets its high bit (the "has less" and
    // "has zero" tests: https://graphics.stanford.edu/~seander/bithacks.html#HasLessInWord).
    const aq = a ^ 0x22222222;
    const ab = a ^ 0x5c5c5c5c;
    const bq = b ^ 0x22222222;
    const bb = b ^ 0x5c5c5c5c;
    const found =
      (((a - 0x20202020) | 0) & ~a) | (((aq - 0x01010101) | 0) & ~aq) | (((ab - 0x01010101) | 0) & ~ab) |
      (((b - 0x20202020) | 0) & ~b) | (((bq - 0x01010101) | 0) & ~bq) | (((bb - 0x01010101) | 0) & ~bb);
    if ((found & 0x80808080) === 0) {
      outView.setInt32(at, a, true);
      outView.setInt32(at + 4, b, true);
      at += 8;
      i += 8;
      continue;
    }
    for (const stop = i + 8; i < stop; i++) at = escapeByte(source[i]!, out, at);
  }
  for (; i < to; i++) at = escapeByte(source[i]!, out, at);
  return at;
}

function escapeByte(byte: number, out: Buffer, at: number): number {
  if (byte >= 0x20 && byte !== 0x22 && byte !== 0x5c) {
    out[at] = byte;
    return at + 1;
  }
  out[at] = 0x5c;
  const letter = SHORT_ESCAPE[byte]!;
  if (letter !== 0) {
    out[at + 1] = letter;
    return at + 2;
  }
  out[at + 1] = 0x75; // u
  out[at + 2] = 0x30;
  out[at + 3] = 0x30;
  out[at + 4] = HEX[byte >> 4]!;
  out[at + 5] = HEX[byte & 15]!;
  return at + 6;
}

/**
 * A timestamptz (microseconds since 2000-01-01 UTC) as `to_json` writes it in UTC:
 * `2026-12-05T08:14:48.336342+00:00`, trailing zeros of the fraction dropped, `infinity` as such.
 */
export function timestampText(microseconds: bigint): string {
  if (microseconds === INFINITY) return 'infinity';
  if (microseconds === -INFINITY - 1n) return '-infinity';
  const fraction = Number(((microseconds % 1_000_000n) + 1_000_000n) % 1_000_000n);
  const date = new Date(POSTGRES_EPOCH_MS + Number((microseconds - BigInt(fraction)) / 1000n));
  const year = date.getUTCFullYear();
  // Beyond ISO 8601's four-digit years PostgreSQL writes what the file format does not take.
  if (year < 1 || year > 9999) throw new RangeError(`a timestamp of year ${year} in a binary COPY`);
  const seconds = date.toISOString().slice(0, 19);
  return fraction === 0 ? `${seconds}+00:00` : `${seconds}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}+00:00`;
}
