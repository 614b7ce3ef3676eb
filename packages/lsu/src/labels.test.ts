/** The report's labels: what the file's `donnees` declare for the IDs bilans refer to. */
import { describe, expect, it } from 'vitest';
import { generateLsuBuffer, type LsuVersion } from '@preau/lsu/test-support';
import { checkLsu, labelsOfBilan, readBilanXml } from './index.ts';
import type { CheckOptions, LsuBilan, LsuLabels, LsuNode, LsuReport } from './types.ts';
import { COLLEGE_10, ECOLE_1, edit } from './check.fixtures.ts';

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function check(xml: string | Buffer, options: CheckOptions = {}): Promise<{ report: LsuReport; bilans: LsuBilan[] }> {
  const bilans: LsuBilan[] = [];
  const report = await checkLsu(once(typeof xml === 'string' ? Buffer.from(xml) : xml), { onBilan: (b) => void bilans.push(b), ...options });
  return { report, bilans };
}

/** Plain copies (the maps have no prototype), for `toEqual`. */
const plain = (labels: LsuLabels | undefined): unknown => JSON.parse(JSON.stringify(labels ?? null)) as unknown;

/** Every ID named by a `*-ref(s)` attribute of a tree, with the attribute. */
function referencesOf(node: LsuNode, out: [string, string][] = []): [string, string][] {
  for (const [name, value] of Object.entries(node.attributes)) {
    if (/-refs?$/.test(name)) for (const id of value.trim().split(/\s+/)) out.push([name, id]);
  }
  for (const child of node.children) referencesOf(child, out);
  return out;
}

const EMPTY = { disciplines: {}, teachers: {}, programmeElements: {}, epiGroups: {}, accompanimentGroups: {}, schoolHeads: {}, directors: {}, digitalCommons: {} };

describe('labels of the report', () => {
  it('reads a collège file’s disciplines, teachers, programme elements and heads of school', async () => {
    const { report } = await check(COLLEGE_10);
    expect(plain(report.labels)).toEqual({
      ...EMPTY,
      disciplines: { DI_1: { code: '030201', label: 'Anglais LV1' }, DI_2: { code: '020100', label: 'Français' } },
      teachers: { ENS_1: { civility: 'M', lastName: 'Petit', firstName: 'Jean' } },
      programmeElements: { EP_1: 'Lire' },
      schoolHeads: { RESP_1: 'Mme Directrice' },
    });
  });

  it('reads an école file’s teachers and director', async () => {
    const { report } = await check(ECOLE_1);
    expect(plain(report.labels)).toEqual({
      ...EMPTY,
      teachers: { ENS_1: { civility: 'M', lastName: 'Petit', firstName: 'Paul' } },
      directors: { DIR_1: { civility: 'MME', lastName: 'Durand', firstName: 'Anne' } },
    });
  });

  it.each<LsuVersion>(['10.0', '7.0', '3.0', '1.0b'])('labels every reference inside the bilans of a generated %s file but pupils and periods', async (version) => {
    const bytes = await generateLsuBuffer({ version, pupils: 8, pupilsPerDivision: 2 });
    const accept = [version === '1.0b' ? '1.0' : version];
    for (const content of ['tree', 'xml'] as const) {
      const { report, bilans } = await check(bytes, { accept, content });
      expect(report.verdict).toBe('accepted');
      const kinds = new Set<string>();
      for (const bilan of bilans) {
        const tree = content === 'xml' ? readBilanXml(bilan.xml!) : bilan.content;
        const own = plain(labelsOfBilan(report.labels!, tree)) as Record<string, Record<string, unknown>>;
        for (const [attribute, id] of referencesOf(tree)) {
          if (attribute === 'eleve-ref' || attribute === 'periode-ref') continue;
          kinds.add(attribute);
          const found = Object.values(own).filter((map) => map[id] !== undefined);
          expect(found, `${attribute}="${id}"`).toHaveLength(1);
        }
      }
      const expected = version === '1.0b' ? ['directeur-ref', 'element-programme-refs', 'enseignant-refs']
        : ['acc-perso-groupe-ref', 'comp-num-commun-refs', 'discipline-ref', 'element-programme-refs', 'enseignant-refs', 'epi-groupe-ref', 'prof-princ-refs', 'responsable-etab-ref'];
      expect([...kinds].sort()).toEqual(expected);
    }
  });

  it('names EPI and accompaniment groups with their EPI and accompaniment, and keeps the common digital appraisal', async () => {
    const { report } = await check(await generateLsuBuffer({ version: '10.0', pupils: 4, pupilsPerDivision: 2 }));
    const labels = plain(report.labels) as LsuLabels;
    expect(labels.epiGroups.EPIG_1).toEqual({ title: 'EPI 3A', epi: 'Le collège éco-responsable', theme: 'EPI_EDD' });
    expect(labels.accompanimentGroups).toEqual({ APG_1: { title: 'AP 6e', accompaniment: 'Aide méthodologique' } });
    expect(labels.digitalCommons.CNC_0).toBe('Découverte de l\'environnement numérique du collège et de l\'ENT.');
    expect(labels.disciplines.DI_020700S).toEqual({ code: '020700', label: 'Français' });
    expect(Object.values(labels.teachers).filter((t) => t.firstName === undefined)).toHaveLength(1); // the generator leaves one prénom empty
  });

  it('picks only the labels one bilan uses, and treats IDs such as __proto__ as plain keys', async () => {
    const xml = edit(COLLEGE_10, ['id="EP_1"', 'id="__proto__"'], ['element-programme-refs="EP_1"', 'element-programme-refs=" __proto__ "']);
    const { report, bilans } = await check(xml);
    expect(report.verdict).toBe('accepted');
    expect(Object.getPrototypeOf(report.labels!.programmeElements)).toBeNull();
    const second = plain(labelsOfBilan(report.labels!, bilans[1]!.content));
    expect(second).toEqual({ ...EMPTY, disciplines: { DI_1: { code: '030201', label: 'Anglais LV1' } }, teachers: { ENS_1: { civility: 'M', lastName: 'Petit', firstName: 'Jean' } }, schoolHeads: { RESP_1: 'Mme Directrice' } });
    const first = plain(labelsOfBilan(JSON.parse(JSON.stringify(report.labels)) as LsuLabels, bilans[0]!.content)) as LsuLabels;
    expect(Object.entries(first.programmeElements)).toEqual([['__proto__', 'Lire']]);
    // Labels stored before a category existed, and IDs that name Object.prototype members.
    const old = labelsOfBilan({ teachers: { ENS_1: { lastName: 'Petit' } } }, { name: 'acquis', attributes: { 'discipline-ref': 'constructor', 'enseignant-refs': 'ENS_1 toString' }, children: [] });
    expect(plain(old)).toEqual({ ...EMPTY, teachers: { ENS_1: { lastName: 'Petit' } } });
  });

  it('gives what was read of a refused file, and no labels when the version is unknown', async () => {
    const broken = await check(edit(COLLEGE_10, ['nb-retards="1"', 'nb-retards="x"']));
    expect(broken.report.verdict).toBe('error');
    expect(broken.report.labels?.disciplines.DI_1).toEqual({ code: '030201', label: 'Anglais LV1' });
    const unknown = await check(edit(COLLEGE_10, ['schemaVersion="10.0"', 'schemaVersion="11.0"']));
    expect(unknown.report.labels).toBeUndefined();
  });
});
