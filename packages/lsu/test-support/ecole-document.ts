/** Builds an école (1st degree) LSU document for schema 1.0 or 1.0b. */
import { COMMUNES, FIRST_NAMES, LAST_NAMES, STREETS, appreciation } from './french-text.ts';
import { periodDates, type ResolvedOptions } from './options.ts';
import { createRandom, type Random } from './random.ts';
import { LSU_NS, el, type XmlNode } from './xml-node.ts';

const SOCLE = ['CPD_FRA', 'CPD_ETR', 'CPD_SCI', 'CPD_ART', 'MET_APP', 'FRM_CIT', 'SYS_NAT', 'REP_MND'];
const LEVELS = ['CP', 'CE1', 'CE2', 'CM1', 'CM2'];
const DOMAINS: [string, string[]][] = [
  ['FRA-RAC', ['FRA-LGO', 'FRA-LEC', 'FRA-ECR', 'FRA-ETL']], ['MAT-RAC', ['MAT-NBC', 'MAT-GDM', 'MAT-GEO']],
  ['QLM-RAC', ['QLM-ETP', 'QLM-VMO']], ['ART-RAC', ['ART-PLA', 'ART-MUS']], ['EPS-RAC', []], ['EMC-RAC', []], ['LGV-RAC', []],
];
const PROGRAMME = [
  'Lire à voix haute un texte court', 'Écrire un texte de quelques lignes', 'Mémoriser les tables de multiplication',
  'Résoudre des problèmes additifs', 'Se repérer dans le temps proche', 'Pratiquer le dessin', 'Chanter en chœur',
  'Courir, sauter, lancer', 'Respecter les règles de vie collective', 'Comprendre des consignes en anglais',
].map((label) => label.replace('œ', 'oe'));

