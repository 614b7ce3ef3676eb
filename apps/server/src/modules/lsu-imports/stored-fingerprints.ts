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

/** What COPY's text format writes after a backslash, for the character it stands for (any other stands for itself). */
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const unescape = (field: string) => field.replace(/\\([\s\S])/g, (_, c: string) => ESCAPES[c] ?? c);

/**
 * The stored bilans by fingerprint, from the text `findStoredFingerprints` gives (fingerprint, kind,
 * status, pupil, slot, class per line), as it gives it (UTF-8 bytes) or decoded. A line that does not
 * read so (which no stored row can give) empties the map: the re-import then reads every bilan,
 * slower but never wrong.
 */
export function readStoredFingerprints(list: string | Uint8Array): Map<string, StoredFingerprint> {
  const text = typeof list === 'string' ? list : Buffer.from(list.buffer, list.byteOffset, list.byteLength).toString('utf8');
  const stored = new Map<string, StoredFingerprint>();
  // Escapes are rare (a class named with a backslash, a tab or a line break): the fields are read as they are otherwise.
  const field = text.includes('\\') ? unescape : (value: string) => value;
  // Fields found by their separators and sliced out of the text: no array per record (35,000 of them in a re-import's wait).
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf(STORED_RECORD, at);
    if (end === -1) end = text.length;
    const f1 = text.indexOf(STORED_FIELD, at);
    const f2 = f1 === -1 ? -1 : text.indexOf(STORED_FIELD, f1 + 1);
    const f3 = f2 === -1 ? -1 : text.indexOf(STORED_FIELD, f2 + 1);
    const f4 = f3 === -1 ? -1 : text.indexOf(STORED_FIELD, f3 + 1);
    const f5 = f4 === -1 ? -1 : text.indexOf(STORED_FIELD, f4 + 1);
    if (f5 === -1 || f5 > end) return new Map();
    const extra = text.indexOf(STORED_FIELD, f5 + 1);
    if (extra !== -1 && extra < end) return new Map();
    const kind = text.slice(f1 + 1, f2);
    const status = text.slice(f2 + 1, f3);
    if ((kind !== 'periodic' && kind !== 'cycle') || (status !== 'success' && status !== 'alert' && status !== 'rejected')) return new Map();
    stored.set(field(text.slice(at, f1)), { kind, status, pupilId: field(text.slice(f3 + 1, f4)), slot: field(text.slice(f4 + 1, f5)), classCode: field(text.slice(f5 + 1, end)) });
    at = end + 1;
  }
  return stored;
}
