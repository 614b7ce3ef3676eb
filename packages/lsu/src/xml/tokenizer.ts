/**
 * Streaming XML tokenizer working on bytes.
 *
 * Why not a SAX library: on a 153 MB collège file, saxes (decoding every chunk to a JS string and
 * walking it char by char) needs 1.6 s for bare parsing, while `xmllint --stream --schema` needs
 * 3.2 s for the whole check and our budget is half of that. This tokenizer scans Uint8Array chunks
 * with lookup tables, decodes only names (interned) and the values the validator asks for, counts
 * lines as it goes and computes columns only at token starts.
 *
 * A token cut by a chunk boundary is re-scanned from its start once more bytes arrive (tokens are
 * small; a single token over MAX_TOKEN_BYTES is refused). Fatal well-formedness errors stop the
 * scan: XML forbids recovering from them.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { AMP, APOS, ATTR_PLAIN, ATTR_SINGLE_BYTE, ATTR_UTF8, BANG, CR, EQ, GT, LF, LT, NAME_CHAR, NAME_START, QMARK, QUOT, SLASH, TAB, TEXT_PLAIN, TEXT_SINGLE_BYTE, TEXT_UTF8, SPACE } from './byte-classes.ts';
import { decodeRange, isUnassignedByte, readProlog, type Encoding } from './encoding.ts';
import { decodeSpecial, checkReference } from './references.ts';

export const MAX_TOKEN_BYTES = 16 * 1024 * 1024;

/** What the sink needs of the character data of the current element. */
export const enum TextNeed {
  /** Only whether it is blank. */
  None = 0,
  /** Its length in characters and whether it is blank (`textChars`), decoded only if it holds references or CR. */
  Summary = 1,
  /** The decoded string. */
  String = 2,
  /** Whether there is any text at all, even blank (element with empty content). */
  Presence = 3,
}

/** Receives the tokens. Fields of the tokenizer are valid only during the call. */
export interface XmlSink {
  textNeed: TextNeed;
  startElement(tok: XmlTokenizer): void;
  endElement(tok: XmlTokenizer): void;
  /**
   * Character data inside an element; `value` is null unless decoded (see `textNeed`). Blank text
   * is not reported when `textNeed` is None.
   */
  text(tok: XmlTokenizer, value: string | null, nonBlank: boolean): void;
  fatal(code: string, line: number, column: number, params: Record<string, string | number>): void;
}

const INTERN_SLOTS = 2048;

/**
 * Node's Buffer has had these since its beginnings; `toString(encoding, start, end)` reaches them
 * after argument checks that cost a third of the time on the millions of short values of a file.
 */
interface FastSlices {
  latin1Slice(start: number, end: number): string;
}
/** U+FFFE and U+FFFF are valid UTF-8 but not XML characters. */
const NON_CHARACTERS = [Buffer.from([0xef, 0xbf, 0xbe]), Buffer.from([0xef, 0xbf, 0xbf])];

export class XmlTokenizer {
  /** Current token: element name, attributes, position. */
  name = '';
  attrCount = 0;
  readonly attrNames: string[] = [];
  readonly attrValues: string[] = [];
  line = 1;
  column = 1;
  selfClosing = false;
  depth = 0;
  encoding: Encoding = 'utf-8';
  stopped = false;
  /** Characters in the last character-data token (valid when it was not decoded). */
  textChars = 0;
  /** Whether the last character-data token was a CDATA section. */
  cdata = false;

