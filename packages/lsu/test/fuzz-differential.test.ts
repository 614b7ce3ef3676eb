/**
 * Differential fuzzing: seeded small mutations of valid files, judged by xmllint (one batched
 * process per version) and by the engine. Verdicts must match, except where xmllint accepts and
 * every issue the engine reports is one of libxml2's blind spots (references, impossible dates).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLsu } from '@preau/lsu';
import {
  ALL_VERSIONS, buildLsuDocument, createRandom, generateLsuBuffer, materialize, mutateTree, toBytes, validateWithXmllint, variantBaseOptions, xsdPathOf,
  type LsuEncoding, type LsuVersion, type Random,
} from '@preau/lsu/test-support';
import { chunked, engineAcceptFor, lsuDir, requirePrerequisites } from './prerequisites.ts';

const CASES_PER_BASE = 250;
const TREE_CASES_PER_VERSION = 300;
const BLIND_SPOT_CODE = /^(idref|idrefs|date)\./;
const INSERTS = [
  'é', '&amp;', '&#13;', '&#xD;', '&#10;', '&#9;', '&#32;', ' ', '\n', '\t', '\r\n', '0', '9', '-', '.', '<!-- c -->', '<?pi x?>',
  '<![CDATA[x]]>', '<![CDATA[ ]]>', ' xml:lang="fr"', ' xmlns:a="urn:a"', ' a:b="1"', '&lt;', '&#233;', '\u00a0', '😀',
];
const BASES: { version: LsuVersion; encoding: LsuEncoding }[] = [
  { version: '10.0', encoding: 'UTF-8' }, { version: '7.0', encoding: 'ISO-8859-1' }, { version: '3.0', encoding: 'UTF-8' }, { version: '1.0b', encoding: 'UTF-8' },
];

function mutate(base: Buffer, r: Random, encoding: LsuEncoding): { bytes: Buffer; what: string } {
  let bytes = Buffer.from(base);
  const what: string[] = [];
  for (let n = r.int(1, 2); n > 0; n--) {
    const k = r.int(0, bytes.length - 1);
    switch (r.int(0, 3)) {
      case 0: bytes[k] = r.pick([0x20, 0x30, 0x41, 0x22, 0x3c, 0x3e, 0x26, 0x2f, 0x3d, 0x0a]); what.push(`set@${k}`); break;
      case 1: { const len = r.int(1, 30); bytes = Buffer.concat([bytes.subarray(0, k), bytes.subarray(k + len)]); what.push(`delete@${k}+${len}`); break; }
      case 2: { const len = r.int(1, 60); bytes = Buffer.concat([bytes.subarray(0, k), bytes.subarray(k, k + len), bytes.subarray(k)]); what.push(`duplicate@${k}+${len}`); break; }
      default: {
        const text = r.pick(INSERTS);
        bytes = Buffer.concat([bytes.subarray(0, k), Buffer.from(text, encoding === 'UTF-8' ? 'utf8' : 'latin1'), bytes.subarray(k)]);
        what.push(`insert@${k}:${JSON.stringify(text)}`);
      }
    }
  }
  return { bytes, what: what.join(' ') };
}

const work = mkdtempSync(path.join(tmpdir(), 'lsu-differential-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Mutated { file: string; seed: number; what: string; bytes: Buffer }

/** Runs xmllint and the engine on every case; lists the disagreements that are not blind spots. */
async function disagreements(version: LsuVersion, cases: Mutated[]): Promise<string[]> {
  const verdicts = await validateWithXmllint(xsdPathOf(lsuDir, version), cases.map((c) => c.file));
  const out: string[] = [];
  for (const c of cases) {
    const xmllint = verdicts.get(c.file)?.valid ? 'accepted' : 'error';
    const report = await checkLsu(chunked(c.bytes, 4096), { accept: engineAcceptFor(version), maxIssues: 5 });
    if (report.verdict === xmllint) continue;
    if (xmllint === 'accepted' && report.errors.length > 0 && report.errors.every((e) => BLIND_SPOT_CODE.test(e.code))) continue;
    const first = report.errors[0];
    out.push(`seed ${c.seed} (${c.what}): xmllint ${xmllint}, engine ${report.verdict}${first ? ` [${first.code} ${first.line}:${first.column} ${first.message}]` : ''}`);
  }
  return out;
}

function writeCase(dir: string, seed: number, what: string, bytes: Buffer): Mutated {
  const file = path.join(dir, `${seed}.xml`);
  writeFileSync(file, bytes);
  return { file, seed, what, bytes };
}

describe.each(BASES)('differential fuzzing of LSU $version ($encoding) bytes', ({ version, encoding }) => {
  it(`agrees with xmllint on ${CASES_PER_BASE} seeded byte mutations`, async (ctx) => {
    requirePrerequisites(ctx);
    const base = await generateLsuBuffer({ ...variantBaseOptions(version), encoding });
    const dir = path.join(work, `bytes-${version}-${encoding}`);
    mkdirSync(dir, { recursive: true });
    const cases = Array.from({ length: CASES_PER_BASE }, (_, k) => {
      const { bytes, what } = mutate(base, createRandom(k * 7717 + 3), encoding);
      return writeCase(dir, k, what, bytes);
    });
    const found = await disagreements(version, cases);
    expect(found, `${found.length} of ${cases.length} mutated files disagree`).toEqual([]);
  }, 120_000);
});

describe.each(ALL_VERSIONS)('differential fuzzing of LSU %s trees', (version) => {
  it(`agrees with xmllint on ${TREE_CASES_PER_VERSION} seeded element and attribute edits`, async (ctx) => {
    requirePrerequisites(ctx);
    const base = materialize(buildLsuDocument(variantBaseOptions(version)));
    const dir = path.join(work, `tree-${version}`);
    mkdirSync(dir, { recursive: true });
    const cases = Array.from({ length: TREE_CASES_PER_VERSION }, (_, k) => {
      const doc = structuredClone(base);
      const what = mutateTree(doc, createRandom(k * 4243 + 1));
      return writeCase(dir, k, what, toBytes(doc));
    });
    const found = await disagreements(version, cases);
    expect(found, `${found.length} of ${cases.length} edited files disagree`).toEqual([]);
  }, 120_000);
});
