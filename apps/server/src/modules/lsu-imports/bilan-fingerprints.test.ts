import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBilanScanner, fingerprintOf } from './bilan-fingerprints.ts';
import { StoredFingerprints } from './stored-fingerprints.ts';

const bilan = (pupil: string, text: string) => `<bilan-periodique eleve-ref="${pupil}" periode-ref="P1">\n  <synthese>${text}</synthese>\n</bilan-periodique>`;
const fileOf = (bilans: string[], prologue = '<eleves><eleve id="EL_1"/></eleves>') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<lsun-bilans>\n${prologue}\n<bilans-periodiques>\n${bilans.join('\n')}\n</bilans-periodiques>\n</lsun-bilans>\n`;

/** Runs the scanner over `text` in chunks of `chunk` bytes; returns what the engine would read and each emitted bilan's fingerprint. */
async function scan(text: string, stored = StoredFingerprints.none, chunk = 7) {
  const scanner = createBilanScanner('base', stored);
  const bytes = Buffer.from(text);
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
  }
  const out: Buffer[] = [];
  for await (const piece of scanner.filter(chunks())) out.push(piece);
  const read = Buffer.concat(out).toString();
  const fingerprints: (string | null)[] = [];
  const ordinals: number[] = [];
  for (const [k, match] of [...read.matchAll(/<bilan-periodique[\s\S]*?<\/bilan-periodique>/g)].entries()) {
    const identified = scanner.identify('periodic', k + 1, Buffer.from(match[0]));
    fingerprints.push(identified.fingerprint);
    ordinals.push(identified.ordinal);
  }
  return { read, fingerprints, ordinals, scanner };
}

/** A fingerprint no bilan of these tests has. */
const UNRELATED = `${'x'.repeat(21)}A`;
const storedAs = (fingerprints: (string | null)[]) =>
  StoredFingerprints.of(fingerprints.filter((f): f is string => f !== null).map((f, k) => [f, { kind: 'periodic' as const, status: 'success' as const, pupilId: `p${k}`, slot: 'P1', classCode: '6A' }]));

describe('the bilan scanner', () => {
  it('fingerprints a bilan by its bytes and its context, in 128 bits, whatever its size', () => {
    const context = randomBytes(32);
    const otherContext = Buffer.concat([context.subarray(0, 8), randomBytes(24)]);
    const seen = new Set<string>();
    for (const size of [0, 1, 4_300, 300_000, 10]) {
      const bilanBytes = randomBytes(size);
      const fingerprint = fingerprintOf(context, bilanBytes);
      expect(fingerprint).toMatch(/^[\w-]{22}$/);
      expect(fingerprintOf(context, Buffer.from(bilanBytes))).toBe(fingerprint);
      // Another context (even with the same first word), or one byte more, and it is another fingerprint.
      expect(fingerprintOf(otherContext, bilanBytes)).not.toBe(fingerprint);
      expect(fingerprintOf(context, Buffer.concat([bilanBytes, Buffer.from(' ')]))).not.toBe(fingerprint);
      seen.add(fingerprint);
    }
    expect(seen.size).toBe(5);
  });

  it('hands every byte over and fingerprints each bilan when nothing is stored', async () => {
    const text = fileOf([bilan('EL_1', 'a'), bilan('EL_2', 'b'), bilan('EL_3', 'c')]);
    const { read, fingerprints, ordinals } = await scan(text);
    expect(read).toBe(text);
    expect(fingerprints.every((f) => typeof f === 'string')).toBe(true);
    expect(new Set(fingerprints).size).toBe(3);
    expect(ordinals).toEqual([1, 2, 3]);
    // Nothing stored, the engine's bytes are fingerprinted; something stored, the scanner's: the same fingerprints.
    const scanned = await scan(text, storedAs([UNRELATED]));
    expect(scanned.read).toBe(text);
    expect(scanned.fingerprints).toEqual(fingerprints);
  });

  it('leaves out the stored bilans but the first, keeping the lines and the file ordinals', async () => {
    const bilans = [bilan('EL_1', 'a'), bilan('EL_2', 'b'), bilan('EL_3', 'c'), bilan('EL_4', 'd')];
    const first = await scan(fileOf(bilans));
    const changed = [...bilans];
    changed[2] = bilan('EL_3', 'corrected');
    const again = await scan(fileOf(changed), storedAs(first.fingerprints), 5);
    expect(again.scanner.skipped).toEqual({ periodic: 2, cycle: 0 });
    expect(again.read.split('\n')).toHaveLength(fileOf(changed).split('\n').length);
    expect(again.read).toContain('corrected');
    expect(again.read).not.toContain('EL_2');
    // Read: the first bilan (kept so the list is never empty) and the corrected third.
    expect(again.ordinals).toEqual([1, 3]);
    expect(again.fingerprints[0]).toBe(first.fingerprints[0]);
    expect(again.fingerprints[1]).not.toBe(first.fingerprints[2]);
  });

  it('keeps the lines of the bilans left out whatever ends them: line feeds, carriage returns, or both', async () => {
    // As XML counts lines: CR LF is one line end, a CR alone is one.
    const lineEnds = (text: string) => text.split(/\r\n|\r|\n/).length - 1;
    const bilans = [bilan('EL_1', 'a'), bilan('EL_2', 'b\r\nc'), bilan('EL_3', 'd\re'), bilan('EL_4', 'f')].map((b) => b.replace('\n  ', '\r  '));
    const text = fileOf(bilans).replaceAll('\n</bilan', '\r\n</bilan');
    const first = await scan(text);
    for (const chunk of [5, 1024 * 1024]) {
      const again = await scan(text, storedAs(first.fingerprints), chunk);
      expect(again.scanner.skipped.periodic).toBe(3);
      expect(lineEnds(again.read)).toBe(lineEnds(text));
    }
  });

  it('fingerprints a bilan with the declarations before it: another prologue matches nothing', async () => {
    const bilans = [bilan('EL_1', 'a'), bilan('EL_2', 'b')];
    const first = await scan(fileOf(bilans));
    const other = await scan(fileOf(bilans, '<eleves><eleve id="EL_1" code-division="5B"/></eleves>'), storedAs(first.fingerprints));
    expect(other.scanner.skipped.periodic).toBe(0);
    expect(other.fingerprints[1]).not.toBe(first.fingerprints[1]);
  });

  it('reads the same whatever the chunks, bilans cut by chunk ends and bilans longer than a chunk included', async () => {
    const bilans = Array.from({ length: 120 }, (_, k) => bilan(`EL_${k}`, (k % 40 === 7 ? 'long '.repeat(10_000) : 'texte ').repeat(k % 5 === 0 ? 300 : 3)));
    const text = fileOf(bilans);
    const first = await scan(text, StoredFingerprints.none, 997);
    expect(first.read).toBe(text);
    const changed = bilans.map((b, k) => (k % 3 === 0 ? b.replace('texte', 'corrigé') : b));
    const stored = storedAs(first.fingerprints);
    const reference = await scan(fileOf(changed), stored, 997);
    expect(reference.scanner.skipped.periodic).toBeGreaterThan(50);
    for (const chunk of [4096, 70_000, 100_003, 1024 * 1024]) {
      const whole = await scan(text, StoredFingerprints.none, chunk);
      expect(whole.read).toBe(text);
      expect(whole.fingerprints).toEqual(first.fingerprints);
      const again = await scan(fileOf(changed), stored, chunk);
      expect(again.read).toBe(reference.read);
      expect(again.fingerprints).toEqual(reference.fingerprints);
      expect(again.ordinals).toEqual(reference.ordinals);
    }
  });

  it('fingerprints a bilan whose text holds ! and ?, but not one holding markup read two ways or another bilan tag', async () => {
    const text = fileOf([bilan('EL_1', 'Bravo ! Des questions ? Oui.'), bilan('EL_2', 'b')]);
    const { fingerprints } = await scan(text, StoredFingerprints.none, 5);
    expect(fingerprints.every((f) => typeof f === 'string')).toBe(true);
    // In 5-byte chunks, and in one chunk holding every bilan.
    for (const [inside, chunk] of ['<?pi x?>', '<![CDATA[a]]>', '<!-- a -->', '<bilan-periodique eleve-ref="EL_9" periode-ref="P1"/>', '<bilan-cycle/>'].flatMap((odd) => [5, 1024 * 1024].map((size) => [odd, size] as const))) {
      const odd = fileOf([bilan('EL_1', 'Bravo ! Des questions ?'), bilan('EL_2', `x${inside}y`), bilan('EL_3', 'c')]);
      // Something stored (matching nothing): the scanner delimits the bilans, and gives up at the odd one.
      const scanned = await scan(odd, storedAs([UNRELATED]), chunk);
      expect(scanned.fingerprints[0]).toEqual(expect.any(String));
      expect(scanned.fingerprints.slice(1)).toEqual([null, null]);
      // Nothing stored: nothing is left out, the engine reads on, and only the odd bilan goes without.
      const passed = await scan(odd, StoredFingerprints.none, chunk);
      expect(passed.read).toBe(odd);
      expect(passed.fingerprints).toEqual([scanned.fingerprints[0], null, expect.any(String)]);
    }
  });

  it('leaves out a bilan identical to a stored one, and gives up at a changed one holding markup read two ways', async () => {
    const bilans = [bilan('EL_1', 'a'), bilan('EL_2', 'b'), bilan('EL_3', 'c'), bilan('EL_4', 'd')];
    const stored = storedAs((await scan(fileOf(bilans))).fingerprints);
    const changed = [bilans[0]!, bilans[1]!, bilan('EL_3', 'c<!-- corrected -->'), bilans[3]!];
    for (const chunk of [5, 1024 * 1024]) {
      const again = await scan(fileOf(changed), stored, chunk);
      // The second is left out (its line breaks stay); the changed one is read, and everything after it, unfingerprinted.
      expect(again.scanner.skipped.periodic).toBe(1);
      expect(again.read).toBe(fileOf([bilans[0]!, '\n\n', changed[2]!, bilans[3]!]));
      expect(again.fingerprints).toEqual([[...stored][0]![0], null, null]);
    }
  });

  it('leaves nothing out of a file with a comment, and fingerprints nothing after it', async () => {
    const bilans = [bilan('EL_1', 'a'), bilan('EL_2', 'b'), bilan('EL_3', 'c')];
    const first = await scan(fileOf(bilans));
    const commented = fileOf([bilans[0]!, `<!-- ${bilans[1]!} -->`, bilans[1]!, bilans[2]!]);
    const again = await scan(commented, storedAs(first.fingerprints));
    expect(again.read).toBe(commented);
    expect(again.scanner.skipped.periodic).toBe(0);
    expect(again.fingerprints.slice(1).every((f) => f === null)).toBe(true);
    // A comment between blanks, after a bilan left out, cut anywhere by the chunks (blank pieces are read without a search).
    const gap = '   \n  <!-- note -->  \n  ';
    const spaced = fileOf([bilans[0]!, `${bilans[1]!}${gap}${bilans[2]!}`]);
    for (let chunk = 1; chunk <= 12; chunk += 1) {
      const cut = await scan(spaced, storedAs(first.fingerprints), chunk);
      expect(cut.read).toBe(fileOf([bilans[0]!, `${bilans[1]!.replace(/[^\n]/g, '')}${gap}${bilans[2]!}`]));
      expect(cut.scanner.skipped.periodic).toBe(1);
      expect(cut.fingerprints).toEqual([first.fingerprints[0], null]);
    }
    const inPrologue = await scan(fileOf(bilans, '<!-- note --><eleves/>'), storedAs(first.fingerprints));
    expect(inPrologue.scanner.skipped.periodic).toBe(0);
    expect(inPrologue.fingerprints.every((f) => f === null)).toBe(true);
  });

  it('goes on reading the file while the stored fingerprints are awaited, then leaves out the same bilans', async () => {
    const bilans = Array.from({ length: 40 }, (_, k) => bilan(`EL_${k}`, `texte ${k}`));
    const first = await scan(fileOf(bilans));
    const bytes = Buffer.from(fileOf(bilans));
    // The stored fingerprints come only once the source has handed over its fifth chunk: a scanner
    // that stopped reading at the first bilan until they came would wait for ever.
    let resolveStored!: (stored: StoredFingerprints) => void;
    const stored = new Promise<StoredFingerprints>((resolve) => (resolveStored = resolve));
    let pulled = 0;
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 64) {
        pulled += 1;
        if (pulled === 5) resolveStored(storedAs(first.fingerprints));
        yield bytes.subarray(at, at + 64);
      }
    }
    const scanner = createBilanScanner('base', stored);
    const out: Buffer[] = [];
    for await (const piece of scanner.filter(chunks())) out.push(piece);
    expect(scanner.skipped.periodic).toBe(39);
    expect(Buffer.concat(out).toString()).toBe((await scan(fileOf(bilans), storedAs(first.fingerprints), 64)).read);
  });

  it('fingerprints the bilans read while the stored fingerprints are awaited, as the scan would, whatever the chunks', async () => {
    const bilans = Array.from({ length: 60 }, (_, k) => bilan(`EL_${k}`, `texte ${k} ${'x'.repeat((k * 37) % 200)}`));
    const storedOnes = (await scan(fileOf(bilans))).fingerprints;
    // Ten bilans changed since: read, fingerprinted, never left out.
    const changed = bilans.map((b, k) => (k % 6 === 3 ? b.replace('texte', 'texte corrigé') : b));
    const bytes = Buffer.from(fileOf(changed));
    for (const size of [97, 300, 1000, 4096]) {
      const expected = await scan(fileOf(changed), storedAs(storedOnes), size);
      for (const pulls of [2, 4, 8]) {
        let resolveStored!: (stored: StoredFingerprints) => void;
        const stored = new Promise<StoredFingerprints>((resolve) => (resolveStored = resolve));
        let pulled = 0;
        async function* chunks() {
          for (let at = 0; at < bytes.length; at += size) {
            pulled += 1;
            if (pulled === pulls) resolveStored(storedAs(storedOnes));
            yield bytes.subarray(at, at + size);
          }
          resolveStored(storedAs(storedOnes));
        }
        const scanner = createBilanScanner('base', stored);
        const out: Buffer[] = [];
        for await (const piece of scanner.filter(chunks())) out.push(piece);
        const read = Buffer.concat(out).toString();
        expect(read, `chunks of ${size}, stored after ${pulls}`).toBe(expected.read);
        const fingerprints = [...read.matchAll(/<bilan-periodique[\s\S]*?<\/bilan-periodique>/g)].map((m, k) => scanner.identify('periodic', k + 1, Buffer.from(m[0])).fingerprint);
        expect(fingerprints, `chunks of ${size}, stored after ${pulls}`).toEqual(expected.fingerprints);
        expect(scanner.skipped.periodic).toBe(expected.scanner.skipped.periodic);
        if (size >= 1000 && pulls >= 4) expect(scanner.fingerprintedAhead, `chunks of ${size}, stored after ${pulls}`).toBeGreaterThan(0);
      }
    }
  });
});
