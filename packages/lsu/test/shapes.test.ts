/**
 * The same document written in every shape (references, CDATA with comments and PIs, CRLF, one
 * line, UTF-16, ISO-8859-1) and read in chunks of every size gives the same verdict, report and
 * bilans as the plain file read at once: a slow or a wrong path per shape would show here.
 */
import { describe, expect, it } from 'vitest';
import { checkLsu, readBilanXml, type CheckOptions, type LsuBilan, type LsuReport } from '@preau/lsu';
import { generateLsuBuffer, type LsuGeneratorOptions, type LsuVersion } from '@preau/lsu/test-support';
import { chunked, engineAcceptFor } from './prerequisites.ts';

const VARIANTS: Pick<LsuGeneratorOptions, 'shape' | 'encoding'>[] = [
  { shape: 'references' }, { shape: 'cdata' }, { shape: 'crlf' }, { shape: 'one-line' }, { encoding: 'UTF-16' }, { encoding: 'ISO-8859-1' },
];
const CHUNK_SIZES = [1, 7, 64, 4096, 1 << 20];

interface Outcome { report: Omit<LsuReport, 'bytesRead'>; bilans: LsuBilan[] }

async function check(bytes: Buffer, version: LsuVersion, chunkSize: number, content: CheckOptions['content']): Promise<Outcome> {
  const bilans: LsuBilan[] = [];
  const { bytesRead: _bytes, ...report } = await checkLsu(chunked(bytes, chunkSize), { accept: engineAcceptFor(version), content, onBilan: (b) => void bilans.push(b) });
  return { report, bilans };
}

/** The bilans as the 'tree' mode gives them, whether read in 'tree' or in 'xml' mode, without their line (shapes move lines). */
function trees(bilans: LsuBilan[]): unknown[] {
  return bilans.map(({ xml, line: _line, ...rest }) => (xml ? { ...rest, content: readBilanXml(xml) } : rest));
}

describe.each(['10.0', '1.0b'] as const)('LSU %s written in every shape', (version) => {
  const base: LsuGeneratorOptions = { version, pupils: 4, periods: 2, seed: 3, pupilsPerDivision: 2 };

  it.each(VARIANTS)('%o gives the plain file\'s verdict, report and bilans, whatever the chunk size', async (variant) => {
    const plain = await check(await generateLsuBuffer(base), version, 1 << 20, 'tree');
    expect(plain.report.verdict).toBe('accepted');
    expect(plain.bilans.length).toBeGreaterThan(4);
    const bytes = await generateLsuBuffer({ ...base, ...variant });
    for (const size of CHUNK_SIZES) {
      for (const content of ['tree', 'xml'] as const) {
        const shaped = await check(bytes, version, size, content);
        expect(shaped.report, `chunks of ${size}, ${content}`).toEqual(plain.report);
        expect(trees(shaped.bilans), `chunks of ${size}, ${content}`).toEqual(trees(plain.bilans));
      }
    }
  }, 60_000);

  it('refuses the same errors at the same places in the references shape, whatever the chunk size', async () => {
    if (version !== '10.0') return;
    const summary = (r: Omit<LsuReport, 'bytesRead'>) => ({ count: r.errorCount, errors: r.errors.map((e) => `${e.code} ${e.path}`) });
    const plain = summary((await check(await generateLsuBuffer({ ...base, invalidAverages: 5 }), version, 1 << 20, 'tree')).report);
    expect(plain.count).toBe(5);
    const bytes = await generateLsuBuffer({ ...base, invalidAverages: 5, shape: 'references' });
    for (const size of CHUNK_SIZES) expect(summary((await check(bytes, version, size, 'xml')).report), `chunks of ${size}`).toEqual(plain);
  }, 60_000);
});
