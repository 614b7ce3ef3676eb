import { buildLsuDocument, generateLsuBuffer, materialize, type LsuGeneratorOptions, type XmlNode } from '@preau/lsu/test-support';

/** The structure a base needs so that a generated collège file lands with successes, alerts and rejections. */
export interface SchoolStructure {
  periods: { index: number; count: number; startDate: string; endDate: string }[];
  classes: { code: string; label: string; assessmentMode: 'grades' | 'positioning' }[];
  pupils: { nationalId: string; lastName: string; firstName: string; classCode: string }[];
  teachers: { civility: 'M' | 'MME'; lastName: string; firstName: string; stsId: string }[];
  disciplines: { code: string; label: string }[];
}

export interface LsuScenario {
  file: Buffer;
  structure: SchoolStructure;
  /** Pupils of the file left out of the base: their bilans are rejected (unknown pupil). */
  missingPupils: string[];
  /** Classes set to positioning while the file gives them averages: their periodic bilans carry an alert. */
  positioningClasses: string[];
}

function kidsOf(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!node || typeof node.children === 'function') return [];
  return node.children.filter((c) => c.name === name);
}

function firstOf(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return kidsOf(node, name)[0];
}

const attr = (node: XmlNode, name: string): string => node.attrs[name] ?? '';

/**
 * A collège 10.0 file from the LSU test kit and the base structure read from the same document,
 * minus `missing` pupils (→ rejected) and with the first division's assessment switched to
 * positioning while the file gives it averages (→ alert); the other bilans land as successes.
 */
export async function buildLsuScenario(options: Partial<LsuGeneratorOptions> & { uai: string }, missing = 3): Promise<LsuScenario> {
  const generator: LsuGeneratorOptions = { version: '10.0', pupils: 30, pupilsPerDivision: 10, periods: 3, cycleBilans: true, millesime: 2025, ...options };
  const document = materialize(buildLsuDocument(generator));
  const donnees = firstOf(document, 'donnees');
  const pupilNodes = kidsOf(firstOf(donnees, 'eleves'), 'eleve');
  const divisions = [...new Set(pupilNodes.map((p) => attr(p, 'code-division')))];
  const graded = new Set(bilanDivisionsWithAverages(donnees, pupilNodes));
  const positioningClasses = divisions.slice(0, 1);
  const missingPupils = pupilNodes.slice(-missing).map((p) => attr(p, 'id-be'));
  const periodBounds = periodDates(generator.millesime ?? 2025);

  const structure: SchoolStructure = {
    periods: kidsOf(firstOf(donnees, 'periodes'), 'periode').map((p, k) => ({
      index: Number(attr(p, 'indice')), count: Number(attr(p, 'nb-periodes')), ...(periodBounds[k] as { startDate: string; endDate: string }),
    })),
    classes: divisions.map((code) => ({
      code, label: `Classe de ${code}`,
      assessmentMode: positioningClasses.includes(code) || !graded.has(code) ? 'positioning' : 'grades',
    })),
    pupils: pupilNodes.filter((p) => !missingPupils.includes(attr(p, 'id-be'))).map((p) => ({
      nationalId: attr(p, 'id-be'), lastName: attr(p, 'nom'), firstName: attr(p, 'prenom'), classCode: attr(p, 'code-division'),
    })),
    teachers: kidsOf(firstOf(donnees, 'enseignants'), 'enseignant').map((e) => ({
      civility: attr(e, 'civilite') === 'MME' ? 'MME' : 'M', lastName: attr(e, 'nom'), firstName: attr(e, 'prenom') || '-', stsId: attr(e, 'id-sts'),
    })),
    disciplines: kidsOf(firstOf(donnees, 'disciplines'), 'discipline').map((d) => ({ code: attr(d, 'code'), label: attr(d, 'libelle') })),
  };
  return { file: await generateLsuBuffer(generator, document), structure, missingPupils, positioningClasses };
}

/** Divisions whose periodic bilans carry pupils' averages (the others are assessed by positioning). */
function bilanDivisionsWithAverages(donnees: XmlNode | undefined, pupils: XmlNode[]): string[] {
  const divisionOf = new Map(pupils.map((p) => [attr(p, 'id'), attr(p, 'code-division')]));
  const found = new Set<string>();
  for (const bilan of kidsOf(firstOf(donnees, 'bilans-periodiques'), 'bilan-periodique')) {
    const averages = kidsOf(firstOf(bilan, 'liste-acquis'), 'acquis').filter((a) => a.attrs['moyenne-eleve'] !== undefined).length;
    if (averages > 1) found.add(divisionOf.get(attr(bilan, 'eleve-ref')) ?? '');
  }
  return [...found];
}

/** Trimester dates of the school year starting in `millesime` (as the test kit writes them). */
function periodDates(millesime: number): { startDate: string; endDate: string }[] {
  const [y0, y1] = [String(millesime), String(millesime + 1)];
  return [
    { startDate: `${y0}-09-01`, endDate: `${y0}-11-30` },
    { startDate: `${y0}-12-01`, endDate: `${y1}-03-07` },
    { startDate: `${y1}-03-08`, endDate: `${y1}-07-04` },
  ];
}

/** CSV text (`;`-separated, UTF-8) of rows under a header. */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => (/[;"\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [header.join(';'), ...rows.map((r) => r.map(cell).join(';'))].join('\n') + '\n';
}
