/**
 * The base's stored bilans a re-import compares its own with (decision 0007), as the parse worker
 * reads them from the text `findStoredFingerprints` gives.
 */
import type { BilanKind, BilanStatus } from '@preau/contracts';

/** What the base stores under a fingerprint. */
export interface StoredFingerprint {
  kind: BilanKind;
  /** Its verdict (never `rejected`: rejected bilans are not stored), the same the file's identical bilan would get. */
  status: BilanStatus;
  pupilId: string;
  slot: string;
  /** The class as the stored row names it (`class_code`). */
  classCode: string;
}

/** Separators of the text `findStoredFingerprints` gives (COPY's text format): between the fields of a stored bilan, after each stored bilan. */
export const STORED_FIELD = '\t';
export const STORED_RECORD = '\n';

/** Bytes of a fingerprint (`fingerprintOf`: 128 bits), and characters of its base64url text. */
export const FINGERPRINT_BYTES = 16;
const FINGERPRINT_CHARS = 22;

/** What COPY's text format writes after a backslash, for the character it stands for (any other stands for itself). */
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const unescape = (field: string) => field.replace(/\\([\s\S])/g, (_, c: string) => ESCAPES[c] ?? c);

const TAB = 0x09;
const NEWLINE = 0x0a;
const KINDS: readonly BilanKind[] = ['periodic', 'cycle'];
const STATUSES: readonly BilanStatus[] = ['success', 'alert', 'rejected'];
/** Fields of a record, and the offsets kept per record: its start, the five tabs, its end. */
const FIELDS = 6;
const OFFSETS = FIELDS + 1;
/** The value of each base64url character (-1: not one). */
const BASE64URL = new Int8Array(128).fill(-1);
for (const [value, char] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].entries()) BASE64URL[char.charCodeAt(0)] = value;

/**
 * The stored bilans, found by the 16 bytes of their fingerprint. Built for a re-import's wait: the
 * parse worker reads 35,000 of them while the file's first bilans arrive, and looks each of the
 * file's bilans up. As a `Map` of fingerprint texts to objects they cost that thread 60–90 ms (the
 * text's fields sliced, 35,000 objects and keys hashed, a text made of every bilan's fingerprint
 * to look it up), and their collection as much again; here they are the text itself, a table of
 * offsets into it and an open-addressing table of the fingerprints' bytes, and a bilan's fields are
 * read only when something asks for them.
 */
export class StoredFingerprints {
  static readonly none = new StoredFingerprints('', new Int32Array(0), new Uint32Array(0), new Uint8Array(0), 0);

  private constructor(
    private readonly text: string,
    /** Per record: where it starts, its five tabs and where it ends, in `text`. */
    private readonly offsets: Int32Array,
    /** Per record: its fingerprint's 16 bytes, read as four 32-bit words (as `fingerprintInto` gives them). */
    private readonly words: Uint32Array,
    /** Per record: its kind (low bit) and its status (the bits above). */
    private readonly verdicts: Uint8Array,
    /** Records. */
    readonly size: number,
    /** Open-addressing table of record numbers (-1: free), by the fingerprint's first word. */
    private readonly table = StoredFingerprints.tableOf(words, size),
    private readonly escaped = text.includes('\\'),
  ) {}

  /**
   * Reads the text `findStoredFingerprints` gives (fingerprint, kind, status, pupil, slot, class per
   * line), as it gives it (UTF-8 bytes) or decoded. A line that does not read so (which no stored row
   * can give) leaves nothing stored: the re-import then reads every bilan, slower but never wrong. A
   * fingerprint of another format (22 base64url characters: 128 bits) matches no bilan, and is left out.
   */
  static read(list: string | Uint8Array): StoredFingerprints {
    const text = typeof list === 'string' ? list : Buffer.from(list.buffer, list.byteOffset, list.byteLength).toString('utf8');
    // A record per line (the last one may lack its line break).
    let most = 1;
    for (let at = text.indexOf(STORED_RECORD); at !== -1; at = text.indexOf(STORED_RECORD, at + 1)) most += 1;
    const offsets = new Int32Array(most * OFFSETS);
    const words = new Uint32Array(most * 4);
    const bytes = new Uint8Array(words.buffer);
    const verdicts = new Uint8Array(most);
    let size = 0;
    // Read character by character: a native search per field made six calls per record.
    for (let at = 0; at < text.length; ) {
      const base = size * OFFSETS;
      offsets[base] = at;
      let tabs = 0;
      let end = at;
      for (; end < text.length; end += 1) {
        const char = text.charCodeAt(end);
        if (char === NEWLINE) break;
        if (char === TAB) {
          if (tabs === FIELDS - 1) return StoredFingerprints.none;
          tabs += 1;
          offsets[base + tabs] = end;
        }
      }
      if (tabs !== FIELDS - 1) return StoredFingerprints.none;
      offsets[base + FIELDS] = end;
      const kind = KINDS.indexOf(text.slice(offsets[base + 1]! + 1, offsets[base + 2]) as BilanKind);
      const status = STATUSES.indexOf(text.slice(offsets[base + 2]! + 1, offsets[base + 3]) as BilanStatus);
      if (kind === -1 || status === -1) return StoredFingerprints.none;
      if (decodeFingerprint(text, at, offsets[base + 1]!, bytes, size * FINGERPRINT_BYTES)) {
        verdicts[size] = kind | (status << 1);
        size += 1;
      }
      at = end + 1;
    }
    return size === 0 ? StoredFingerprints.none : new StoredFingerprints(text, offsets, words, verdicts, size);
  }