/** The whole document; bilans are produced lazily. */
export function buildEcoleDocument(o: ResolvedOptions): XmlNode {
  const r = createRandom(o.seed);
  const b = o.version === '1.0b';
  const classCount = Math.max(1, Math.ceil(o.pupils / o.pupilsPerDivision));
  const classes = Array.from({ length: classCount }, (_, c) => ({ id: `CL_${c + 1}`, onde: 400_000 + c * 17, level: LEVELS[c % 5] as string, label: `${LEVELS[c % 5]} ${String.fromCharCode(65 + Math.floor(c / 5) % 26)}${c >= 130 ? Math.floor(c / 130) : ''}` }));
  const teachers = classes.map((c, k) => ({ id: `ENS_${k + 1}`, civilite: k % 3 ? 'MME' : 'M', nom: `${r.pick(LAST_NAMES).toUpperCase()}-${k + 1}`, prenom: r.pick(FIRST_NAMES), classId: c.id }));
  const pupils = Array.from({ length: o.pupils }, (_, i) => ({
    index: i, id: `EL_${i + 1}`, ine: `${String(1_234_567_000 + i * 7).padStart(10, '0')}${String.fromCharCode(65 + (i % 26))}`,
    cls: classes[Math.floor(i / o.pupilsPerDivision)] ?? classes[0]!, nom: r.pick(LAST_NAMES), prenom: r.pick(FIRST_NAMES),
  }));
  const periods = o.periods === 0 ? [] : periodDates(o.millesime, o.periods).map((p, k) => ({ id: `P_${k + 1}`, index: k + 1, ...p }));
  const donnees: XmlNode[] = [
    el('directeurs', {}, [el('directeur', { id: 'DIR_1', civilite: 'MME', nom: 'Lemaître', prenom: 'Agnès' })]),
    el('classes', {}, classes.map((c, k) => el('classe', { id: c.id, 'id-be': c.onde, libelle: k === 0 || r.chance(0.8) ? c.label : undefined }))),
    el('eleves', {}, () => pupils.map((p) => el('eleve', { id: p.id, ine: p.ine, 'classe-ref': p.cls.id, nom: p.nom, prenom: p.prenom }))),
  ];
  if (periods.length > 0) donnees.push(el('periodes', {}, periods.map((p) => el('periode', { id: p.id, millesime: o.millesime, indice: p.index, 'nb-periodes': o.periods, 'date-debut': p.start, 'date-fin': p.end }))));
  donnees.push(
    el('enseignants', {}, teachers.map((t) => el('enseignant', { id: t.id, civilite: t.civilite, nom: t.nom, prenom: t.prenom }))),
    el('elements-programme', {}, PROGRAMME.map((label, k) => el('element-programme', { id: `EP_${k + 1}`, libelle: label }))),
  );
  if (periods.length > 0) {
    donnees.push(el('parcours-communs', {}, periods.flatMap((p) => classes.map((c) => el('parcours-commun', { 'periode-ref': p.id, 'classe-ref': c.id }, [
      el('parcours', { code: 'PAR_CIT' }, 'Élection des délégués et conseil d\'école des enfants.'), el('parcours', { code: 'PAR_ART' }, 'Visite du musée des Beaux-Arts.'),
    ])))));
    donnees.push(el('bilans-periodiques', {}, function* () {
      for (const pupil of pupils) for (const period of periods) {
        const rich = pupil.index === 0 && period.index === 1;
        const teacher = teachers[classes.indexOf(pupil.cls)]!;
        yield el('bilan-periodique', {
          'eleve-ref': pupil.id, 'periode-ref': period.id, 'enseignant-refs': rich ? `${teacher.id} ${teachers[1]?.id ?? teacher.id}` : teacher.id,
          'date-creation': period.end, 'date-scolarite': period.start, 'date-verrou': `${period.end}T17:00:00`, 'directeur-ref': 'DIR_1',
        }, [
          el('liste-acquis', {}, DOMAINS.map(([code, subs], k) => acquis(r, b, rich, code, subs, k))),
          ...(rich || period.index === o.periods ? [el('liste-parcours', {}, [el('parcours', { code: 'PAR_SAN' }, 'Sensibilisation aux gestes de premiers secours.')])] : []),
          ...(rich || r.chance(0.05) ? [el('modalites-accompagnement', {}, [el('modalite-accompagnement', { code: 'RASED' }), el('modalite-accompagnement', { code: 'PPRE' }, [el('complement-ppre', {}, 'Aide en lecture.')])])] : []),
          el('appreciation-generale', {}, appreciation(r, r.int(200, 500), 1500)),
          ...(rich || (period.index === o.periods && pupil.cls.level === 'CM2') ? [el('socle', {}, SOCLE.map((code) => el('domaine', { code, positionnement: rich ? undefined : r.int(0, 4) })))] : []),
          ...(rich || r.chance(0.05) ? [el('responsables', {}, responsables(r))] : []),
        ]);
      }
    }));
  }
  const cyclePupils = o.cycleBilans ? pupils.filter((p) => p.index === 0 || p.cls.level === 'CE2') : [];
  if (cyclePupils.length > 0) {
    donnees.push(el('bilans-cycle', {}, () => cyclePupils.map((pupil) => el('bilan-cycle', {
      'eleve-ref': pupil.id, cycle: 2, millesime: o.millesime, 'enseignant-refs': teachers[classes.indexOf(pupil.cls)]!.id,
      'date-creation': `${o.millesime + 1}-06-22`, 'date-verrou': `${o.millesime + 1}-06-30T12:00:00`, 'directeur-ref': 'DIR_1',
    }, [
      el('socle', {}, SOCLE.map((code) => el('domaine', { code, positionnement: r.int(0, 4) }))),
      el('synthese', {}, appreciation(r, r.int(300, 700), 1500)),
      ...(pupil.index === 0 ? [el('responsables', {}, responsables(r))] : []),
    ]))));
  }
  return el('lsun-bilans', { xmlns: LSU_NS, schemaVersion: '1.0' }, [
    el('entete', {}, [el('editeur', {}, o.editor), el('application', {}, o.application), el('etablissement', {}, o.uai)]),
    el('donnees', {}, donnees),
  ]);
}

function acquis(r: Random, b: boolean, rich: boolean, code: string, subs: string[], k: number): XmlNode {
  const skipped = b && (r.chance(0.03) || (rich && k === 6));
  const children: XmlNode[] = [];
  if (rich || r.chance(0.7)) children.push(el('appreciation', {}, appreciation(r, r.int(80, 200), 600)));
  if (subs.length > 0) {
    children.push(el('sous-domaines', {}, subs.map((sub, s) => el('sous-domaine', {
      'code-domaine': sub, 'element-programme-refs': `EP_${((k + s) % 10) + 1}`, positionnement: r.int(1, 4), 'non-evalue': b && rich && s === 0 ? 'false' : undefined,
    }))));
  }
  return el('acquis', {
    'code-domaine': code, 'element-programme-refs': rich || r.chance(0.6) ? `EP_${(k % 10) + 1}` : undefined,
    positionnement: skipped ? undefined : r.int(1, 4), 'non-evalue': skipped ? 'true' : undefined,
  }, children);
}

function responsables(r: Random): XmlNode[] {
  return [el('responsable', { civilite: 'M', nom: 'Girard', prenom: 'Frédéric', 'lien-parente': 'Père' }, [
    el('adresse', { ligne1: `${r.int(1, 99)} ${r.pick(STREETS)}`, ligne2: 'Résidence Les Tilleuls', ligne3: 'Bât. C', ligne4: 'Appt 12', 'code-postal': '38000', commune: r.pick(COMMUNES) }),
  ])];
}
