import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_BYTES, STORED_FIELD, STORED_RECORD, StoredFingerprints } from './stored-fingerprints.ts';

const fingerprint = () => randomBytes(FINGERPRINT_BYTES).toString('base64url');
/** The four words `find` looks up, from a fingerprint's text. */
const wordsOf = (text: string) => new Uint32Array(new Uint8Array(Buffer.from(text, 'base64url')).buffer);

describe('the stored fingerprints', () => {
  const record = (fields: string[]) => fields.join(STORED_FIELD);
  const [f1, f2] = [fingerprint(), fingerprint()];

  it('reads the stored fingerprints as listed, and drops the whole list when a record does not read', () => {
    const list = [record([f1, 'periodic', 'success', 'p1', 'P1', '6A']), record([f2, 'cycle', 'alert', 'p2', 'cycle-3', '5 B'])].join(STORED_RECORD);
    expect([...StoredFingerprints.read(list)]).toEqual([
      [f1, { kind: 'periodic', status: 'success', pupilId: 'p1', slot: 'P1', classCode: '6A' }],
      [f2, { kind: 'cycle', status: 'alert', pupilId: 'p2', slot: 'cycle-3', classCode: '5 B' }],
    ]);
    expect(StoredFingerprints.read('').size).toBe(0);
    expect(StoredFingerprints.read(`${list}${STORED_RECORD}${fingerprint()}`).size).toBe(0);
    expect(StoredFingerprints.read(record([f1, 'periodic', 'success', 'p1', 'P1', '6A', 'extra'])).size).toBe(0);
    expect(StoredFingerprints.read(record([f1, 'weekly', 'success', 'p1', 'P1', '6A'])).size).toBe(0);
  });

  it('leaves out a fingerprint of another format, which matches no bilan', () => {
    const older = randomBytes(32).toString('base64url');
    // 22 characters whose last one carries bits past the 16 bytes: no fingerprint is written so.
    const overlong = `${f2.slice(0, 21)}B`;
    const list = [older, overlong, 'not a fingerprint', f1].map((f) => record([f, 'periodic', 'success', 'p1', 'P1', '6A'])).join(STORED_RECORD);
    const stored = StoredFingerprints.read(list);
    expect([...stored].map(([f]) => f)).toEqual([f1]);
    expect(stored.find(wordsOf(f1))).toBe(0);
  });

  it('finds each stored bilan by the bytes of its fingerprint, and no other', () => {
    const fingerprints = Array.from({ length: 5_000 }, fingerprint);
    const stored = StoredFingerprints.of(fingerprints.map((f, k) => [f, { kind: k % 2 ? 'cycle' : 'periodic', status: k % 3 ? 'success' : 'alert', pupilId: `p${k}`, slot: `s${k}`, classCode: `c${k % 7}` }]));
    expect(stored.size).toBe(5_000);
    for (const [k, f] of fingerprints.entries()) {
      const found = stored.find(wordsOf(f));
      expect(found).toBe(k);
      expect(stored.entry(found)).toEqual({ kind: k % 2 ? 'cycle' : 'periodic', status: k % 3 ? 'success' : 'alert', pupilId: `p${k}`, slot: `s${k}`, classCode: `c${k % 7}` });
    }
    for (let k = 0; k < 5_000; k += 1) expect(stored.find(wordsOf(fingerprint()))).toBe(-1);
    // The same first word is not enough.
    const near = wordsOf(fingerprints[0]!);
    near[3] = (near[3]! + 1) >>> 0;
    expect(stored.find(near)).toBe(-1);
    expect(StoredFingerprints.none.find(wordsOf(f1))).toBe(-1);
  });

  it('reads the lines COPY writes: each ended by a line break, escapes turned back into their characters', () => {
    const text = `${f1}\tperiodic\tsuccess\tp1\tP1\t6\\tA\\\\B\\nC\\rD\\bE\\fF\\vG\\zH\n${f2}\tcycle\talert\tp2\tcycle-3\t5 B\n`;
    expect([...StoredFingerprints.read(text)]).toEqual([
      [f1, { kind: 'periodic', status: 'success', pupilId: 'p1', slot: 'P1', classCode: '6\tA\\B\nC\rD\bE\fF\vGzH' }],
      [f2, { kind: 'cycle', status: 'alert', pupilId: 'p2', slot: 'cycle-3', classCode: '5 B' }],
    ]);
    // Written back as COPY writes it, read the same.
    expect([...StoredFingerprints.of(StoredFingerprints.read(text))]).toEqual([...StoredFingerprints.read(text)]);
  });
});
