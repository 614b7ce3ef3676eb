/**
 * Seeded fuzzing of the engine: mutated and truncated valid files must always end in a verdict
 * (never a throw, never a hang), and entity tricks must be refused. Deterministic: same seeds, same cases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLsu, type LsuReport } from '@preau/lsu';
import { buildVariants, createRandom, generateLsuBuffer, variantBaseOptions, type LsuVersion, type Random } from '@preau/lsu/test-support';
import { chunked, lsuDir, requirePrerequisites } from './prerequisites.ts';

const VERSIONS: LsuVersion[] = ['10.0', '7.0', '1.0b'];
const MUTATIONS_PER_FILE = 100;
const TRUNCATIONS_PER_FILE = 30;

type Mutation = (bytes: Buffer, r: Random) => Buffer;

const at = (bytes: Buffer, r: Random) => r.int(0, Math.max(0, bytes.length - 1));
const splice = (bytes: Buffer, offset: number, remove: number, insert: Buffer) =>
  Buffer.concat([bytes.subarray(0, offset), insert, bytes.subarray(offset + remove)]);

const MUTATIONS: Record<string, Mutation> = {
  flipByte: (b, r) => { const out = Buffer.from(b); const k = at(b, r); out[k] = (out[k] ?? 0) ^ (1 << r.int(0, 7)); return out; },
  deleteSlice: (b, r) => splice(b, at(b, r), r.int(1, 200), Buffer.alloc(0)),
  duplicateSlice: (b, r) => { const k = at(b, r); return splice(b, k, 0, b.subarray(k, k + r.int(1, 400))); },
  swapSlices: (b, r) => {
    const [x, y] = [at(b, r), at(b, r)].sort((p, q) => p - q) as [number, number];
    const n = Math.min(r.int(1, 120), y - x);
    return Buffer.concat([b.subarray(0, x), b.subarray(y, y + n), b.subarray(x + n, y), b.subarray(x, x + n), b.subarray(y + n)]);
  },
  injectLt: (b, r) => splice(b, at(b, r), 0, Buffer.from('<')),
  injectAmp: (b, r) => splice(b, at(b, r), 0, Buffer.from('&')),
  injectCdataEnd: (b, r) => splice(b, at(b, r), 0, Buffer.from(']]>')),
  injectInvalidUtf8: (b, r) => splice(b, at(b, r), 0, Buffer.from([r.pick([0xff, 0xc3, 0xe2, 0xf0, 0x80, 0xed])].concat(r.chance(0.5) ? [0xa0, 0x80] : []))),
  injectNul: (b, r) => splice(b, at(b, r), 0, Buffer.from([0])),
};

/** Feeds bytes in seeded chunk sizes (1 byte to 16 KB), so a case always has a bounded number of chunks. */
async function* randomChunks(bytes: Buffer, r: Random): AsyncGenerator<Uint8Array> {
  for (let k = 0; k < bytes.length;) {
    const size = r.chance(0.05) ? 1 : r.int(1, 16_384);
    yield bytes.subarray(k, k + size);
    k += size;
  }
}

function expectWellFormedReport(report: LsuReport): void {
  expect(['accepted', 'error']).toContain(report.verdict);
  expect(report.errorCount).toBeGreaterThanOrEqual(report.errors.length);
  // Locations are 1-based (types.ts).
  for (const issue of report.errors) expect(`${issue.code} at ${issue.line}:${issue.column}`).toMatch(/ at [1-9]\d*:[1-9]\d*$/);
  if (report.verdict === 'error') expect(report.errors.length).toBeGreaterThan(0);
  else expect(report.errorCount).toBe(0);
}