  /** The same records from fingerprints and what is stored under each (tests, the warm-up's made-up base). */
  static of(entries: Iterable<readonly [string, StoredFingerprint]>): StoredFingerprints {
    const escape = (field: string) => field.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
    const lines = [...entries].map(([fingerprint, s]) => [fingerprint, s.kind, s.status, s.pupilId, s.slot, escape(s.classCode)].join(STORED_FIELD) + STORED_RECORD);
    return StoredFingerprints.read(lines.join(''));
  }

  private static tableOf(words: Uint32Array, size: number): Int32Array {
    let length = 2;
    while (length < size * 2) length *= 2;
    const table = new Int32Array(length).fill(-1);
    const mask = length - 1;
    for (let record = 0; record < size; record += 1) {
      let slot = words[record * 4]! & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = record;
    }
    return table;
  }

  /** The record whose fingerprint is these four words (its 16 bytes, as `fingerprintInto` gives them), or -1. */
  find(fingerprint: Uint32Array): number {
    if (this.size === 0) return -1;
    const { table, words } = this;
    const mask = table.length - 1;
    const w0 = fingerprint[0]!;
    for (let slot = w0 & mask; ; slot = (slot + 1) & mask) {
      const record = table[slot]!;
      if (record === -1) return -1;
      const at = record * 4;
      if (words[at] === w0 && words[at + 1] === fingerprint[1] && words[at + 2] === fingerprint[2] && words[at + 3] === fingerprint[3]) return record;
    }
  }

  kind(record: number): BilanKind {
    return KINDS[this.verdicts[record]! & 1]!;
  }

  status(record: number): BilanStatus {
    return STATUSES[this.verdicts[record]! >> 1]!;
  }

  pupilId(record: number): string {
    return this.field(record, 3);
  }

  slot(record: number): string {
    return this.field(record, 4);
  }

  classCode(record: number): string {
    return this.field(record, 5);
  }

  /** Everything stored under the record. */
  entry(record: number): StoredFingerprint {
    return { kind: this.kind(record), status: this.status(record), pupilId: this.pupilId(record), slot: this.slot(record), classCode: this.classCode(record) };
  }

  /** The records as fingerprint and what is stored under it, in the text's order. */
  *[Symbol.iterator](): IterableIterator<[string, StoredFingerprint]> {
    for (let record = 0; record < this.size; record += 1) {
      const fingerprint = Buffer.from(this.words.buffer, record * FINGERPRINT_BYTES, FINGERPRINT_BYTES).toString('base64url');
      yield [fingerprint, this.entry(record)];
    }
  }

  /** Field `index` (from 0) of the record, its escapes turned back into their characters. */
  private field(record: number, index: number): string {
    const base = record * OFFSETS;
    const value = this.text.slice(index === 0 ? this.offsets[base]! : this.offsets[base + index]! + 1, this.offsets[base + index + 1]);
    // Escapes are rare (a class named with a backslash, a tab or a line break): the fields are read as they are otherwise.
    return this.escaped ? unescape(value) : value;
  }
}

/** Decodes the base64url fingerprint `text[start, end)` into `bytes` at `at`; false when it is not the 22 characters of 16 bytes. */
function decodeFingerprint(text: string, start: number, end: number, bytes: Uint8Array, at: number): boolean {
  if (end - start !== FINGERPRINT_CHARS) return false;
  let written = 0;
  let carry = 0;
  let carryBits = 0;
  for (let k = start; k < end; k += 1) {
    const char = text.charCodeAt(k);
    const value = char < 128 ? BASE64URL[char]! : -1;
    if (value === -1) return false;
    carry = (carry << 6) | value;
    carryBits += 6;
    if (carryBits >= 8) {
      carryBits -= 8;
      bytes[at + written] = (carry >> carryBits) & 0xff;
      carry &= (1 << carryBits) - 1;
      written += 1;
    }
  }
  // 22 characters hold 132 bits: the last four must be zero, as an encoding of 16 bytes leaves them.
  return written === FINGERPRINT_BYTES && carry === 0;
}
