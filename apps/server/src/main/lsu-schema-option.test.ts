import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { runCli } from './commands.ts';

const official = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/lsu/college/lsu-college-10.0.xsd');
const dir = mkdtempSync(path.join(tmpdir(), 'lsu-schema-cli-'));
const next = path.join(dir, 'next.xsd');
const refused = path.join(dir, 'refused.xsd');
const file = path.join(dir, 'next.xml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  if (!existsSync(official)) return;
  const xsd = readFileSync(official, 'utf8');
  writeFileSync(next, xsd.replace('<xs:enumeration value="10.0" />', '<xs:enumeration value="99.0" />'));
  writeFileSync(refused, xsd.replace('<xs:element name="donnees" type="lsun:Donnees" />', '<xs:element name="donnees" type="lsun:Donnees" />\n<xs:any/>'));
  const bytes = await generateLsuBuffer({ version: '10.0', pupils: 3, periods: 2, seed: 3 });
  writeFileSync(file, bytes.toString('utf8').replace('schemaVersion="10.0"', 'schemaVersion="99.0"'));
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, {});
  return { code, stdout, stderr };
}

describe('preau lsu check --schema', () => {
  it('checks a file of a version Préau does not know against the schema given', async (ctx) => {
    if (!existsSync(official)) return ctx.skip('LSU schemas not found in ../shared/lsu');
    expect((await cli('lsu', 'check', file, '--json')).stdout).toContain('schema.version_unknown');
    const { code, stdout } = await cli('lsu', 'check', '--schema', next, file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Fichier accepté : collège, schéma 99.0\n/);
  });

  it('refuses a schema outside the XSD subset, naming the construct and its line (exit 2)', async (ctx) => {
    if (!existsSync(official)) return ctx.skip('LSU schemas not found in ../shared/lsu');
    const { code, stderr, stdout } = await cli('lsu', 'check', `--schema=${refused}`, file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const line = readFileSync(refused, 'utf8').split('\n').findIndex((l) => l.includes('<xs:any/>')) + 1;
    expect(stderr).toBe(`${refused}:${line}: schema refused xsd.unsupported {"construct":"xs:any"}\n`);
  });

  it('checks a newer collège version provisionally with --provisional, listing the unknown elements', async (ctx) => {
    if (!existsSync(official)) return ctx.skip('LSU schemas not found in ../shared/lsu');
    const newer = path.join(dir, 'newer.xml');
    writeFileSync(newer, readFileSync(file, 'utf8').replace('<vie-scolaire ', '<moyennes-annuelles/><vie-scolaire '));
    const { code, stdout } = await cli('lsu', 'check', newer, '--provisional', '--lang', 'en');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^File accepted: collège \(2nd degree\), schema 99.0\n/);
    expect(stdout).toMatch(/\n {2}Checked provisionally against college-10.0 \(declared version 99.0\); 1 unknown element\(s\) or attribute\(s\) kept\n {4}line \d+ · \/lsun-bilans\/donnees\/bilans-periodiques\/bilan-periodique\[1\]\/moyennes-annuelles \[schema.element.unexpected\]\n$/);
    const json = JSON.parse((await cli('lsu', 'check', newer, '--provisional', '--json')).stdout) as { provisional: { unknown: unknown[] } };
    expect(json.provisional).toMatchObject({ declaredVersion: '99.0', checkedAgainst: 'college-10.0' });
    expect(json.provisional.unknown).toHaveLength(1);
  });
});
