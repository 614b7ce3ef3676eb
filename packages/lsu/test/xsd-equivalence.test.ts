/**
 * One source of truth: each official schema in `../shared/lsu/`, compiled by the XSD compiler,
 * must judge like the hand-written rule set of its version: same verdict and same issues (code and
 * path) on the conformance corpus (valid shapes and every schema-derived variant) and on seeded
 * tree and byte mutations, after a round trip through the stored (JSON) form. xmllint is not needed: the hand-written rule set is the reference here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptWithRuleSets, checkLsu, compileLsuSchema, loadStoredRuleSet, storeRuleSet } from '@preau/lsu';
import {
  ALL_VERSIONS, buildLsuDocument, buildVariants, createRandom, generateLsuBuffer, materialize, mutateTree, toBytes, variantBaseOptions, xsdPathOf,
  type LsuVersion,
} from '@preau/lsu/test-support';
import { chunked, engineAcceptFor, lsuDir, missingPrerequisite } from './prerequisites.ts';

const TREE_CASES_PER_VERSION = 300;
const BYTE_CASES_PER_VERSION = 300;
const schemasPresent = !missingPrerequisite()?.startsWith('LSU schemas');

interface Case { name: string; bytes: Buffer }

async function corpus(version: LsuVersion): Promise<Case[]> {
  const shapes = await Promise.all([0, 2, 3].map(async (periods, k) => ({
    name: `shape:${k}`, bytes: await generateLsuBuffer({ version, pupils: 15 + k * 10, periods: periods as 0 | 2 | 3, seed: 40 + k, cycleBilans: k !== 1 }),
  })));
  const variants = buildVariants(version, lsuDir).map((v) => ({ name: v.name, bytes: v.bytes }));
  const base = materialize(buildLsuDocument(variantBaseOptions(version)));
  const mutations = Array.from({ length: TREE_CASES_PER_VERSION }, (_, k) => {
    const doc = structuredClone(base);
    const what = mutateTree(doc, createRandom(k * 4243 + 1));
    return { name: `tree:${k} ${what}`, bytes: toBytes(doc) };
  });
  const bytes = await generateLsuBuffer(variantBaseOptions(version));
  const byteMutations = Array.from({ length: BYTE_CASES_PER_VERSION }, (_, k) => mutateBytes(bytes, createRandom(k * 7717 + 3), k));
  return [...shapes, ...variants, ...mutations, ...byteMutations];
}

const INSERTS = ['é', '&amp;', '&#13;', '&#10;', ' ', '\n', '0', '9', '-', '.', '<!-- c -->', '<![CDATA[x]]>', ' xml:lang="fr"', ' a:b="1"', '&lt;'];

/** One to two byte edits (set, delete, duplicate, insert), as the differential fuzzing does. */
function mutateBytes(base: Buffer, r: ReturnType<typeof createRandom>, k: number): Case {
  let bytes = Buffer.from(base);
  for (let n = r.int(1, 2); n > 0; n--) {
    const at = r.int(0, bytes.length - 1);
    const kind = r.int(0, 3);
    if (kind === 0) bytes[at] = r.pick([0x20, 0x30, 0x41, 0x22, 0x3c, 0x3e, 0x26, 0x2f, 0x3d, 0x0a]);
    else if (kind === 1) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + r.int(1, 30))]);
    else if (kind === 2) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + r.int(1, 60)), bytes.subarray(at)]);
    else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(r.pick(INSERTS), 'utf8'), bytes.subarray(at)]);
  }
  return { name: `bytes:${k}`, bytes };
}

/** The verdict and issues of a report, as compared. */
function judgement(report: Awaited<ReturnType<typeof checkLsu>>): string {
  return `${report.verdict} ${report.errorCount} ${report.errors.map((e) => `${e.code}@${e.path}`).join(' ')}`;
}

describe.each(ALL_VERSIONS)('compiled schema of LSU %s', (version) => {
  it('judges the conformance corpus, tree and byte mutations as the hand-written rule set does', async (ctx) => {
    if (!schemasPresent) return ctx.skip('LSU schemas not found in ../shared/lsu');
    const compiled = compileLsuSchema(readFileSync(xsdPathOf(lsuDir, version)));
    expect(compiled.warnings).toEqual([]);
    // Through storage, as an added version is loaded at start: the round trip must not change a verdict.
    const rules = loadStoredRuleSet(storeRuleSet(compiled.rules));
    const handAccept = engineAcceptFor(version);
    const compiledAccept = acceptWithRuleSets(version.startsWith('1.0') ? ['1.0'] : [version], [rules]);
    const cases = await corpus(version);
    const differences: string[] = [];
    let errors = 0;
    for (const c of cases) {
      const hand = judgement(await checkLsu(chunked(c.bytes), { accept: handAccept, maxIssues: 20 }));
      const compiled = judgement(await checkLsu(chunked(c.bytes), { accept: compiledAccept, maxIssues: 20 }));
      if (hand.startsWith('error')) errors++;
      if (hand !== compiled) differences.push(`${c.name}\n  hand:     ${hand}\n  compiled: ${compiled}`);
    }
    expect(differences.slice(0, 20), `${differences.length} of ${cases.length} files judged differently`).toEqual([]);
    expect(errors).toBeGreaterThan(300);
  }, 180_000);
});
