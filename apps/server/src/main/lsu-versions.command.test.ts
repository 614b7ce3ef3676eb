import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acceptWithRuleSets, checkLsu } from '@preau/lsu';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { loadConfig } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { runCli } from './commands.ts';
import { loadAddedRuleSets } from '../modules/lsu-versions/lsu-versions.repository.ts';

const official = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/lsu/college/lsu-college-10.0.xsd');

describe('preau lsu versions', { timeout: 180_000 }, () => {
  it('adds a next version after showing its changes, lists it, and stores a rule set that loads and checks its files', async (ctx) => {
    if (!existsSync(official)) return ctx.skip('LSU schemas not found in ../shared/lsu');
    const dir = await mkdtemp(path.join(tmpdir(), 'preau-lsu-versions-'));
    const env = { PREAU_DATA_DIR: dir, LOG_LEVEL: 'silent' };
    const run = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) }, env);
      return { code, out, err };
    };
    const next = path.join(dir, 'next.xsd');
    writeFileSync(next, readFileSync(official, 'utf8')
      .replace('<xs:enumeration value="10.0" />', '<xs:enumeration value="13.0" />')
      .replace('<xs:element name="devoirs-faits" type="lsun:Chaine600" minOccurs="0" />', ''));
    const refused = path.join(dir, 'refused.xsd');
    writeFileSync(refused, readFileSync(official, 'utf8').replace('<xs:element name="donnees" type="lsun:Donnees" />', '<xs:element name="donnees" type="lsun:Donnees" substitutionGroup="lsun:x" />'));

    const added = await run('lsu', 'versions', 'add', next);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toBe([
      'college-13.0 (college, schemaVersion 13.0) compared with college-10.0:',
      '  schemaVersion values: 10.0 → 13.0',
      '  ~ attribute /lsun-bilans/@schemaVersion type string enumeration={10.0} → string enumeration={13.0}',
      '  - element /lsun-bilans/donnees/bilans-periodiques/bilan-periodique/devoirs-faits',
      'Added college-13.0: running servers check their next imports with it (no restart needed).',
      '',
    ].join('\n'));
    expect((await run('lsu', 'versions', 'add', next)).code).toBe(1);
    const refusal = await run('lsu', 'versions', 'add', refused);
    expect(refusal.code).toBe(2);
    expect(refusal.err).toMatch(/refused\.xsd:\d+: schema refused xsd\.unsupported \{"construct":"xs:element\/@substitutionGroup"\}\n$/);

    const listed = await run('lsu', 'versions');
    expect(listed.out).toMatch(/^college-10\.0\tbuilt-in\t10\.0\n/);
    expect(listed.out).toMatch(/\ncollege-13\.0\tadded \S+Z\t13\.0\tafter college-10\.0, 3 change\(s\), 0 warning\(s\)\n$/);

    const database = await createDatabase(loadConfig(env));
    try {
      const rules = await loadAddedRuleSets(database.db);
      expect(rules.map((r) => r.id)).toEqual(['college-13.0']);
      const bytes = (await generateLsuBuffer({ version: '10.0', pupils: 3, periods: 2, seed: 5 })).toString('utf8')
        .replace('schemaVersion="10.0"', 'schemaVersion="13.0"').replace(/<devoirs-faits>[^<]*<\/devoirs-faits>/g, '');
      const report = await checkLsu((async function* () { yield Buffer.from(bytes); })(), { accept: acceptWithRuleSets(['13.0'], rules) });
      expect(report.errors).toEqual([]);
      expect(report.schemaVersion).toBe('13.0');
    } finally {
      await database.close();
    }
  });
});
