import { describe, expect, it } from 'vitest';
import { readStoredFingerprints, STORED_FIELD, STORED_RECORD } from './stored-fingerprints.ts';

describe('the stored fingerprints', () => {
  it('reads the stored fingerprints as listed, and drops the whole list when a record does not read', () => {
    const record = (fields: string[]) => fields.join(STORED_FIELD);
    const list = [record(['f1', 'periodic', 'success', 'p1', 'P1', '6A']), record(['f2', 'cycle', 'alert', 'p2', 'cycle-3', '5 B'])].join(STORED_RECORD);
    expect([...readStoredFingerprints(list)]).toEqual([
      ['f1', { kind: 'periodic', status: 'success', pupilId: 'p1', slot: 'P1', classCode: '6A' }],
      ['f2', { kind: 'cycle', status: 'alert', pupilId: 'p2', slot: 'cycle-3', classCode: '5 B' }],
    ]);
    expect(readStoredFingerprints('').size).toBe(0);
    expect(readStoredFingerprints(`${list}${STORED_RECORD}f3`).size).toBe(0);
    expect(readStoredFingerprints(record(['f1', 'periodic', 'success', 'p1', 'P1', '6A', 'extra'])).size).toBe(0);
    expect(readStoredFingerprints(record(['f1', 'weekly', 'success', 'p1', 'P1', '6A'])).size).toBe(0);
  });

  it('reads the lines COPY writes: each ended by a line break, escapes turned back into their characters', () => {
    const text = 'f1\tperiodic\tsuccess\tp1\tP1\t6\\tA\\\\B\\nC\\rD\\bE\\fF\\vG\\zH\nf2\tcycle\talert\tp2\tcycle-3\t5 B\n';
    expect([...readStoredFingerprints(text)]).toEqual([
      ['f1', { kind: 'periodic', status: 'success', pupilId: 'p1', slot: 'P1', classCode: '6\tA\\B\nC\rD\bE\fF\vGzH' }],
      ['f2', { kind: 'cycle', status: 'alert', pupilId: 'p2', slot: 'cycle-3', classCode: '5 B' }],
    ]);
  });
});
