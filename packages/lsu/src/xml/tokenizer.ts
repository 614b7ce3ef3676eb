/**
 * Streaming XML tokenizer working on bytes.
 *
 * Why not a SAX library: on a 153 MB collège file, saxes (decoding every chunk to a JS string and
 * walking it char by char) needs 1.6 s for bare parsing, while `xmllint --stream --schema` needs
 * 3.2 s for the whole check and our budget is half of that. This tokenizer scans Uint8Array chunks
 * with lookup tables, decodes only names (interned) and the values the validator asks for, counts
 * lines as it goes and computes columns only at token starts.
 *
 * The work is layered: ByteInput (chunks, encoding, positions) < TagScanner (tags, attributes) <
 * XmlTokenizer (dispatch, character data, comments, CDATA, processing instructions). Fatal
 * well-formedness errors stop the scan: XML forbids recovering from them.
 */
import { Buffer } from 'node:buffer';
import { AMP, BANG, CR, GT, LF, LT, NAME_CHAR, NAME_START, QMARK, SLASH, SPACE, TAB } from './byte-classes.ts';
import { decodeRange, type Encoding } from './encoding.ts';
import { isSpaceCodePoint, readReference } from './references.ts';
import { TextNeed } from './sink.ts';
import { TagScanner, refSnippet } from './tag-scanner.ts';

export { MAX_TOKEN_BYTES } from './byte-input.ts';

const CDATA_START = Buffer.from('[CDATA[');
const DOCTYPE = Buffer.from('DOCTYPE');
const CDATA_END = Buffer.from(']]>');
const COMMENT_END = Buffer.from('--');
const PI_END = Buffer.from('?>');
export { TextNeed, type TagToken, type TextToken, type XmlSink } from './sink.ts';

/** The tokenizer: feed it chunks, then `end()`; tokens go to the sink given to the constructor. */
export class XmlTokenizer extends TagScanner {
  /** Characters in the last character-data token (valid when it was not decoded). */
  textChars = 0;
  /** Whether the last character-data token was a CDATA section. */
  cdata = false;
  /** Whether a reference in the last character-data token stood for CR (which, unlike a written CR, stays one). */
  textCr = false;

  protected finishDocument(): void {
    if (!this.rootSeen) this.fail('xml.no_root', this.base, {});
    else if (!this.rootClosed) this.fail('xml.truncated', this.base, { open: this.depth > 0 ? this.open[this.depth - 1]! : '' });
  }

