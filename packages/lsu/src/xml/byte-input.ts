/**
 * Byte input of the tokenizer: chunks in, encoding (UTF-16 converted to UTF-8 on the way), tokens
 * cut by a chunk boundary, line and column tracking, UTF-8 checks and fatal errors.
 *
 * A token cut by a chunk boundary is re-scanned from its start once more bytes arrive (tokens are
 * small; a single token over MAX_TOKEN_BYTES is refused). Each chunk is checked as UTF-8 at once
 * (native `isUtf8`), so the scanners only classify bytes with lookup tables.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { ATTR_CP1252, ATTR_PLAIN, ATTR_SINGLE_BYTE, ATTR_UTF8, CR, LF, SPACE, TAB, TEXT_CP1252, TEXT_PLAIN, TEXT_SINGLE_BYTE, TEXT_UTF8 } from './byte-classes.ts';
import { ByteCapture } from './capture.ts';
import { decodeRange, isUnassignedByte, readProlog, type Encoding } from './encoding.ts';
import { decodeSpecial } from './references.ts';
import type { XmlSink } from './sink.ts';
import { Utf16Transcoder, utf16Of } from './utf16.ts';

export const MAX_TOKEN_BYTES = 16 * 1024 * 1024;

/** U+FFFE and U+FFFF (EF BF BE, EF BF BF) are valid UTF-8 but not XML characters. */
const NON_CHARACTER_START = Buffer.from([0xef, 0xbf]);

/** Whether `data` holds U+FFFE or U+FFFF: one native search for their first two bytes, rare in text. */
function hasNonCharacter(data: Buffer): boolean {
  for (let k = data.indexOf(NON_CHARACTER_START); k >= 0; k = data.indexOf(NON_CHARACTER_START, k + 2)) {
    const third = data[k + 2];
    if (third === 0xbe || third === 0xbf) return true;
  }
  return false;
}

/** First layer of the tokenizer: bytes, chunks, encoding, positions, fatal errors. */
export abstract class ByteInput {
  /** Position of the current token (1-based). */
  line = 1;
  column = 1;
  encoding: Encoding = 'utf-8';
  stopped = false;

  protected buf: Buffer = Buffer.alloc(0);
  /** `buf` read four bytes at a time (set with it). */
  protected words: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** Absolute offset of `buf[0]` while it is scanned. */
  protected base = 0;
  protected pending: Buffer | null = null;
  protected started = false;
  /** The first bytes, kept until there are enough to read the prolog. */
  protected head: Buffer | null = null;
  /** The chunks fed are never written again by their owner (`CheckOptions.chunksNeverReused`). */
  chunksNeverReused = false;
  /** Converts the chunks of a UTF-16 file, into `utf8Out` (one buffer for the whole file). */
  protected transcoder: Utf16Transcoder | undefined = undefined;
  private utf8Out: Buffer = Buffer.alloc(0);
  protected docStart = 0;
  // Line tracking: `lineStart` is the absolute offset of the current line, `cont` the number of
  // UTF-8 continuation bytes seen on it (columns count characters, not bytes).
  protected curLine = 1;
  protected lineStart = 0;
  protected cont = 0;
  /**
   * Bytes of the whole file that are not characters of their own (UTF-8 continuation bytes, the
   * rest of a reference, the CR of CR LF), to count the characters of a text token.
   */
  protected contTotal = 0;
  /**
   * Byte classes for the current buffer: tables that let every byte of the encoding through when
   * it was checked at once (valid UTF-8) or cannot be wrong, the plain ones otherwise.
   */
  protected textTable = TEXT_PLAIN;
  protected attrTable = ATTR_PLAIN;
  /** Set by the scanners: the last name or value had non-ASCII bytes / references or CR. */
  protected ascii = true;
  protected special = false;
  /** Bytes of the element being captured (see `TagToken.startCapture`). */
  protected readonly capture = new ByteCapture();

  constructor(protected readonly sink: XmlSink) {}

  /** Scans complete tokens of `buf`; returns where the first incomplete one starts. */
  protected abstract scan(buf: Buffer, final: boolean): number;
  /** End-of-document checks once every byte has been scanned. */
  protected abstract finishDocument(): void;

  /** Absolute number of bytes consumed so far. */
  get offset(): number {
    return this.base;
  }

