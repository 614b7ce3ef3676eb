/**
 * A version Préau has never seen, end to end: a "next" collège schema is built from 10.0 in a temp
 * folder (one element removed, one added with a new decimal type and an enumeration, schemaVersion
 * 13.0), compiled, and files of that version (the generator's, edited, and every variant derived
 * from the new schema) are judged by the engine as `xmllint --schema` judges them, except on
 * libxml2's blind spots, where the engine must refuse.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptWithRuleSets, checkLsu, compileLsuSchema, describeChange, diffRuleSets } from '@preau/lsu';
import { buildLsuDocument, el, materialize, nextSchemaFrom, readFamilyModels, readXsd, toBytes, toNextVersionDocument, validateWithXmllint, variantBaseOptions, xsdPathOf, type XmlNode } from '@preau/lsu/test-support';
import { buildVariantsOf } from '../test-support/variants-from-model.ts';
import { chunked, lsuDir, requirePrerequisites } from './prerequisites.ts';

const work = mkdtempSync(path.join(tmpdir(), 'lsu-next-version-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const kids = (node: XmlNode): XmlNode[] => node.children as XmlNode[];
const find = (node: XmlNode, name: string): XmlNode[] => [
  ...(node.name === name ? [node] : []), ...kids(node).flatMap((c) => find(c, name)),
];

/** The generator's 10.0 document made a 13.0 one: no `devoirs-faits`, annual averages in the first periodic bilan. */
function nextDocument(): XmlNode {
  return toNextVersionDocument(materialize(buildLsuDocument(variantBaseOptions('10.0'))));
}

/** Edits of the new and removed elements, judged by xmllint like the derived variants. */
function newElementEdits(): { name: string; doc: XmlNode }[] {
  const edits: { name: string; doc: XmlNode }[] = [];
  const edit = (name: string, change: (bilan: XmlNode, averages: XmlNode) => void) => {
    const doc = nextDocument();
    const [bilan] = find(doc, 'bilan-periodique');
    change(bilan!, find(bilan!, 'moyennes-annuelles')[0]!);
    edits.push({ name: `new:${name}`, doc });
  };
  for (const valeur of ['0', '20.000000000', '20.000000001', '-0.5', '12.1234567891', '12.12345678900', 'abc', '', '1e3', ' 12.5 ', '+7', '.5']) {
    edit(`valeur=${JSON.stringify(valeur)}`, (_b, averages) => { kids(averages)[0]!.attrs.valeur = valeur; });
  }
  for (const statut of ['DI', 'XX', '', 'nn']) edit(`statut=${JSON.stringify(statut)}`, (_b, averages) => { kids(averages)[0]!.attrs.statut = statut; });
  edit('valeur-missing', (_b, averages) => { delete kids(averages)[0]!.attrs.valeur; });
  edit('unknown-attribute', (_b, averages) => { kids(averages)[0]!.attrs.coefficient = '2'; });
  edit('dangling-ref', (_b, averages) => { kids(averages)[0]!.attrs['discipline-ref'] = 'NOWHERE'; });
  edit('empty', (_b, averages) => { averages.children = []; });
  edit('after-vie-scolaire', (bilan, averages) => {
    bilan.children = kids(bilan).filter((c) => c !== averages);
    kids(bilan).splice(kids(bilan).findIndex((c) => c.name === 'vie-scolaire') + 1, 0, averages);
  });
  edit('removed-devoirs-faits', (bilan) => {
    kids(bilan).splice(kids(bilan).findIndex((c) => c.name === 'vie-scolaire'), 0, el('devoirs-faits', {}, 'Fait en étude.'));
  });
  return edits;
}

describe('a next collège version (13.0) built from 10.0', () => {
  it('is judged by the engine as xmllint judges it with that schema, over generated variants', async (ctx) => {
    requirePrerequisites(ctx);
    const schemaFile = path.join(work, 'lsu-college-13.0.xsd');
    writeFileSync(schemaFile, nextSchemaFrom(readFileSync(xsdPathOf(lsuDir, '10.0'), 'utf8')));
    const { rules, warnings } = compileLsuSchema(readFileSync(schemaFile));
    expect(warnings).toEqual([]);
    expect(rules.versions).toEqual(['13.0']);
    const accept = acceptWithRuleSets(['13.0'], [rules]);
    const previous = compileLsuSchema(readFileSync(xsdPathOf(lsuDir, '10.0'))).rules;
    const bilan = '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique';
    expect(diffRuleSets(previous, rules).map(describeChange)).toEqual([
      'schemaVersion values: 10.0 → 13.0',
      '~ attribute /lsun-bilans/@schemaVersion type string enumeration={10.0} → string enumeration={13.0}',
      `+ element ${bilan}/moyennes-annuelles [0..1] sequence`,
      `+ element ${bilan}/moyennes-annuelles/moyenne-annuelle [1..n] empty`,
      `- element ${bilan}/devoirs-faits`,
    ]);

    const { model: model10, others } = readFamilyModels(lsuDir, '10.0');
    const variants = [
      ...buildVariantsOf(readXsd(schemaFile), [model10, ...others], nextDocument()),
      ...newElementEdits().map(({ name, doc }) => ({ name, rule: name, expect: name.includes('dangling') ? 'blind-spot' as const : 'invalid' as const, bytes: toBytes(doc) })),
    ];
    const files = variants.map((v, k) => {
      const file = path.join(work, `${k}.xml`);
      writeFileSync(file, v.bytes);
      return file;
    });
    const verdicts = await validateWithXmllint(schemaFile, files);
    const disagreements: string[] = [];
    let refused = 0;
    for (const [k, v] of variants.entries()) {
      const xmllint = verdicts.get(files[k]!)?.valid ? 'accepted' : 'error';
      const wanted = v.expect === 'blind-spot' || v.expect === 'policy' ? 'error' : xmllint;
      if (wanted === 'error') refused++;
      const report = await checkLsu(chunked(v.bytes), { accept, maxIssues: 3 });
      if (report.verdict !== wanted) disagreements.push(`${v.name}: engine ${report.verdict}, wanted ${wanted} [${report.errors.map((e) => `${e.code} ${e.path}`).join('; ')}]`);
    }
    expect(disagreements.slice(0, 40), `${disagreements.length} of ${variants.length} files disagree`).toEqual([]);
    expect(verdicts.get(files[0]!)?.valid).toBe(true);
    expect(variants.some((v) => v.name.includes('moyenne-annuelle'))).toBe(true);
    const edits = variants.filter((v) => v.name.startsWith('new:')).map((v) => `${v.name} ${verdicts.get(files[variants.indexOf(v)]!)?.valid ? 'valid' : 'invalid'}`);
    expect(edits.filter((e) => e.endsWith(' valid'))).toEqual(['new:valeur="0" valid', 'new:valeur="20.000000000" valid', 'new:valeur="12.12345678900" valid', 'new:valeur=" 12.5 " valid', 'new:valeur="+7" valid', 'new:valeur=".5" valid', 'new:statut="DI" valid', 'new:dangling-ref valid']);
    expect(refused).toBeGreaterThan(300);
    expect(variants.length).toBeGreaterThan(1000);
  }, 180_000);
});