describe.each(VERSIONS)('fuzzing an LSU %s file', (version) => {
  let base: Buffer;
  const accept = [version === '1.0b' ? '1.0' : version];
  beforeAll(async () => { base = await generateLsuBuffer(variantBaseOptions(version)); });

  it(`survives ${MUTATIONS_PER_FILE} seeded mutations with a verdict every time`, async () => {
    const names = Object.keys(MUTATIONS);
    for (let seed = 1; seed <= MUTATIONS_PER_FILE; seed++) {
      const r = createRandom(seed * 7919 + version.length);
      let bytes = base;
      const applied: string[] = [];
      for (let n = r.int(1, 3); n > 0; n--) {
        const name = r.pick(names);
        applied.push(name);
        bytes = (MUTATIONS[name] as Mutation)(bytes, r);
      }
      const report = await checkLsu(randomChunks(bytes, r), { accept }).catch((error: Error) => {
        throw new Error(`seed ${seed} (${applied.join('+')}): engine threw ${error.message}`);
      });
      expectWellFormedReport(report);
    }
  }, 120_000);

  it(`rejects ${TRUNCATIONS_PER_FILE} truncations of a valid file`, async () => {
    const end = base.lastIndexOf('</lsun-bilans>');
    for (let seed = 1; seed <= TRUNCATIONS_PER_FILE; seed++) {
      const r = createRandom(seed * 104_729);
      const cut = seed === 1 ? 0 : seed === 2 ? end : r.int(1, end - 1);
      const report = await checkLsu(randomChunks(base.subarray(0, cut), r), { accept });
      expectWellFormedReport(report);
      expect(report.verdict, `truncated at byte ${cut}`).toBe('error');
    }
  }, 120_000);
});

describe('chunk boundaries', () => {
  const summary = (r: LsuReport) => ({ verdict: r.verdict, errorCount: r.errorCount, errors: r.errors.map((e) => `${e.code} ${e.line}:${e.column} ${e.path}`) });

  it('give the same report whether a file comes in one chunk, 8 KB chunks or tiny random ones', async (ctx) => {
    requirePrerequisites(ctx);
    for (const version of ['10.0', '1.0b'] as const) {
      const accept = [version === '1.0b' ? '1.0' : version];
      const variants = buildVariants(version, lsuDir).filter((_, k) => k % 25 === 0);
      for (const [k, variant] of variants.entries()) {
        const whole = summary(await checkLsu(chunked(variant.bytes, variant.bytes.length + 1), { accept }));
        expect(summary(await checkLsu(chunked(variant.bytes, 8192), { accept })), variant.name).toEqual(whole);
        const r = createRandom(k + 1);
        const tiny = async function* () {
          for (let at = 0; at < variant.bytes.length;) {
            const size = r.int(1, 97);
            yield variant.bytes.subarray(at, at + size);
            at += size;
          }
        };
        expect(summary(await checkLsu(tiny(), { accept })), variant.name).toEqual(whole);
      }
    }
  }, 120_000);
});

describe('entity tricks', () => {
  const body = '<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" schemaVersion="10.0"><entete><editeur>&lol9;</editeur></entete></lsun-bilans>';
  const laughs = Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`).join('\n');

  it('refuses a billion-laughs entity bomb with an error', async () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lsun-bilans [\n<!ENTITY lol0 "lol">\n${laughs}\n]>\n${body}`;
    const report = await checkLsu(randomChunks(Buffer.from(bomb), createRandom(1)), {});
    expect(report.verdict).toBe('error');
    expect(report.errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(report)).not.toContain('lollollol');
  });

  it('refuses external entities and external DTDs without reading them', async () => {
    const cases = [
      `<?xml version="1.0"?>\n<!DOCTYPE lsun-bilans [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${body.replace('&lol9;', '&xxe;')}`,
      `<?xml version="1.0"?>\n<!DOCTYPE lsun-bilans [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>\n${body.replace('&lol9;', 'X')}`,
      `<?xml version="1.0"?>\n<!DOCTYPE lsun-bilans SYSTEM "http://127.0.0.1:9/lsu.dtd">\n${body.replace('&lol9;', 'X')}`,
    ];
    for (const text of cases) {
      const report = await checkLsu(randomChunks(Buffer.from(text), createRandom(2)), {});
      expect(report.verdict).toBe('error');
      expect(JSON.stringify(report)).not.toMatch(/root:x:0/);
    }
  });
});
