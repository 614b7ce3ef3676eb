/** Builds a collège (2nd degree) LSU document for schema 10.0, 7.0 or 3.0. */
import { buildCollegeSchool, subjectsOf, teacherOf, type CollegeSchool, type Pupil, type Period } from './college-school.ts';
import { COMMUNES, STREETS, appreciation } from './french-text.ts';
import { daysBefore, type ResolvedOptions } from './options.ts';
import { createRandom, type Random } from './random.ts';
import { LSU_NS, el, type XmlNode } from './xml-node.ts';

const SOCLE = ['CPD_FRA', 'CPD_ETR', 'CPD_SCI', 'CPD_ART', 'MET_APP', 'FRM_CIT', 'SYS_NAT', 'REP_MND'];
const DIGITAL = ['CN_INF_MEN', 'CN_COM_COL', 'CN_CRE_TEX', 'CN_PRO_SEC', 'CN_ENV_RES'];

/** Version traits that change what a valid file contains. */
function traits(version: string) {
  return {
    v10: version === '10.0',
    dateVerrou: version === '3.0' ? 'always' : version === '7.0' ? 'sometimes' : 'never',
    fullPeriodSocle: version === '3.0',
    maxAppreciation: version === '10.0' ? 1000 : 600,
  } as const;
}

/** The whole document; pupils and bilans are produced lazily. */
export function buildCollegeDocument(o: ResolvedOptions): XmlNode {
  const school = buildCollegeSchool(o);
  const r = createRandom(o.seed + 7);
  const entete = el('entete', {}, [
    el('editeur', {}, o.editor), el('application', {}, o.application),
    el('appliVersion', {}, '1.4.2'), el('etablissement', {}, o.uai),
  ]);
  const divisionsWith = (level?: number) => school.divisions.filter((d) => level === undefined || d.level === level);
  const epiDivisions = epiDivisionsOf(school);
  const donnees: XmlNode[] = [
    el('responsables-etab', {}, [el('responsable-etab', { id: 'RE_1', libelle: 'Mme Hélène Ménard, principale' }), el('responsable-etab', { id: 'RE_2', libelle: 'M. Joël Bérard, principal adjoint' })]),
    el('eleves', {}, () => school.pupils.map((p) => el('eleve', { id: p.id, 'id-be': p.idBe, nom: p.lastName, prenom: p.firstName, 'code-division': p.division.code }))),
  ];
  if (school.periods.length > 0) donnees.push(el('periodes', {}, school.periods.map((p) => el('periode', { id: p.id, millesime: o.millesime, indice: p.index, 'nb-periodes': p.count }))));
  donnees.push(
    el('disciplines', {}, school.subjects.map((s) => el('discipline', { id: s.id, code: s.code, 'code-national': s.national, 'modalite-election': s.modalite, libelle: s.label, 'id-lv': s.idLv }))),
    el('enseignants', {}, school.teachersBySubject.flat().map((e, k) => el('enseignant', { id: e.id, type: e.type, 'id-sts': e.sts, civilite: e.civilite, nom: e.lastName, prenom: k === 1 ? '' : e.firstName }))),
    el('elements-programme', {}, school.programme.map((p) => el('element-programme', { id: p.id, libelle: p.label }))),
    el('competences-numeriques-communs', {}, [...divisionsWith(6), ...(divisionsWith(6).length ? [] : school.divisions.slice(0, 1))].map((d) =>
      el('competences-numeriques-commun', { id: `CNC_${d.index}`, 'code-structure': d.code, 'type-structure': 'D' }, 'Découverte de l\'environnement numérique du collège et de l\'ENT.'))),
  );
  if (school.periods.length > 0) {
    donnees.push(
      el('parcours-communs', {}, () => school.periods.flatMap((p) => school.divisions.map((d) => el('parcours-commun', { 'periode-ref': p.id, 'code-division': d.code }, [
        el('parcours', { code: 'PAR_CIT' }, 'Participation au conseil de la vie collégienne et à la semaine de la presse.'),
        ...(d.level <= 4 ? [el('parcours', { code: 'PAR_AVN' }, 'Découverte des métiers : forum et visite d\'entreprise.')] : []),
      ])))),
      el('vies-scolaires-communs', {}, () => school.periods.flatMap((p) => school.divisions.map((d) => el('vie-scolaire-commun', { 'periode-ref': p.id, 'code-division': d.code }, [
        el('commentaire', {}, `Classe de ${d.code} : ambiance de travail ${d.index % 2 ? 'sérieuse' : 'à améliorer'}, assiduité correcte.`)])))),
    );
  }
  const [fr, ma, , hg, svt] = school.subjects;
  donnees.push(
    el('epis-thematiques', {}, [el('epi-thematique', { code: 'EPI_LOC_PATRIMOINE', libelle: 'Patrimoine local et mémoire' })]),
    el('epis', {}, [
      el('epi', { id: 'EPI_1', intitule: 'Le collège éco-responsable', thematique: 'EPI_EDD', 'discipline-refs': `${svt?.id} ${hg?.id}` }, [el('description', {}, 'Mesure et réduction des déchets de la cantine.')]),
      el('epi', { id: 'EPI_2', intitule: 'Mémoire du quartier', thematique: 'EPI_LOC_PATRIMOINE', 'discipline-refs': `${fr?.id} ${hg?.id}` }),
    ]),
    el('epis-groupes', {}, epiDivisions.map((d, k) => el('epi-groupe', { id: `EPIG_${k + 1}`, 'epi-ref': `EPI_${(k % 2) + 1}`, intitule: `EPI ${d.code}` }, [
      ...(k === 0 ? [el('commentaire', {}, 'Groupe de projet du jeudi après-midi.')] : []),
      el('enseignants-disciplines', {}, [el('enseignant-discipline', { 'enseignant-ref': teacherOf(school, 4, d).id, 'discipline-ref': svt?.id }), el('enseignant-discipline', { 'enseignant-ref': teacherOf(school, 3, d).id, 'discipline-ref': hg?.id })]),
    ]))),
    el('acc-persos', {}, [el('acc-perso', { id: 'AP_1', intitule: 'Aide méthodologique', 'discipline-refs': `${fr?.id} ${ma?.id}` }, [el('description', {}, 'Organiser son travail personnel et apprendre ses leçons.')])]),
    el('acc-persos-groupes', {}, [el('acc-perso-groupe', { id: 'APG_1', 'acc-perso-ref': 'AP_1', intitule: 'AP 6e' }, [
      el('commentaire', {}, 'Une heure hebdomadaire.'), el('enseignants-disciplines', {}, [el('enseignant-discipline', { 'enseignant-ref': teacherOf(school, 0, school.divisions[0]!).id, 'discipline-ref': fr?.id })]),
    ])]),
  );
  if (school.periods.length > 0) donnees.push(el('bilans-periodiques', {}, () => periodicBilans(school, o, r)));
  const cyclePupils = o.cycleBilans ? school.pupils.filter((p) => p.index === 0 || p.division.level === 6 || p.division.level === 3) : [];
  if (cyclePupils.length > 0) donnees.push(el('bilans-cycle', {}, () => cyclePupils.map((p) => cycleBilan(school, o, r, p))));
  return el('lsun-bilans', { xmlns: LSU_NS, schemaVersion: o.version }, [entete, el('donnees', {}, donnees)]);
}