  /** Feeds the next chunk of the file. */
  feed(chunk: Uint8Array): void {
    if (this.stopped) return;
    let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!this.started) {
      if (this.head || data.length < 512) {
        // Copied: callers may reuse their chunk buffers once `feed` returns.
        this.head = Buffer.concat(this.head ? [this.head, data] : [data]);
        if (this.head.length < 512) return;
        data = this.head;
        this.head = null;
      }
      data = this.start(data);
    } else {
      if (this.transcoder) data = this.transcode(data, false);
      if (this.pending) data = this.finishPending(data);
    }
    if (this.stopped || data.length === 0) return;
    this.run(data, false);
  }

  /**
   * Completes the token cut at the end of the previous chunk by joining it with the start of
   * `data` only (not the whole chunk, which would copy every byte of the file once more).
   * Returns the part of `data` left to scan.
   */
  protected finishPending(data: Buffer): Buffer {
    let take = 4096;
    for (;;) {
      const pending = this.pending!;
      this.pending = null;
      if (take >= data.length) {
        this.run(Buffer.concat([pending, data]), false);
        return Buffer.alloc(0);
      }
      this.run(Buffer.concat([pending, data.subarray(0, take)]), false);
      if (this.stopped) return Buffer.alloc(0);
      const left = this.pending as Buffer | null;
      const usedOfData = take - (left?.length ?? 0);
      if (usedOfData >= 0) {
        this.pending = null;
        return data.subarray(usedOfData);
      }
      // Still inside the cut token: `left` holds its bytes (with those of `data` taken so far).
      this.pending = left!.subarray(0, left!.length - take);
      take *= 4;
    }
  }

  /** Signals the end of the file. */
  end(): void {
    if (this.stopped) return;
    let data: Buffer;
    if (!this.started) data = this.start(this.head ?? Buffer.alloc(0));
    else {
      data = this.pending ?? Buffer.alloc(0);
      if (this.transcoder) data = Buffer.concat([data, this.transcode(Buffer.alloc(0), true)]);
    }
    this.pending = null;
    if (!this.stopped) this.run(data, true);
    if (this.stopped) return;
    this.finishDocument();
  }

  protected start(head: Buffer): Buffer {
    this.started = true;
    // UTF-16 is converted to UTF-8 as it arrives, so the scanner only ever sees ASCII-compatible bytes.
    const utf16 = utf16Of(head);
    let data = head;
    if (utf16) {
      this.transcoder = new Utf16Transcoder(utf16);
      data = this.transcode(head, false);
    }
    const prolog = readProlog(data, utf16);
    this.encoding = prolog.encoding;
    if (prolog.problem) this.fail(prolog.problem.code, 0, { found: prolog.problem.found });
    this.base = prolog.bomLength;
    this.docStart = prolog.bomLength;
    this.lineStart = prolog.bomLength;
    return data.subarray(prolog.bomLength);
  }

  /** The chunk's characters as UTF-8, in a buffer written again for the next chunk (the scan copies what it keeps). */
  protected transcode(bytes: Buffer, final: boolean): Buffer {
    const transcoder = this.transcoder!;
    const size = transcoder.maxOutput(bytes.length);
    if (this.utf8Out.length < size) this.utf8Out = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
    const length = transcoder.convert(bytes, final, this.utf8Out);
    if (length < 0) {
      this.fail('xml.encoding_invalid', this.base, { byte: '?', encoding: transcoder.flavour });
      return Buffer.alloc(0);
    }
    return this.utf8Out.subarray(0, length);
  }

  protected run(data: Buffer, final: boolean): void {
    const encoding = this.encoding;
    if (encoding === 'utf-8') {
      // UTF-8 converted from UTF-16 is valid by construction (the transcoder refuses a lone surrogate).
      const utf8 = this.transcoder !== undefined || isUtf8(data.subarray(0, final ? data.length : completeUtf8End(data)));
      const valid = utf8 && !hasNonCharacter(data);
      this.textTable = valid ? TEXT_UTF8 : TEXT_PLAIN;
      this.attrTable = valid ? ATTR_UTF8 : ATTR_PLAIN;
    } else if (encoding === 'windows-1252') {
      this.textTable = TEXT_CP1252;
      this.attrTable = ATTR_CP1252;
    } else if (encoding === 'us-ascii') {
      this.textTable = TEXT_PLAIN;
      this.attrTable = ATTR_PLAIN;
    } else {
      this.textTable = TEXT_SINGLE_BYTE;
      this.attrTable = ATTR_SINGLE_BYTE;
    }
    const consumed = this.scan(data, final);
    if (this.stopped) return;
    // What was not consumed comes back with the next chunk: it is kept then.
    if (this.capture.active) this.capture.keep(data, this.base, consumed);
    if (consumed < data.length) {
      if (data.length - consumed > MAX_TOKEN_BYTES) {
        this.fail('xml.token_too_long', this.base + consumed, { max: MAX_TOKEN_BYTES });
        return;
      }
      this.pending = Buffer.from(data.subarray(consumed));
    }
    this.base += consumed;
  }

  /** Sets `line`/`column` to the position of byte `i` of the current buffer. */
  protected mark(i: number): void {
    this.line = this.curLine;
    this.column = this.base + i - this.lineStart - this.cont + 1;
  }

  protected newline(i: number): void {
    this.curLine++;
    this.lineStart = this.base + i + 1;
    this.cont = 0;
  }

  /** Handles CR at `i`: a lone CR ends a line; CR LF counts once (at the LF). Returns -1 if undecidable. */
  protected carriageReturn(i: number, end: number, final: boolean): number {
    if (i + 1 >= end) return final ? (this.newline(i), 0) : -1;
    if (this.buf[i + 1] !== LF) this.newline(i);
    return 0;
  }

  /** Validates a non-ASCII sequence starting at `i`; returns the index after it, or -1 if cut. */
  protected multibyte(i: number, end: number): number {
    const buf = this.buf;
    const b = buf[i]!;
    if (this.encoding !== 'utf-8') {
      if (isUnassignedByte(this.encoding, b)) return this.badByte(i, b);
      return i + 1;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return this.badByte(i, b);
    if (i + need >= end) {
      for (let k = i + 1; k < end; k++) if ((buf[k]! & 0xc0) !== 0x80) return this.badByte(i, b);
      return -1;
    }
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k]!;
      if ((c & 0xc0) !== 0x80) return this.badByte(i, b);
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) {
      return this.badByte(i, b);
    }
    this.cont += need;
    this.contTotal += need;
    this.ascii = false;
    return i + need + 1;
  }

  protected badByte(i: number, b: number): number {
    this.fail('xml.encoding_invalid', this.base + i, { byte: b.toString(16).toUpperCase().padStart(2, '0'), encoding: this.encoding });
    return -1;
  }

  /** Reports a fatal error at absolute offset `abs` (on the current line) and stops. */
  protected fail(code: string, abs: number, params: Record<string, string | number>): void {
    if (this.stopped) return;
    this.stopped = true;
    const column = Math.max(1, abs - this.lineStart - this.cont + 1);
    this.sink.fatal(code, this.curLine, column, params);
  }

  /** Reports a fatal error at the position `mark` last recorded, and stops. */
  protected failAtMark(code: string): number {
    if (!this.stopped) {
      this.stopped = true;
      this.sink.fatal(code, this.line, this.column, {});
    }
    return -1;
  }

  protected failAt(code: string, i: number, params: Record<string, string | number> = {}): number {
    this.fail(code, this.base + i, params);
    return -1;
  }

  protected decode(start: number, end: number, mode: 'text' | 'attr'): string {
    if (!this.special) return decodeRange(this.buf, start, end, this.encoding);
    return decodeSpecial(this.buf, start, end, this.encoding, mode);
  }

  protected skipSpace(i: number, end: number, final: boolean): number {
    const buf = this.buf;
    for (; i < end; i++) {
      const b = buf[i]!;
      if (b === SPACE || b === TAB) continue;
      if (b === LF) this.newline(i);
      else if (b === CR) {
        if (this.carriageReturn(i, end, final) < 0) return -1;
      } else return i;
    }
    return -1;
  }

  /**
   * Finds `terminator` from `i`, checking the characters before it and counting lines and
   * characters (CR LF counts once); -1 if cut. One pass with the byte tables: inside comments, PIs
   * and CDATA sections `<`, `&` and `>` are plain characters, and a terminator starts with a byte
   * the tables call plain.
   */
  protected scanUntil(i: number, end: number, terminator: Buffer, final: boolean): number {
    const buf = this.buf;
    const table = this.textTable;
    const t0 = terminator[0]!;
    const n = terminator.length;
    let cont = 0;
    let stop = -1;
    for (; i < end; i++) {
      const b = buf[i]!;
      const c = table[b];
      if (c === 1) {
        if (b !== t0) continue;
        if (i + n > end) break;
        let k = 1;
        while (k < n && buf[i + k] === terminator[k]) k++;
        if (k < n) continue;
        stop = i;
        break;
      }
      if (c === 2) {
        cont++;
        continue;
      }
      if (cont > 0) {
        this.cont += cont;
        this.contTotal += cont;
        cont = 0;
      }
      if (b === LF) this.newline(i);
      else if (b === CR) {
        if (this.carriageReturn(i, end, final) < 0) return -1;
        this.special = true;
        if (buf[i + 1] === LF) this.contTotal++;
      } else if (b >= 0x80) {
        const next = this.multibyte(i, end);
        if (next < 0) return -1;
        i = next - 1;
      } else if (b < 0x20 && b !== TAB) return this.failAt('xml.char_invalid', i, { code: b.toString(16).toUpperCase().padStart(4, '0') });
    }
    this.cont += cont;
    this.contTotal += cont;
    return stop;
  }
}

/** End of the last complete UTF-8 sequence of `data` (a chunk may end inside one). */
function completeUtf8End(data: Buffer): number {
  const n = data.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = data[n - k]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return len > k ? n - k : n;
    }
  }
  return n;
}

