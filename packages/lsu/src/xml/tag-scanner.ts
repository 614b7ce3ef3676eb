/**
 * Start and end tags: names (interned, so the validator compares and looks them up cheaply),
 * attributes and their values, and the stack of open elements.
 */
import type { Buffer } from 'node:buffer';
import { AMP, APOS, CR, EQ, GT, LF, LT, NAME_CHAR, NAME_START, QUOT, SLASH, SPACE, TAB } from './byte-classes.ts';
import { ByteInput } from './byte-input.ts';
import { decodeRange } from './encoding.ts';
import { readReference } from './references.ts';
import { INTERN_SLOTS } from './sink.ts';

/** Slots of the table of names (elements and attributes: a file has few). */
const NAME_SLOTS = 2048;

/**
 * Bytes kept per slot of an intern table, beside its string: a name or value is compared with the
 * one in its slot byte by byte on two typed arrays, cheaper than against the string's `charCodeAt`
 * (3-5% of a whole check of the plain bench file). Longer names are not interned (attribute values
 * are interned up to 24 bytes).
 */
const SLOT_BYTES = 32;

/** A table of interned strings: the strings, and their bytes in `SLOT_BYTES` per slot (length in `lengths`, `words` the same bytes). */
interface InternTable {
  strings: string[];
  bytes: Uint8Array;
  words: DataView;
  lengths: Int32Array;
}

function internTable(slots: number): InternTable {
  const bytes = new Uint8Array(slots * SLOT_BYTES);
  return { strings: filled(slots, ''), bytes, words: new DataView(bytes.buffer), lengths: new Int32Array(slots).fill(-1) };
}

/**
 * Whether `length` bytes of `buf` from `i` (read through `words`, a view of the same memory) are
 * those of `table` from `at`: four bytes per comparison, then one. Names and values compared with
 * their slot are 5-24 bytes; byte by byte, these loops were a quarter of the start tags' time.
 */
function sameBytes(buf: Buffer, words: DataView, i: number, table: InternTable, at: number, length: number): boolean {
  const tableWords = table.words;
  let k = 0;
  for (; k + 4 <= length; k += 4) if (words.getInt32(i + k, true) !== tableWords.getInt32(at + k, true)) return false;
  const bytes = table.bytes;
  for (; k < length; k++) if (buf[i + k] !== bytes[at + k]) return false;
  return true;
}


/**
 * Node's Buffer has had these since its beginnings; `toString(encoding, start, end)` reaches them
 * after argument checks that cost a third of the time on the millions of short values of a file.
 */
interface FastSlices {
  latin1Slice(start: number, end: number): string;
}

/** Attributes per start tag the token arrays are made for (they grow past it). */
const ATTRIBUTES = 32;

/** Second layer of the tokenizer: start and end tags, attributes, open elements. */
export abstract class TagScanner extends ByteInput {
  /** Current start or end tag: name, attributes. */
  name = '';
  attrCount = 0;
  readonly attrNames: string[] = filled(ATTRIBUTES, '');
  readonly attrValues: string[] = filled(ATTRIBUTES, '');
  readonly attrSlots: number[] = filled(ATTRIBUTES, -1);
  selfClosing = false;
  depth = 0;
  /** Indexes in `buf` of the current tag's `<` and of the byte after its `>`. */
  protected tagStart = 0;
  protected tagEnd = 0;

  protected rootClosed = false;
  protected rootSeen = false;
  /** Names of the open elements, the innermost at `depth - 1` (entries past it are stale). */
  protected readonly open: string[] = filled(64, '');
  /** Their intern slots (-1 for a name not interned). */
  private readonly openSlots: number[] = filled(64, -1);
  protected hash = 0;
  private readonly interned = internTable(NAME_SLOTS);
  private readonly internedValues = internTable(INTERN_SLOTS);
  /** Slot of the last name interned (-1 when it was not ASCII). */
  private internSlot = -1;
  /**
   * Per element name (by its intern slot, owner beside it): the slots of the attribute names its
   * last start tag had, in order. Files write an element's attributes in the same order every
   * time, so a name is compared once with its guess instead of being hashed, then looked up.
   */
  private readonly attrGuesses: number[][] = filled<number[]>(NAME_SLOTS, []);
  private readonly attrGuessOwners: string[] = filled(NAME_SLOTS, '');