  private buf: Buffer = Buffer.alloc(0);
  private base = 0;
  private pending: Buffer | null = null;
  private started = false;
  /** The first bytes, kept until there are enough to read the prolog. */
  private head: Buffer | null = null;
  private transcoder: TextDecoder | null = null;
  private docStart = 0;
  private rootClosed = false;
  private rootSeen = false;
  private readonly open: string[] = [];
  // Line tracking: `lineStart` is the absolute offset of the current line, `cont` the number of
  // UTF-8 continuation bytes seen on it (columns count characters, not bytes).
  private curLine = 1;
  private lineStart = 0;
  private cont = 0;
  /** Continuation bytes seen in the whole file, to count the characters of a text token. */
  private contTotal = 0;
  /** Whether the current buffer was checked at once (valid UTF-8, or an encoding where any byte is). */
  private trusted = false;
  private textTable = TEXT_PLAIN;
  private attrTable = ATTR_PLAIN;
  private hash = 0;
  private ascii = true;
  private special = false;
  private readonly interned: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS);
  private readonly internedValues: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS);

  constructor(private readonly sink: XmlSink) {}

  /** Absolute number of bytes consumed so far. */
  get offset(): number {
    return this.base;
  }

  /** Feeds the next chunk of the file. */
  feed(chunk: Uint8Array): void {
    if (this.stopped) return;
    let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!this.started) {
      this.head = this.head ? Buffer.concat([this.head, data]) : data;
      if (this.head.length < 512) return;
      data = this.start(this.head);
      this.head = null;
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
  private finishPending(data: Buffer): Buffer {
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
    if (!this.rootSeen) this.fail('xml.no_root', this.base, {});
    else if (!this.rootClosed) this.fail('xml.truncated', this.base, { open: this.open[this.open.length - 1] ?? '' });
  }

  private start(head: Buffer): Buffer {
    this.started = true;
    // UTF-16 is converted to UTF-8 as it arrives, so the scanner only ever sees ASCII-compatible bytes.
    const utf16 = utf16Of(head);
    let data = head;
    if (utf16) {
      this.transcoder = new TextDecoder(utf16, { fatal: true });
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

  private transcode(bytes: Buffer, final: boolean): Buffer {
    try {
      return Buffer.from(this.transcoder!.decode(bytes, { stream: !final }), 'utf8');
    } catch {
      this.fail('xml.encoding_invalid', this.base, { byte: '?', encoding: this.transcoder!.encoding });
      return Buffer.alloc(0);
    }
  }

  private run(data: Buffer, final: boolean): void {
    this.trusted = this.encoding === 'utf-8'
      ? isUtf8(data.subarray(0, final ? data.length : completeUtf8End(data))) && data.indexOf(NON_CHARACTERS[0]!) < 0 && data.indexOf(NON_CHARACTERS[1]!) < 0
      : this.encoding === 'iso-8859-1' || this.encoding === 'iso-8859-15';
    const utf8 = this.encoding === 'utf-8';
    this.textTable = !this.trusted ? TEXT_PLAIN : utf8 ? TEXT_UTF8 : TEXT_SINGLE_BYTE;
    this.attrTable = !this.trusted ? ATTR_PLAIN : utf8 ? ATTR_UTF8 : ATTR_SINGLE_BYTE;
    const consumed = this.scan(data, final);
    if (this.stopped) return;
    if (consumed < data.length) {
      if (data.length - consumed > MAX_TOKEN_BYTES) {
        this.fail('xml.token_too_long', this.base + consumed, { max: MAX_TOKEN_BYTES });
        return;
      }
      this.pending = data.subarray(consumed);
    }
    this.base += consumed;
  }

  private scan(buf: Buffer, final: boolean): number {
    this.buf = buf;
    const end = buf.length;
    let p = 0;
    while (p < end && !this.stopped) {
      const line = this.curLine;
      const lineStart = this.lineStart;
      const cont = this.cont;
      const contTotal = this.contTotal;
      const next = buf[p] === LT ? this.markup(p, end, final) : this.charData(p, end, final);
      if (next < 0) {
        // Cut by the end of the buffer: forget what the partial token counted, retry later.
        this.curLine = line;
        this.lineStart = lineStart;
        this.cont = cont;
        this.contTotal = contTotal;
        if (final && !this.stopped) this.fail('xml.truncated', this.base + p, { open: this.open[this.open.length - 1] ?? '' });
        return p;
      }
      p = next;
    }
    return p;
  }

  /** Sets `line`/`column` to the position of byte `i` of the current buffer. */
  private mark(i: number): void {
    this.line = this.curLine;
    this.column = this.base + i - this.lineStart - this.cont + 1;
  }

  private newline(i: number): void {
    this.curLine++;
    this.lineStart = this.base + i + 1;
    this.cont = 0;
  }

  /** Handles CR at `i`: a lone CR ends a line; CR LF counts once (at the LF). Returns -1 if undecidable. */
  private carriageReturn(i: number, end: number, final: boolean): number {
    if (i + 1 >= end) return final ? (this.newline(i), 0) : -1;
    if (this.buf[i + 1] !== LF) this.newline(i);
    return 0;
  }

  /** Validates a non-ASCII sequence starting at `i`; returns the index after it, or -1 if cut. */
  private multibyte(i: number, end: number): number {
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

  private badByte(i: number, b: number): number {
    this.fail('xml.encoding_invalid', this.base + i, { byte: b.toString(16).toUpperCase().padStart(2, '0'), encoding: this.encoding });
    return -1;
  }

  /** Reports a fatal error at absolute offset `abs` (on the current line) and stops. */
  private fail(code: string, abs: number, params: Record<string, string | number>): void {
    if (this.stopped) return;
    this.stopped = true;
    const column = Math.max(1, abs - this.lineStart - this.cont + 1);
    this.sink.fatal(code, this.curLine, column, params);
  }

  private failAt(code: string, i: number, params: Record<string, string | number> = {}): number {
    this.fail(code, this.base + i, params);
    return -1;
  }

  // ---- character data -------------------------------------------------------------------------

  private charData(p: number, end: number, final: boolean): number {
    const buf = this.buf;
    let i = p;
    let nonBlank = false;
    this.special = false;
    this.ascii = true;
    const contStart = this.contTotal;
    this.mark(p);
    this.cdata = false;
    for (; i < end; i++) {
      const b = buf[i]!;
      if (b === SPACE || b === TAB) continue;
      if (b === LF) this.newline(i);
      else if (b === CR) {
        if (this.carriageReturn(i, end, final) < 0) return -1;
        this.special = true;
      } else break;
    }
    if (i < end && buf[i] !== LT) {
      nonBlank = true;
      this.mark(i);
      const table = this.textTable;
      let cont = 0;
      for (; i < end; i++) {
        const b = buf[i]!;
        const c = table[b];
        if (c === 1) continue;
        if (c === 2) {
          cont++;
          continue;
        }
        if (cont > 0) {
          this.cont += cont;
          this.contTotal += cont;
          cont = 0;
        }
        if (b === LT) break;
        if (b === LF) this.newline(i);
        else if (b === AMP) {
          const after = checkReference(buf, i, end);
          if (after === -1) return -1;
          if (after < -1) return this.failAt('xml.reference_invalid', i, { found: refSnippet(buf, i, end) });
          this.special = true;
          i = after - 1;
        } else if (b === CR) {
          if (this.carriageReturn(i, end, final) < 0) return -1;
          this.special = true;
        } else if (b === GT) {
          if (i >= p + 2 && buf[i - 1] === 0x5d && buf[i - 2] === 0x5d) return this.failAt('xml.cdata_end_in_text', i);
        } else if (b >= 0x80) {
          const next = this.multibyte(i, end);
          if (next < 0) return -1;
          i = next - 1;
        } else if (b !== TAB) return this.failAt('xml.char_invalid', i, { code: b.toString(16).toUpperCase().padStart(4, '0') });
      }
      this.cont += cont;
      this.contTotal += cont;
    }
    if (i >= end && !final) return -1;
    if (this.depth === 0) {
      if (nonBlank) return this.failAt(this.rootSeen ? 'xml.text_after_root' : 'xml.text_before_root', p);
      return i;
    }
    const need = this.sink.textNeed;
    if (!nonBlank && need === TextNeed.None) return i;
    let value = need === TextNeed.String || (need === TextNeed.Summary && this.special) ? this.decode(p, i, 'text') : null;
    if (nonBlank && this.special && need === TextNeed.None) {
      // Character references may stand for whitespace, which element-only content allows.
      value = this.decode(p, i, 'text');
      nonBlank = /[^ \t\n\r]/.test(value);
      value = null;
    }
    this.textChars = i - p - (this.contTotal - contStart);
    this.sink.text(this, value, nonBlank);
    return i;
  }

  private decode(start: number, end: number, mode: 'text' | 'attr'): string {
    if (!this.special) return decodeRange(this.buf, start, end, this.encoding);
    return decodeSpecial(this.buf, start, end, this.encoding, mode);
  }

  // ---- markup -----------------------------------------------------------------------------------

  private markup(p: number, end: number, final: boolean): number {
    if (p + 1 >= end) return -1;
    const c = this.buf[p + 1]!;
    if (c === SLASH) return this.endTag(p, end);
    if (c === QMARK) return this.processingInstruction(p, end);
    if (c === BANG) return this.bang(p, end, final);
    return this.startTag(p, end);
  }

  /** Scans a name from `i`; returns the index after it, -1 if cut, -2 if there is none. */
  private scanName(i: number, end: number): number {
    const buf = this.buf;
    const first = buf[i];
    if (first === undefined) return -1;
    if (first < 0x80 && NAME_START[first] !== 1) return -2;
    let h = 0;
    this.ascii = true;
    for (; i < end; i++) {
      const b = buf[i]!;
      if (NAME_CHAR[b] === 1) {
        h = (Math.imul(h, 31) + b) | 0;
        continue;
      }
      if (b < 0x80) break;
      const next = this.multibyte(i, end);
      if (next < 0) return -1;
      i = next - 1;
    }
    if (i >= end) return -1;
    this.hash = h;
    return i;
  }

  /** Returns the string for bytes [start, end) of a name just scanned, reusing earlier strings. */
  private intern(start: number, end: number, table: (string | undefined)[]): string {
    const buf = this.buf;
    if (!this.ascii) return decodeRange(buf, start, end, this.encoding);
    const slot = (this.hash ^ (this.hash >>> 11) ^ (end - start)) & (INTERN_SLOTS - 1);
    const known = table[slot];
    if (known !== undefined && known.length === end - start) {
      let same = true;
      for (let k = 0; k < known.length; k++) {
        if (known.charCodeAt(k) !== buf[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    const fresh = (buf as unknown as FastSlices).latin1Slice(start, end);
    table[slot] = fresh;
    return fresh;
  }

  private skipSpace(i: number, end: number, final: boolean): number {
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

  private startTag(p: number, end: number): number {
    const buf = this.buf;
    if (this.rootClosed) return this.failAt('xml.second_root', p);
    this.mark(p);
    const line = this.line;
    const column = this.column;
    const nameEnd = this.scanName(p + 1, end);
    if (nameEnd === -1) return -1;
    if (nameEnd === -2) return this.failAt('xml.name_invalid', p + 1, { found: refSnippet(buf, p + 1, end) });
    const name = this.intern(p + 1, nameEnd, this.interned);
    let count = 0;
    let i = nameEnd;
    let selfClosing = false;
    for (;;) {
      const before = i;
      // Usual case: one space before the next attribute name.
      if (i + 1 < end && buf[i] === SPACE && NAME_START[buf[i + 1]!] === 1) i++;
      else {
        i = this.skipSpace(i, end, false);
        if (i < 0) return -1;
      }
      const b = buf[i]!;
      if (b === GT) {
        i++;
        break;
      }
      if (b === SLASH) {
        if (i + 1 >= end) return -1;
        if (buf[i + 1] !== GT) return this.failAt('xml.tag_malformed', i, { name });
        selfClosing = true;
        i += 2;
        break;
      }
      if (i === before) return this.failAt('xml.tag_malformed', i, { name });
      const attrEnd = this.scanName(i, end);
      if (attrEnd === -1) return -1;
      if (attrEnd === -2) return this.failAt('xml.tag_malformed', i, { name });
      const attrName = this.intern(i, attrEnd, this.interned);
      if (buf[attrEnd] === EQ && (buf[attrEnd + 1] === QUOT || buf[attrEnd + 1] === APOS)) i = attrEnd + 1;
      else {
        i = this.skipSpace(attrEnd, end, false);
        if (i < 0) return -1;
        if (buf[i] !== EQ) return this.failAt('xml.attribute_malformed', i, { name: attrName });
        i = this.skipSpace(i + 1, end, false);
        if (i < 0) return -1;
      }
      const quote = buf[i];
      if (quote !== QUOT && quote !== APOS) return this.failAt('xml.attribute_malformed', i, { name: attrName });
      const valueEnd = this.scanAttrValue(i + 1, end, quote);
      if (valueEnd < 0) return -1;
      for (let k = 0; k < count; k++) {
        if (this.attrNames[k] === attrName) return this.failAt('xml.attribute_duplicate', i, { name: attrName });
      }
      this.attrNames[count] = attrName;
      this.attrValues[count] = this.attrValue(i + 1, valueEnd);
      count++;
      i = valueEnd + 1;
    }
    this.name = name;
    this.attrCount = count;
    this.selfClosing = selfClosing;
    this.line = line;
    this.column = column;
    this.rootSeen = true;
    this.depth++;
    this.open.push(name);
    this.sink.startElement(this);
    if (selfClosing) this.closeElement();
    return i;
  }

  /** The value just scanned by scanAttrValue (which left its hash in `hash`). */
  private attrValue(start: number, end: number): string {
    if (this.special || !this.ascii || end - start > 24) return this.decode(start, end, 'attr');
    return this.intern(start, end, this.internedValues);
  }

  private scanAttrValue(i: number, end: number, quote: number): number {
    const buf = this.buf;
    const table = this.attrTable;
    this.special = false;
    this.ascii = true;
    let h = 0;
    for (; i < end; i++) {
      const b = buf[i]!;
      const c = table[b];
      if (c === 1) {
        h = (Math.imul(h, 31) + b) | 0;
        continue;
      }
      if (c === 2) {
        this.cont++;
        this.contTotal++;
        continue;
      }
      if (c === 3) {
        this.ascii = false;
        continue;
      }
      if (b === quote) {
        this.hash = h;
        return i;
      }
      if (b === QUOT || b === APOS) {
        h = (Math.imul(h, 31) + b) | 0;
        continue;
      }
      if (b === LT) return this.failAt('xml.attribute_lt', i);
      if (b === AMP) {
        const after = checkReference(buf, i, end);
        if (after === -1) return -1;
        if (after < -1) return this.failAt('xml.reference_invalid', i, { found: refSnippet(buf, i, end) });
        i = after - 1;
      } else if (b === LF) this.newline(i);
      else if (b === CR) {
        if (this.carriageReturn(i, end, false) < 0) return -1;
      } else if (b >= 0x80) {
        const next = this.multibyte(i, end);
        if (next < 0) return -1;
        i = next - 1;
        continue;
      } else if (b !== TAB) return this.failAt('xml.char_invalid', i, { code: b.toString(16).toUpperCase().padStart(4, '0') });
      this.special = true;
    }
    return -1;
  }

  private endTag(p: number, end: number): number {
    this.mark(p);
    const expected = this.open[this.open.length - 1];
    // Usual case: the end tag repeats the open element's name; compare bytes, no hashing.
    if (expected !== undefined) {
      const buf = this.buf;
      const n = expected.length;
      const close = p + 2 + n;
      if (close < end && buf[close] === GT) {
        let same = true;
        for (let k = 0; k < n; k++) {
          if (buf[p + 2 + k] !== expected.charCodeAt(k)) {
            same = false;
            break;
          }
        }
        if (same) {
          this.name = expected;
          this.closeElement();
          return close + 1;
        }
      }
    }
    const nameEnd = this.scanName(p + 2, end);
    if (nameEnd === -1) return -1;
    if (nameEnd === -2) return this.failAt('xml.name_invalid', p + 2, { found: refSnippet(this.buf, p + 2, end) });
    const name = this.intern(p + 2, nameEnd, this.interned);
    const i = this.skipSpace(nameEnd, end, false);
    if (i < 0) return -1;
    if (this.buf[i] !== GT) return this.failAt('xml.tag_malformed', i, { name });
    if (expected === undefined) return this.failAt('xml.end_tag_unexpected', p, { name });
    if (expected !== name) return this.failAt('xml.tag_mismatch', p, { name, expected });
    this.name = name;
    this.closeElement();
    return i + 1;
  }

  private closeElement(): void {
    this.open.pop();
    this.depth--;
    if (this.depth === 0) this.rootClosed = true;
    this.sink.endElement(this);
  }

  /** Finds `terminator` from `i`, checking characters and counting lines; -1 if cut. */
  private scanUntil(i: number, end: number, terminator: string, final: boolean): number {
    const buf = this.buf;
    const t0 = terminator.charCodeAt(0);
    for (; i < end; i++) {
      const b = buf[i]!;
      if (b === t0) {
        if (i + terminator.length > end) return -1;
        let hit = true;
        for (let k = 1; k < terminator.length; k++) if (buf[i + k] !== terminator.charCodeAt(k)) hit = false;
        if (hit) return i;
      } else if (b === LF) this.newline(i);
      else if (b === CR) {
        if (this.carriageReturn(i, end, final) < 0) return -1;
        this.special = true;
      } else if (b >= 0x80) {
        const next = this.multibyte(i, end);
        if (next < 0) return -1;
        i = next - 1;
      } else if (b < 0x20 && b !== TAB) return this.failAt('xml.char_invalid', i, { code: b.toString(16).toUpperCase().padStart(4, '0') });
    }
    return -1;
  }

  private processingInstruction(p: number, end: number): number {
    const stop = this.scanUntil(p + 2, end, '?>', false);
    if (stop < 0) return -1;
    const head = this.buf.toString('latin1', p + 2, Math.min(stop, p + 200));
    const target = /^[A-Za-z_:\u0080-\u00ff][A-Za-z0-9._:\-\u0080-\u00ff]*/.exec(head)?.[0];
    if (target === undefined) return this.failAt('xml.name_invalid', p + 2, { found: head.slice(0, 12) });
    const after = head.charCodeAt(target.length);
    const isXml = target.toLowerCase() === 'xml';
    if (!Number.isNaN(after) && after !== SPACE && after !== TAB && after !== LF && after !== CR) {
      return this.failAt(this.base + p === this.docStart && target.toLowerCase().startsWith('xml') ? 'xml.declaration_invalid' : 'xml.pi_malformed', p);
    }
    if (isXml) {
      if (this.base + p !== this.docStart) return this.failAt('xml.declaration_misplaced', p);
      const decl = this.buf.toString('latin1', p, stop + 2);
      if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/.test(decl)) {
        return this.failAt('xml.declaration_invalid', p);
      }
    }
    return stop + 2;
  }

  private bang(p: number, end: number, final: boolean): number {
    const buf = this.buf;
    if (p + 4 > end) return -1;
    if (buf[p + 2] === 0x2d && buf[p + 3] === 0x2d) {
      const stop = this.scanUntil(p + 4, end, '--', final);
      if (stop < 0) return -1;
      if (stop + 2 >= end) return -1;
      if (buf[stop + 2] !== GT) return this.failAt('xml.comment_double_hyphen', stop);
      return stop + 3;
    }
    if (p + 9 > end) return -1;
    const word = buf.toString('latin1', p + 2, p + 9);
    if (word === 'DOCTYPE') return this.failAt('xml.doctype_forbidden', p);
    if (word === '[CDATA[') {
      if (this.depth === 0) return this.failAt('xml.text_before_root', p);
      this.special = false;
      this.ascii = true;
      this.mark(p);
      const line = this.line;
      const column = this.column;
      const stop = this.scanUntil(p + 9, end, ']]>', final);
      if (stop < 0) return -1;
      let nonBlank = false;
      for (let k = p + 9; k < stop; k++) {
        const b = buf[k]!;
        if (b !== SPACE && b !== TAB && b !== LF && b !== CR) {
          nonBlank = true;
          break;
        }
      }
      this.line = line;
      this.column = column;
      this.cdata = true;
      const value = this.sink.textNeed !== TextNeed.None ? decodeCdata(buf, p + 9, stop, this.encoding, this.special) : null;
      this.sink.text(this, value, nonBlank);
      return stop + 3;
    }
    return this.failAt('xml.markup_invalid', p);
  }
}

/** `utf-16le`/`utf-16be` when the file starts like UTF-16 (BOM, or `<?` in two-byte units). */
function utf16Of(head: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00)) return 'utf-16le';
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f)) return 'utf-16be';
  return undefined;
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

function decodeCdata(buf: Buffer, start: number, end: number, encoding: Encoding, hasCr: boolean): string {
  const text = decodeRange(buf, start, end, encoding);
  return hasCr ? text.replace(/\r\n?/g, '\n') : text;
}

function refSnippet(buf: Buffer, i: number, end: number): string {
  return buf.toString('latin1', i, Math.min(end, i + 12)).split(/[\s<>"']/)[0] ?? '';
}
