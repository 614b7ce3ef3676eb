import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { runLsuCheckCommand } from './lsu-check.command.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'lsu-check-cli-'));
const valid = path.join(dir, 'valide.xml');
const broken = path.join(dir, 'casse.xml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const bytes = await generateLsuBuffer({ version: '10.0', pupils: 4, periods: 2, seed: 7, uai: '0382032C', editor: 'Éditeur', application: 'Carnet' });
  writeFileSync(valid, bytes);
  writeFileSync(broken, bytes.toString('utf8').replace(/positionnement="\d"/, 'positionnement="9"').replace('</lsun-bilans>', ''));
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runLsuCheckCommand(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('preau lsu check', () => {
  it('exits 0 on an accepted file and prints a readable verdict', async () => {
    const { code, stdout } = await run(valid);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Fichier accepté : collège, schéma 10.0\n/);
    expect(stdout).toContain('UAI 0382032C · éditeur Éditeur · application Carnet');
  });

  it('prints exactly one JSON object with --json', async () => {
    const { code, stdout } = await run(valid, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['verdict', 'family', 'schemaVersion', 'uai', 'editor', 'application', 'classes', 'counts', 'errors', 'errorCount']);
    expect(json).toMatchObject({ verdict: 'accepted', family: 'college', schemaVersion: '10.0', uai: '0382032C', errors: [], errorCount: 0 });
    expect(json.counts).toEqual({ periodic: 8, cycle: expect.any(Number) });
    expect((json.classes as string[]).length).toBeGreaterThan(0);
  });

  it('exits 1 on a file in error and lists the errors with their location, in the chosen language', async () => {
    const { code, stdout } = await run(broken, '--json', '--lang', 'en');
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { verdict: string; errors: { line: number; column: number; path: string; code: string; message: string }[]; errorCount: number };
    expect(json.verdict).toBe('error');
    expect(json.errors.map((e) => e.code)).toEqual(['facet.pattern', 'xml.truncated']);
    expect(json.errors[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number), path: expect.stringMatching(/@positionnement$/) });
    expect(json.errors[0]!.message).toMatch(/^Attribute "positionnement"/);
    const text = await run(broken);
    expect(text.stdout).toMatch(/^Fichier refusé : 2 erreur\(s\)/);
  });

  it('reads a file of many chunks in order, and locates an error in its last ones', async () => {
    // Read in 1 MB chunks into two buffers in turn: a chunk overwritten before the engine is done
    // with it would show as a well-formedness error or a wrong line.
    const bytes = await generateLsuBuffer({ version: '10.0', pupils: 400, periods: 3, seed: 11 });
    expect(bytes.length).toBeGreaterThan(4 * 1024 * 1024);
    const text = bytes.toString('utf8');
    const at = text.lastIndexOf('positionnement="', text.lastIndexOf('<bilan-periodique'));
    const large = path.join(dir, 'grand.xml');
    writeFileSync(large, text.slice(0, at) + 'positionnement="9' + text.slice(at + 'positionnement="'.length + 1));
    const { code, stdout } = await run(large, '--json');
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { errors: { line: number; code: string }[]; errorCount: number };
    expect(json.errorCount).toBe(1);
    expect(json.errors[0]).toMatchObject({ code: 'facet.pattern', line: text.slice(0, at).split('\n').length });
  });

  it('keeps the JSON shape when the file stops before its header', async () => {
    const doctype = path.join(dir, 'doctype.xml');
    writeFileSync(doctype, '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY b "c">]>\n<a>&b;</a>');
    const { code, stdout } = await run(doctype, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      verdict: 'error', family: null, schemaVersion: null, uai: null, editor: null, application: null, classes: [],
      counts: { periodic: 0, cycle: 0 }, errors: [expect.objectContaining({ code: 'xml.doctype_forbidden', line: 2, column: 1 })], errorCount: 1,
    });
  });

  it('honours --accept', async () => {
    const { code, stdout } = await run(valid, '--accept', '7.0,1.0', '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ errors: [{ code: 'schema.version_not_accepted' }] });
  });

  it('exits 2 when the file cannot be read, and on wrong usage', async () => {
    expect(await run(path.join(dir, 'absent.xml'))).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('introuvable') });
    expect(await run(dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('dossier') });
    expect((await run()).code).toBe(2);
    expect((await run(valid, '--lang', 'de')).code).toBe(2);
    expect((await run(valid, '--bogus')).code).toBe(2);
    const locked = path.join(dir, 'verrou.xml');
    writeFileSync(locked, '<a/>');
    chmodSync(locked, 0o000);
    const result = await run(locked);
    // root reads anything: the permission case can only be observed as another user.
    expect(result.code).toBe(process.getuid?.() === 0 ? 1 : 2);
  });

  it('writes to Node streams as well', async () => {
    let out = '';
    const stream = { write: (t: string) => ((out += t), true) } as unknown as NodeJS.WritableStream;
    expect(await runLsuCheckCommand([valid], { stdout: stream, stderr: stream })).toBe(0);
    expect(out).toContain('Fichier accepté');
  });
});
