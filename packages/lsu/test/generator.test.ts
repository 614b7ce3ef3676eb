/** The generator itself: deterministic, streaming, encodings and options honoured, sizes as planned. */
import { describe, expect, it } from 'vitest';
import { generateLsu, generateLsuBuffer, type LsuGeneratorOptions } from '@preau/lsu/test-support';

const small: LsuGeneratorOptions = { version: '10.0', pupils: 8, periods: 3 };

describe('LSU generator', () => {
  it('is deterministic for a seed and varies with it', async () => {
    const [a, b, c] = await Promise.all([generateLsuBuffer({ ...small, seed: 5 }), generateLsuBuffer({ ...small, seed: 5 }), generateLsuBuffer({ ...small, seed: 6 })]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('streams bounded chunks instead of one string', async () => {
    let chunks = 0;
    let largest = 0;
    for await (const chunk of generateLsu({ version: '10.0', pupils: 300, periods: 3 })) {
      chunks++;
      largest = Math.max(largest, chunk.byteLength);
    }
    expect(chunks).toBeGreaterThan(20);
    expect(largest).toBeLessThan(256 * 1024);
  });

  it('writes ISO-8859-1 bytes under an ISO-8859-1 declaration, UTF-8 otherwise', async () => {
    const latin = await generateLsuBuffer({ version: '1.0b', pupils: 6, encoding: 'ISO-8859-1' });
    const utf8 = await generateLsuBuffer({ version: '1.0b', pupils: 6 });
    expect(latin.subarray(0, 60).toString('latin1')).toContain('encoding="ISO-8859-1"');
    expect(latin.includes(Buffer.from('é', 'latin1'))).toBe(true);
    expect(latin.includes(Buffer.from('é', 'utf8'))).toBe(false);
    expect(utf8.includes(Buffer.from('é', 'utf8'))).toBe(true);
  });

  it('honours uai, editor and application', async () => {
    const text = (await generateLsuBuffer({ version: '7.0', pupils: 2, uai: '0750001A', editor: 'Éditeur', application: 'Carnet' })).toString('utf8');
    expect(text).toContain('<etablissement>0750001A</etablissement>');
    expect(text).toContain('<editeur>Éditeur</editeur>');
    expect(text).toContain('<application>Carnet</application>');
    expect(text).toContain('schemaVersion="7.0"');
  });

  it('sizes a collège 10.0 file like the benchmark expects (~140 MB for 10,000 pupils × 3 periods)', async () => {
    let bytes = 0;
    for await (const chunk of generateLsu({ version: '10.0', pupils: 500, periods: 3, cycleBilans: true })) bytes += chunk.byteLength;
    const projected = (bytes / 500) * 10_000;
    expect(projected).toBeGreaterThan(125e6);
    expect(projected).toBeLessThan(160e6);
  });

  it('omits periodic or cycle bilans on request', async () => {
    const noPeriods = (await generateLsuBuffer({ ...small, periods: 0 })).toString('utf8');
    const noCycle = (await generateLsuBuffer({ ...small, cycleBilans: false })).toString('utf8');
    expect(noPeriods).not.toContain('<bilan-periodique');
    expect(noPeriods).toContain('<bilan-cycle');
    expect(noCycle).not.toContain('<bilan-cycle');
    expect((noCycle.match(/<bilan-periodique /g) ?? []).length).toBe(24);
  });
});
