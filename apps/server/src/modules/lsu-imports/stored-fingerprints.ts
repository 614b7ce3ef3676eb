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

/** Separators of the text `findStoredFingerprints` gives: between the fields of a stored bilan, between two stored bilans. */
export const STORED_FIELD = '\u001f';
export const STORED_RECORD = '\u001e';

/**
 * The stored bilans by fingerprint, from the text `findStoredFingerprints` gives (fingerprint, kind,
 * status, pupil, slot, class per record). A record that does not read so (which no stored row can
 * give) empties the map: the re-import then reads every bilan, slower but never wrong.
 */
export function readStoredFingerprints(text: string): Map<string, StoredFingerprint> {
  const stored = new Map<string, StoredFingerprint>();
  if (text === '') return stored;
  for (const record of text.split(STORED_RECORD)) {
    const fields = record.split(STORED_FIELD);
    const [fingerprint, kind, status, pupilId, slot, classCode] = fields as [string, BilanKind, BilanStatus, string, string, string];
    if (fields.length !== 6 || (kind !== 'periodic' && kind !== 'cycle') || (status !== 'success' && status !== 'alert' && status !== 'rejected')) return new Map();
    stored.set(fingerprint, { kind, status, pupilId, slot, classCode });
  }
  return stored;
}
