/**
 * A made-up import a new parse worker runs before its first task (decision 0007). V8 compiles the
 * engine's hot code as it runs: without this, it does so during the first real import after a start,
 * which then takes 20–40 % longer. The file is a small collège 10.0 file written here, read against
 * a base that knows its classes and periods and all but a few of its pupils and teachers, so the
 * engine, the rules (every verdict), the rows' encoding and the fingerprints all run as in an import;
 * then again as a re-import, with the bilans the first read stored, which the scanner leaves out.
 * The task, the base and the stored list are made as the worker receives them (V8 gives the objects
 * a message or the list's reader makes shapes of their own, and code that saw only others is thrown
 * away when they come). Nothing leaves the worker.
 */
import { Readable } from 'node:stream';
import { normalizeName, type BaseSnapshot } from './base-snapshot.ts';
import { baseDigest, createBilanScanner } from './bilan-fingerprints.ts';
import type { ParseOutcome, ParseTask, parseImportFile } from './import-parse.ts';
import { STORED_FIELD, STORED_RECORD, StoredFingerprints } from './stored-fingerprints.ts';

const PUPILS = 400;
const PERIODS = 3;
const CLASSES = ['3A', '3B', '3C', '3D'];
const DISCIPLINES = ['020100', '030201', '030602', '040300', '061300', '061800', '070800', '100100'];
const TEACHERS = [
  { civility: 'M', last: 'Petit', first: 'Jean' },
  { civility: 'MME', last: 'Lefèvre', first: 'Anaïs' },
  { civility: 'MME', last: "D'Almeida", first: 'Inès' },
  { civility: 'M', last: 'Garçon', first: 'Noé' },
];
/** Head teacher of every tenth pupil (`unknownHead`), in the file and not in the base: their periodic bilans get an alert. */
const UNKNOWN_TEACHER = { civility: 'MME', last: 'Inconnue', first: 'Zoé' };
const unknownHead = (p: number) => p % 10 === 5;
/** Every fiftieth pupil is not in the base: their bilans are rejected. */
const unknownPupil = (p: number) => p % 50 === 0;
const APPRECIATIONS = [
  'Bon trimestre, &quot;continuez&quot; ainsi : les résultats sont là.',
  "Travail sérieux et régulier ; l'élève participe volontiers à l'oral.",
  'Des efforts, mais des leçons à revoir &amp; des exercices à refaire.',
  'Ensemble satisfaisant. Attention aux bavardages &lt;en classe&gt;.',
];
const BLOCK = 1024 * 1024;

/** The made-up file: `PUPILS` pupils, a periodic bilan per pupil and period, a cycle bilan per pupil. */
export function warmUpFile(): Buffer {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" schemaVersion="10.0">\n',
    '  <entete>\n    <editeur>Préau</editeur>\n    <application>Préau</application>\n    <etablissement>0382032C</etablissement>\n  </entete>\n',
    '  <donnees>\n    <responsables-etab>\n      <responsable-etab id="RESP_1" libelle="Mme la principale"/>\n    </responsables-etab>\n    <eleves>\n',
  ];
  for (let p = 1; p <= PUPILS; p++) {
    out.push(`      <eleve id="EL_${p}" id-be="${1000 + p}" nom="Élève ${p}" prenom="Léa-Zoé" code-division="${CLASSES[p % CLASSES.length]}"/>\n`);
  }
  out.push('    </eleves>\n    <periodes>\n');
  for (let i = 1; i <= PERIODS; i++) out.push(`      <periode id="P_${i}" millesime="2025" indice="${i}" nb-periodes="${PERIODS}"/>\n`);
  out.push('    </periodes>\n    <disciplines>\n');
  DISCIPLINES.forEach((code, d) => out.push(`      <discipline id="DI_${d + 1}" code="${code}" modalite-election="S" libelle="Discipline ${d + 1}"/>\n`));
  out.push('    </disciplines>\n    <enseignants>\n');
  [...TEACHERS, UNKNOWN_TEACHER].forEach((t, e) => out.push(`      <enseignant id="ENS_${e + 1}" type="epp" id-sts="${1234 + e}" civilite="${t.civility}" nom="${t.last}" prenom="${t.first}"/>\n`));
  out.push('    </enseignants>\n    <elements-programme>\n      <element-programme id="EP_1" libelle="Lire et comprendre"/>\n      <element-programme id="EP_2" libelle="Écrire"/>\n    </elements-programme>\n    <bilans-periodiques>\n');
  for (let p = 1; p <= PUPILS; p++) {
    for (let i = 1; i <= PERIODS; i++) {
      const head = unknownHead(p) ? `ENS_${TEACHERS.length + 1}` : `ENS_${(p % TEACHERS.length) + 1}`;
      out.push(`      <bilan-periodique eleve-ref="EL_${p}" periode-ref="P_${i}" date-conseil-classe="2025-12-10" date-scolarite="2025-09-01" responsable-etab-ref="RESP_1" prof-princ-refs="${head}">\n        <liste-acquis>\n`);
      DISCIPLINES.forEach((_, d) => {
        const teachers = d % 3 === 0 ? `ENS_${(d % TEACHERS.length) + 1} ${head}` : `ENS_${(d % TEACHERS.length) + 1}`;
        const average = ((p * 7 + d * 3 + i) % 20) + 0.5;
        out.push(
          `          <acquis discipline-ref="DI_${d + 1}" enseignant-refs="${teachers}" element-programme-refs="EP_${(d % 2) + 1}" moyenne-eleve="${average}" moyenne-structure="11.25">\n`,
          `            <appreciation>${APPRECIATIONS[(p + d + i) % APPRECIATIONS.length]}</appreciation>\n          </acquis>\n`,
        );
      });
      out.push(
        '        </liste-acquis>\n        <acquis-conseils>Bon ensemble, à poursuivre.</acquis-conseils>\n',
        `        <vie-scolaire nb-retards="${p % 3}" nb-abs-justifiees="${i}" nb-abs-injustifiees="0">\n          <commentaire>RAS</commentaire>\n        </vie-scolaire>\n      </bilan-periodique>\n`,
      );
    }
  }
  out.push('    </bilans-periodiques>\n    <bilans-cycle>\n');
  const domains = ['CPD_FRA', 'CPD_ETR', 'CPD_SCI', 'CPD_ART', 'MET_APP', 'FRM_CIT', 'SYS_NAT', 'REP_MND'];
  for (let p = 1; p <= PUPILS; p++) {
    out.push(`      <bilan-cycle eleve-ref="EL_${p}" cycle="4" millesime="2025" date-creation="2026-06-20" responsable-etab-ref="RESP_1">\n        <socle>\n`);
    domains.forEach((code, d) => out.push(`          <domaine code="${code}" positionnement="${(p + d) % 5}"/>\n`));
    out.push('        </socle>\n        <synthese>Bilan de cycle satisfaisant.</synthese>\n      </bilan-cycle>\n');
  }
  out.push('    </bilans-cycle>\n  </donnees>\n</lsun-bilans>\n');
  return Buffer.from(out.join(''));
}