  protected scan(buf: Buffer, final: boolean): number {
    this.buf = buf;
    this.words = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
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
        if (final && !this.stopped) this.fail('xml.truncated', this.base + p, { open: this.depth > 0 ? this.open[this.depth - 1]! : '' });
        return p;
      }
      p = next;
    }
    return p;
  }

  protected charData(p: number, end: number, final: boolean): number {
    const buf = this.buf;
    let i = p;
    let nonBlank = false;
    this.special = false;
    this.ascii = true;
    this.textCr = false;
    const contStart = this.contTotal;
    this.mark(p);
    this.cdata = false;
    // Leading whitespace, written as such or (inside the root) as references.
    for (; i < end; i++) {
      const b = buf[i]!;
      if (b === SPACE || b === TAB) continue;
      if (b === LF) this.newline(i);
      else if (b === CR) {
        if (this.carriageReturn(i, end, final) < 0) return -1;
        this.special = true;
        if (buf[i + 1] === LF) this.contTotal++;
      } else if (b === AMP && this.depth > 0) {
        const read = readReference(buf, i, end);
        if (read === -1) return -1;
        if (read < -1) return this.failAt('xml.reference_invalid', i, { found: refSnippet(buf, i, end) });
        const cp = read >>> 4;
        if (!isSpaceCodePoint(cp)) break;
        this.special = true;
        if (cp === CR) this.textCr = true;
        this.contTotal += (read & 15) - 1;
        i += (read & 15) - 1;
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
          const read = readReference(buf, i, end);
          if (read === -1) return -1;
          if (read < -1) return this.failAt('xml.reference_invalid', i, { found: refSnippet(buf, i, end) });
          if (read >>> 4 === CR) this.textCr = true;
          this.special = true;
          // A reference is one character: its other bytes do not count.
          this.contTotal += (read & 15) - 1;
          i += (read & 15) - 1;
        } else if (b === CR) {
          if (this.carriageReturn(i, end, final) < 0) return -1;
          this.special = true;
          if (buf[i + 1] === LF) this.contTotal++;
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
      // Reported where the text starts (marked at its first non-blank byte), not where the scan stopped.
      if (nonBlank) return this.failAtMark(this.rootSeen ? 'xml.text_after_root' : 'xml.text_before_root');
      return i;
    }
    const need = this.sink.textNeed;
    if (!nonBlank && need === TextNeed.None) return i;
    // Counted on bytes, whatever the text holds: only a caller that wants the string pays for decoding.
    this.textChars = i - p - (this.contTotal - contStart);
    this.sink.text(this, need === TextNeed.String ? this.decode(p, i, 'text') : null, nonBlank);
    return i;
  }

  protected markup(p: number, end: number, final: boolean): number {
    if (p + 1 >= end) return -1;
    const c = this.buf[p + 1]!;
    if (c === SLASH) return this.endTag(p, end);
    if (c === QMARK) return this.processingInstruction(p, end);
    if (c === BANG) return this.bang(p, end, final);
    return this.startTag(p, end);
  }

  protected processingInstruction(p: number, end: number): number {
    const stop = this.scanUntil(p + 2, end, PI_END, false);
    if (stop < 0) return -1;
    // The target is read on bytes (a file may hold a PI per bilan); only a failure makes strings.
    const buf = this.buf;
    const limit = Math.min(stop, p + 200);
    let k = p + 2;
    const first = buf[k]!;
    if (k >= limit || (first < 0x80 && NAME_START[first] !== 1)) return this.failAt('xml.name_invalid', p + 2, { found: buf.toString('latin1', p + 2, Math.min(limit, p + 14)) });
    for (k++; k < limit && (NAME_CHAR[buf[k]!] === 1 || buf[k]! >= 0x80); k++);
    const startsXml = k - p - 2 >= 3 && (buf[p + 2]! | 0x20) === 0x78 && (buf[p + 3]! | 0x20) === 0x6d && (buf[p + 4]! | 0x20) === 0x6c;
    const isXml = startsXml && k - p - 2 === 3;
    const after = k < limit ? buf[k]! : SPACE;
    if (after !== SPACE && after !== TAB && after !== LF && after !== CR) {
      return this.failAt(this.base + p === this.docStart && startsXml ? 'xml.declaration_invalid' : 'xml.pi_malformed', p);
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

  protected bang(p: number, end: number, final: boolean): number {
    const buf = this.buf;
    if (p + 4 > end) return -1;
    if (buf[p + 2] === 0x2d && buf[p + 3] === 0x2d) {
      const stop = this.scanUntil(p + 4, end, COMMENT_END, final);
      if (stop < 0) return -1;
      if (stop + 2 >= end) return -1;
      if (buf[stop + 2] !== GT) return this.failAt('xml.comment_double_hyphen', stop);
      return stop + 3;
    }
    if (p + 9 > end) return -1;
    if (startsWith(buf, p + 2, DOCTYPE)) return this.failAt('xml.doctype_forbidden', p);
    if (startsWith(buf, p + 2, CDATA_START)) {
      if (this.depth === 0) return this.failAt('xml.text_before_root', p);
      this.special = false;
      this.ascii = true;
      this.mark(p);
      const line = this.line;
      const column = this.column;
      const contStart = this.contTotal;
      const stop = this.scanUntil(p + 9, end, CDATA_END, final);
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
      this.textCr = false;
      this.textChars = stop - p - 9 - (this.contTotal - contStart);
      this.sink.text(this, this.sink.textNeed === TextNeed.String ? decodeCdata(buf, p + 9, stop, this.encoding, this.special) : null, nonBlank);
      return stop + 3;
    }
    return this.failAt('xml.markup_invalid', p);
  }
}

function startsWith(buf: Buffer, i: number, word: Buffer): boolean {
  for (let k = 0; k < word.length; k++) if (buf[i + k] !== word[k]) return false;
  return true;
}

function decodeCdata(buf: Buffer, start: number, end: number, encoding: Encoding, hasCr: boolean): string {
  const text = decodeRange(buf, start, end, encoding);
  return hasCr ? text.replace(/\r\n?/g, '\n') : text;
}