/** Divisions that run an EPI group (4e/3e; the first division when there is none). */
function epiDivisionsOf(school: CollegeSchool) {
  const found = school.divisions.filter((d) => d.level <= 4).slice(0, 4);
  return found.length > 0 ? found : school.divisions.slice(0, 1);
}

function* periodicBilans(school: CollegeSchool, o: ResolvedOptions, r: Random): Generator<XmlNode> {
  const invalid = { left: o.invalidAverages };
  for (const pupil of school.pupils) for (const period of school.periods) yield periodicBilan(school, o, r, pupil, period, invalid);
}

function periodicBilan(school: CollegeSchool, o: ResolvedOptions, r: Random, pupil: Pupil, period: Period, invalid: { left: number }): XmlNode {
  const t = traits(o.version);
  const rich = pupil.index === 0 && period.index === 1;
  const last = period.index === period.count;
  const d = pupil.division;
  const acquis = subjectsOf(school, pupil).map((s) => {
    const k = school.subjects.indexOf(s);
    const teacher = teacherOf(school, k, d);
    const graded = d.graded || rich;
    const absent = r.chance(0.01) || (rich && k === 1);
    const mean = (r.int(600, 1950) / 100).toFixed(r.chance(0.5) ? 2 : 1);
    const attrs: Record<string, string | undefined> = {
      'discipline-ref': s.id,
      'enseignant-refs': rich && k === 0 ? `${teacher.id} ${teacherOf(school, k, school.divisions[1] ?? d).id}` : teacher.id,
      'element-programme-refs': r.chance(0.9) || rich ? s.programme.slice(0, r.int(1, 2)).join(' ') : undefined,
      'moyenne-eleve': graded && !absent ? mean : undefined,
      'moyenne-structure': graded ? (r.int(1000, 1400) / 100).toFixed(2) : undefined,
      positionnement: !graded || rich ? String(r.int(1, 4)) : undefined,
    };
    if (attrs['moyenne-structure'] !== undefined && invalid.left > 0) {
      invalid.left--;
      attrs['moyenne-structure'] = t.v10 ? '25.00' : '123456789';
    }
    if (t.v10) {
      if (absent) attrs['statut-evaluation-eleve'] = String(r.int(1, 3));
      if (rich && k === 2) attrs['statut-evaluation-structure'] = '2';
    } else {
      if (absent) attrs['eleve-non-note'] = 'true';
      if (rich && k === 2) attrs['structure-non-notee'] = 'false';
    }
    const text = r.chance(0.95) || rich ? [el('appreciation', {}, appreciation(r, r.int(60, 180), t.maxAppreciation))] : [];
    return el('acquis', attrs, text);
  });
  const children: XmlNode[] = [el('liste-acquis', {}, acquis)];
  if (rich || (last && d.level === 6)) {
    children.push(el('competences-numeriques', { 'comp-num-commun-refs': d.level === 6 ? `CNC_${d.index}` : 'CNC_0' }, [
      el('appreciation-num', {}, 'Utilise les outils numériques avec autonomie.'),
      ...r.sample(DIGITAL, r.int(2, 4)).map((code) => el('competence-num', { code, niveau: r.int(1, 3) })),
    ]));
  }
  const epiGroup = rich ? 0 : period.index === 2 ? epiDivisionsOf(school).indexOf(d) : -1;
  if (epiGroup >= 0) {
    children.push(el('epis-eleve', {}, [el('epi-eleve', { 'epi-groupe-ref': `EPIG_${epiGroup + 1}` }, [el('commentaire', {}, 'Implication réelle dans le projet.')])]));
  }
  if (rich || (d.level === 6 && r.chance(0.2))) {
    children.push(el('acc-persos-eleve', {}, [el('acc-perso-eleve', { 'acc-perso-groupe-ref': 'APG_1' }, rich ? [el('commentaire', {}, 'Progrès dans l\'organisation.')] : [])]));
  }
  if (rich || last) children.push(el('liste-parcours', {}, [el('parcours', { code: 'PAR_CIT' }, 'Élu(e) délégué(e) de classe.'), ...(rich ? [el('parcours', { code: 'PAR_ART' }, 'Chorale du collège.')] : [])]));
  if (rich || r.chance(0.05)) {
    children.push(el('modalites-accompagnement', {}, [
      el('modalite-accompagnement', { code: 'PPRE' }, [el('complement-ppre', {}, 'Soutien en lecture et en calcul mental.'), ...(rich ? [el('complement-contrat-reussite', {}, 'Contrat de réussite signé.')] : [])]),
      ...(rich ? [el('modalite-accompagnement', { code: t.v10 ? 'PAP' : 'CTR' })] : []),
    ]));
  }
  children.push(el('acquis-conseils', {}, appreciation(r, r.int(150, 380), 1000)));
  if (rich || r.chance(0.2)) children.push(el('devoirs-faits', {}, 'Participe régulièrement au dispositif Devoirs faits.'));
  children.push(el('vie-scolaire', { 'nb-retards': r.int(0, 6), 'nb-abs-justifiees': r.int(0, 12), 'nb-abs-injustifiees': r.int(0, 3), 'nb-heures-manquees': rich || r.chance(0.5) ? r.int(0, 30) : undefined },
    rich || r.chance(0.5) ? [el('commentaire', {}, 'Assiduité et ponctualité satisfaisantes.')] : []));
  if (rich || (last && d.level === 3)) {
    const codes = t.fullPeriodSocle ? SOCLE : SOCLE.slice(0, rich ? 8 : r.int(1, 8));
    children.push(el('socle', {}, codes.map((code, k) => el('domaine', { code, positionnement: t.fullPeriodSocle && k === 7 ? undefined : r.int(rich ? 0 : 1, 4) }))));
  }
  if (rich || r.chance(0.05)) children.push(el('responsables', {}, responsables(r, rich)));
  const verrou = t.dateVerrou === 'always' || (t.dateVerrou === 'sometimes' && (rich || r.chance(0.5)));
  return el('bilan-periodique', {
    'eleve-ref': pupil.id, 'periode-ref': period.id, 'date-conseil-classe': daysBefore(period.end, r.int(2, 9)), 'date-scolarite': period.start,
    'date-verrou': verrou ? `${period.end}T18:00:00` : undefined, 'responsable-etab-ref': r.chance(0.8) ? 'RE_1' : 'RE_2',
    'prof-princ-refs': rich || r.chance(0.9) ? teacherOf(school, 0, d).id : undefined,
  }, children);
}