/** The base the made-up file is read against: it knows everything the file names but the unknown pupils and head teacher. */
export function warmUpBase(): BaseSnapshot {
  const pupils = new Map<string, { id: string }>();
  for (let p = 1; p <= PUPILS; p++) if (!unknownPupil(p)) pupils.set(String(1000 + p), { id: `pupil-${p}` });
  const classes = new Map(CLASSES.map((code) => [code, { id: `class-${code}`, code, label: code, nationalId: null, dataSource: 'editor_import' as const, assessmentMode: 'grades' as const }]));
  const periods = Array.from({ length: PERIODS }, (_, i) => ({ id: `period-${i + 1}`, index: i + 1, count: PERIODS, startDate: '', endDate: '' }));
  const teachers = new Set(TEACHERS.map((t) => `${t.civility}|${normalizeName(t.last)}`));
  return {
    baseId: 'warm-up', organizationId: 'warm-up', uai: '0382032C', degree: 'college', schoolYear: '2025-2026',
    acceptedVersions: ['10.0'], provisionalNewerVersions: false, pupils, classes, periods, teachers, teacherVerdicts: new Map(),
  };
}

/**
 * What a base that imported the made-up file stores: its bilans but the rejected ones, by
 * fingerprint (taken by the scanner, as the first import takes them), read from the text
 * `findStoredFingerprints` would give.
 */
async function storedAfterFirstImport(file: Buffer, base: BaseSnapshot): Promise<StoredFingerprints> {
  const scanner = createBilanScanner(baseDigest(base), StoredFingerprints.none);
  // Nothing stored: the scanner reads the prologue, then fingerprints whatever bilan it is given.
  for await (const piece of scanner.filter(Readable.from([file]))) void piece;
  const lines: string[] = [];
  const ordinals = { periodic: 0, cycle: 0 };
  for (const match of file.toString('latin1').matchAll(/<bilan-(periodique|cycle) eleve-ref="EL_(\d+)"(?: periode-ref="P_(\d+)")?[\s\S]*?<\/bilan-\1>/g)) {
    const kind = match[1] === 'cycle' ? 'cycle' : 'periodic';
    const pupil = Number(match[2]);
    const element = file.subarray(match.index, match.index + match[0].length);
    const { fingerprint } = scanner.identify(kind, ++ordinals[kind], element);
    if (fingerprint === null || unknownPupil(pupil)) continue;
    const status = kind === 'periodic' && unknownHead(pupil) ? 'alert' : 'success';
    const slot = kind === 'periodic' ? `period-${match[3]}` : 'cycle-4';
    lines.push([fingerprint, kind, status, `pupil-${pupil}`, slot, CLASSES[pupil % CLASSES.length]].join(STORED_FIELD) + STORED_RECORD);
  }
  return StoredFingerprints.read(Buffer.from(lines.join('')));
}

/**
 * Parses the made-up file twice with `parse`: as a base's first import, then as a re-import of a
 * base that stores what the first stored. Resolves with both outcomes; every row is dropped.
 */
export async function runWarmUp(parse: typeof parseImportFile): Promise<[ParseOutcome, ParseOutcome]> {
  const file = warmUpFile();
  const base = structuredClone(warmUpBase());
  const task: ParseTask = structuredClone({
    versions: { acceptedVersions: base.acceptedVersions, provisionalNewerVersions: base.provisionalNewerVersions },
    ref: { organizationId: 'warm-up', baseId: 'warm-up', importId: 'warm-up' },
    batchBytes: BLOCK,
    maxIssues: 100,
    ruleSets: { key: '', stored: [] },
  });
  // As the worker receives a file: blocks of their own, never written again.
  const blocks = () => {
    const list: Buffer[] = [];
    for (let at = 0; at < file.length; at += BLOCK) list.push(Buffer.from(file.subarray(at, at + BLOCK)));
    return Readable.from(list, { objectMode: true });
  };
  const sink = { rows: () => undefined, progress: () => undefined };
  const first = await parse(task, blocks(), sink, Promise.resolve(StoredFingerprints.none), Promise.resolve(base));
  const stored = await storedAfterFirstImport(file, base);
  const again = await parse(task, blocks(), sink, Promise.resolve(stored), Promise.resolve(base));
  return [first, again];
}