  /** Scans a name from `i`; returns the index after it, -1 if cut, -2 if there is none. */
  protected scanName(i: number, end: number): number {
    const buf = this.buf;
    if (i >= end) return -1;
    const first = buf[i]!;
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
  protected intern(start: number, end: number, table: InternTable): string {
    const buf = this.buf;
    const length = end - start;
    if (!this.ascii || length > SLOT_BYTES) {
      this.internSlot = -1;
      return decodeRange(buf, start, end, this.encoding);
    }
    // Tables have a power of two of slots.
    const slot = (this.hash ^ (this.hash >>> 11) ^ length) & (table.lengths.length - 1);
    this.internSlot = slot;
    const bytes = table.bytes;
    const at = slot * SLOT_BYTES;
    if (table.lengths[slot] === length && sameBytes(buf, this.words, start, table, at, length)) return table.strings[slot]!;
    const fresh = (buf as unknown as FastSlices).latin1Slice(start, end);
    table.strings[slot] = fresh;
    table.lengths[slot] = length;
    for (let k = 0; k < length; k++) bytes[at + k] = buf[start + k]!;
    return fresh;
  }

  protected startTag(p: number, end: number): number {
    const buf = this.buf;
    if (this.rootClosed) return this.failAt('xml.second_root', p);
    this.mark(p);
    const line = this.line;
    const column = this.column;
    const nameEnd = this.scanName(p + 1, end);
    if (nameEnd === -1) return -1;
    if (nameEnd === -2) return this.failAt('xml.name_invalid', p + 1, { found: refSnippet(buf, p + 1, end) });
    const name = this.intern(p + 1, nameEnd, this.interned);
    const nameSlot = this.internSlot;
    let guesses: number[] | undefined;
    if (nameSlot >= 0) {
      if (this.attrGuessOwners[nameSlot] === name) guesses = this.attrGuesses[nameSlot];
      else {
        this.attrGuessOwners[nameSlot] = name;
        this.attrGuesses[nameSlot] = guesses = [];
      }
    }
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
      const guess = guesses !== undefined && count < guesses.length ? guesses[count]! : -1;
      let attrEnd = guess < 0 ? -1 : nameAt(buf, this.words, i, end, this.interned, guess);
      let attrName: string;
      if (attrEnd >= 0) attrName = this.interned.strings[guess]!;
      else {
        attrEnd = this.scanName(i, end);
        if (attrEnd === -1) return -1;
        if (attrEnd === -2) return this.failAt('xml.tag_malformed', i, { name });
        attrName = this.intern(i, attrEnd, this.interned);
        if (guesses) guesses[count] = this.internSlot;
      }
      if (attrEnd + 1 < end && buf[attrEnd] === EQ && (buf[attrEnd + 1] === QUOT || buf[attrEnd + 1] === APOS)) i = attrEnd + 1;
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
      this.attrSlots[count] = this.internSlot;
      count++;
      i = valueEnd + 1;
    }
    this.name = name;
    this.attrCount = count;
    this.selfClosing = selfClosing;
    this.tagStart = p;
    this.tagEnd = i;
    this.line = line;
    this.column = column;
    this.rootSeen = true;
    this.openSlots[this.depth] = nameSlot;
    this.open[this.depth++] = name;
    this.sink.startElement(this);
    if (selfClosing) this.closeElement();
    return i;
  }

  /** The value just scanned by scanAttrValue (which left its hash in `hash`). */
  protected attrValue(start: number, end: number): string {
    if (this.special || !this.ascii || end - start > 24) {
      this.internSlot = -1;
      return this.decode(start, end, 'attr');
    }
    return this.intern(start, end, this.internedValues);
  }

  protected scanAttrValue(i: number, end: number, quote: number): number {
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
        const read = readReference(buf, i, end);
        if (read === -1) return -1;
        if (read < -1) return this.failAt('xml.reference_invalid', i, { found: refSnippet(buf, i, end) });
        i += (read & 15) - 1;
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

  protected endTag(p: number, end: number): number {
    this.mark(p);
    const expected = this.depth > 0 ? this.open[this.depth - 1] : undefined;
    // Usual case: the end tag repeats the open element's name (still in its intern slot); compare bytes, no hashing.
    const slot = this.depth > 0 ? this.openSlots[this.depth - 1]! : -1;
    if (expected !== undefined && slot >= 0 && this.interned.strings[slot] === expected) {
      const close = nameAt(this.buf, this.words, p + 2, end, this.interned, slot);
      if (close >= 0 && this.buf[close] === GT) {
        this.name = expected;
        this.tagEnd = close + 1;
        this.closeElement();
        return close + 1;
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
    this.tagEnd = i + 1;
    this.closeElement();
    return i + 1;
  }

  startCapture(): void {
    this.capture.start(this.base + this.tagStart);
  }

  endCapture(): Uint8Array {
    // UTF-16 is read from a buffer of UTF-8 reused chunk after chunk: never a view of it.
    return this.capture.finish(this.buf, this.base, this.base + this.tagEnd, this.encoding, this.chunksNeverReused && this.transcoder === undefined);
  }

  protected closeElement(): void {
    this.depth--;
    if (this.depth === 0) this.rootClosed = true;
    this.sink.endElement(this);
  }
}

/**
 * An array of `length` copies of `value`: its elements have one kind from the start, so the
 * optimised code that reads it is not thrown away when the first real values are stored.
 */
function filled<T>(length: number, value: T): T[] {
  return new Array<T>(length).fill(value);
}

/** The index after the name interned in `slot` of `table` when the bytes at `i` are that whole name, else -1. */
function nameAt(buf: Buffer, words: DataView, i: number, end: number, table: InternTable, slot: number): number {
  const length = table.lengths[slot]!;
  const after = i + length;
  if (length < 0 || after >= end || !sameBytes(buf, words, i, table, slot * SLOT_BYTES, length)) return -1;
  const b = buf[after]!;
  return NAME_CHAR[b] === 1 || b >= 0x80 ? -1 : after;
}

/** A few bytes from `i`, quoted in a message. */
export function refSnippet(buf: Buffer, i: number, end: number): string {
  return buf.toString('latin1', i, Math.min(end, i + 12)).split(/[\s<>"']/)[0] ?? '';
}
