/**
 * Conformance of the engine with xmllint (libxml2) on generated files: valid files of several shapes
 * and every schema-derived variant, for each supported version. xmllint is the reference verdict,
 * except on its known blind spots (references, empty IDREFS, impossible dates) where the engine must
 * say error although xmllint says valid, and on DOCTYPEs, which the engine refuses by design.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLsu } from '@preau/lsu';
import {
  ALL_VERSIONS, buildVariants, createRandom, generateLsuBuffer, readFamilyModels, validateWithXmllint, xsdPathOf,
  type LsuGeneratorOptions, type LsuShape, type LsuVariant, type LsuVersion,
} from '@preau/lsu/test-support';
import { requiredRules } from './coverage.ts';
import { chunked, engineAcceptFor, lsuDir, missingPrerequisite, requirePrerequisites } from './prerequisites.ts';

const SHAPES: LsuShape[] = ['references', 'cdata', 'crlf', 'one-line'];

/** Valid shapes generated for every version, besides the variants' base file: fixed ones, then seeded random ones. */
function validShapes(version: LsuVersion): LsuGeneratorOptions[] {
  const r = createRandom(version.length * 31);
  const random = Array.from({ length: 8 }, (_, k): LsuGeneratorOptions => ({
    version, seed: 100 + k, pupils: r.int(1, 70), periods: r.pick([0, 2, 3] as const), cycleBilans: r.chance(0.7),
    encoding: r.pick(['UTF-8', 'ISO-8859-1'] as const), pupilsPerDivision: r.int(1, 30),
  }));
  return [
    ...random,
    { version, pupils: 60, periods: 3, seed: 1 },
    { version, pupils: 25, periods: 2, seed: 2, cycleBilans: false },
    { version, pupils: 12, periods: 0, seed: 3, cycleBilans: true },
    { version, pupils: 20, periods: 3, seed: 4, encoding: 'ISO-8859-1', pupilsPerDivision: 4 },
    { version, pupils: 9, periods: 2, seed: 5, pupilsPerDivision: 1, uai: '0750001A', editor: 'Éditeur libre', application: 'Carnet' },
    ...SHAPES.map((shape, k): LsuGeneratorOptions => ({ version, pupils: 8, periods: 2, seed: 6 + k, pupilsPerDivision: 2, shape })),
    ...(['windows-1252', 'UTF-16'] as const).map((encoding, k): LsuGeneratorOptions => ({ version, pupils: 8, periods: 3, seed: 20 + k, pupilsPerDivision: 3, encoding })),
  ];
}

interface Case { file: string; name: string; rule: string; expect: LsuVariant['expect']; bytes: Buffer; xmllintValid?: boolean; xmllintErrors?: number }

/** Rules that cannot be broken alone: the value that breaks them breaks a second facet too. */
const TWO_FACETS = /^(minLength:|pattern-empty:|totalDigits:|child-in-simple-content:|idrefs-empty$|idrefs-blank$|base:xs:IDREFS$|malformed$|libxml2:)/;

const work = mkdtempSync(path.join(tmpdir(), 'lsu-conformance-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(ALL_VERSIONS)('LSU %s', (version) => {
  const cases: Case[] = [];
  const ready = !missingPrerequisite();

  beforeAll(async () => {
    if (!ready) return;
    const dir = path.join(work, version);
    mkdirSync(dir, { recursive: true });
    const shapes = await Promise.all(validShapes(version).map(async (o, k) => ({ name: `shape:${k}`, rule: 'valid:shape', expect: 'valid' as const, bytes: await generateLsuBuffer(o) })));
    [...shapes, ...buildVariants(version, lsuDir)].forEach((v, k) => {
      const file = path.join(dir, `${k}.xml`);
      writeFileSync(file, v.bytes);
      cases.push({ file, ...v });
    });
    const verdicts = await validateWithXmllint(xsdPathOf(lsuDir, version), cases.map((c) => c.file));
    for (const c of cases) {
      c.xmllintValid = verdicts.get(c.file)?.valid;
      c.xmllintErrors = verdicts.get(c.file)?.errors;
    }
  }, 120_000);

  it('generates valid files and variants that xmllint judges as announced', (ctx) => {
    requirePrerequisites(ctx);
    const wrong = cases.filter((c) => c.xmllintValid !== (c.expect !== 'invalid')).map((c) => `${c.name} (expected ${c.expect}, xmllint says ${c.xmllintValid ? 'valid' : 'invalid'})`);
    expect(wrong).toEqual([]);
    expect(cases.filter((c) => c.expect === 'invalid').length).toBeGreaterThan(300);
  });

  it('breaks exactly one rule in each invalid variant (xmllint reports one error)', (ctx) => {
    requirePrerequisites(ctx);
    const several = cases.filter((c) => c.expect === 'invalid' && c.xmllintErrors !== 1 && !TWO_FACETS.test(c.rule));
    expect(several.map((c) => `${c.name}: ${c.xmllintErrors} errors`)).toEqual([]);
  });

  it('covers every facet, base type, unique constraint, required attribute/element and bounded occurrence of the XSD', (ctx) => {
    requirePrerequisites(ctx);
    const { model } = readFamilyModels(lsuDir, version);
    const covered = new Set(cases.map((c) => c.rule));
    expect([...requiredRules(model)].filter((rule) => !covered.has(rule))).toEqual([]);
  });

  it(`engine (accept ${engineAcceptFor(version).join(',')}) gives xmllint's verdict, and an error on libxml2's blind spots`, async (ctx) => {
    requirePrerequisites(ctx);
    const disagreements: { rule: string; text: string }[] = [];
    for (const c of cases) {
      const wanted = c.expect === 'blind-spot' || c.expect === 'policy' || !c.xmllintValid ? 'error' : 'accepted';
      try {
        const report = await checkLsu(chunked(c.bytes), { accept: engineAcceptFor(version), maxIssues: 3 });
        if (report.verdict !== wanted) {
          const why = report.errors.map((e) => `${e.code} ${e.path}`).join('; ') || 'no issue reported';
          disagreements.push({ rule: c.rule, text: `${c.name}: engine ${report.verdict}, expected ${wanted}${c.expect === 'blind-spot' || c.expect === 'policy' ? ` (${c.expect})` : ''} [${why}]` });
        }
      } catch (error) {
        disagreements.push({ rule: c.rule, text: `${c.name}: engine threw ${(error as Error).message}` });
      }
    }
    const byRule = new Map<string, number>();
    for (const d of disagreements) byRule.set(d.rule, (byRule.get(d.rule) ?? 0) + 1);
    const summary = [...byRule].map(([rule, n]) => `${rule} ×${n}`).join(', ');
    expect(disagreements.slice(0, 60).map((d) => d.text), `${disagreements.length} of ${cases.length} files disagree: ${summary}`).toEqual([]);
  }, 120_000);
});