function responsables(r: Random, rich: boolean): XmlNode[] {
  const adresse = el('adresse', { ligne1: `${r.int(1, 120)} ${r.pick(STREETS)}`, ligne2: rich ? 'Bâtiment B' : undefined, ligne3: rich ? 'Escalier 2' : undefined, ligne4: rich ? 'BP 12' : undefined, 'code-postal': String(r.int(10, 95) * 1000 + r.int(0, 999)).padStart(5, '0'), commune: r.pick(COMMUNES) });
  return [
    el('responsable', { civilite: 'MME', nom: 'Fournier', prenom: 'Cécile', legal1: 'true', legal2: 'false', 'lien-parente': 'Mère' }, [adresse]),
    ...(rich ? [el('responsable', { denomination: 'Aide sociale à l\'enfance', legal1: '0', legal2: '1' })] : []),
  ];
}

function cycleBilan(school: CollegeSchool, o: ResolvedOptions, r: Random, pupil: Pupil): XmlNode {
  const t = traits(o.version);
  const rich = pupil.index === 0;
  const cycle = pupil.division.level === 6 ? 3 : 4;
  const children: XmlNode[] = [
    el('socle', {}, SOCLE.map((code) => el('domaine', { code, positionnement: r.int(rich ? 0 : 1, 4) }))),
    el('synthese', {}, appreciation(r, r.int(300, 700), 1500)),
  ];
  if (rich || cycle === 4) children.push(el('enseignement-complement', r.chance(0.3) || rich ? { code: 'LCA', positionnement: r.int(1, 2) } : { code: 'AUC' }));
  if (rich) children.push(el('responsables', {}, responsables(r, false)), el('langue-culture-regionale', { code: 'BRE', positionnement: 2 }));
  return el('bilan-cycle', {
    'eleve-ref': pupil.id, cycle, millesime: o.millesime, 'date-creation': `${o.millesime + 1}-06-20`,
    'date-verrou': t.dateVerrou === 'always' || (t.dateVerrou === 'sometimes' && rich) ? `${o.millesime + 1}-06-30T12:00:00` : undefined,
    'responsable-etab-ref': 'RE_1', 'prof-princ-refs': teacherOf(school, 0, pupil.division).id,
  }, children);
}
