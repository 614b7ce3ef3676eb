/**
 * Collège (2nd degree) rule set, schemaVersion 10.0 (ministry schema of August 2025).
 * Older collège versions are written as changes to this one (college-7.ts, college-3.ts).
 */
import { collection, el, opt, req, unique, UNBOUNDED, type RuleSet, type SimpleType } from '../schema/dsl.ts';
import { digit, LSU_NAMESPACE, oneOf, T } from './common-types.ts';
import { COLLEGE_LABEL_KINDS, collegeLabels } from './labels.ts';

/** Simple types of the collège family (10.0). */
export const C = {
  CodeStructure: { name: 'CodeStructure', base: 'string', minLength: 1, maxLength: 20 },
  CodeMatiere: { name: 'CodeMatiere', base: 'string', length: 6 },
  ModaliteElection: oneOf('ModaliteElection', ['S', 'O', 'F', 'L', 'R', 'X', 'D']),
  TypeEnseignant: oneOf('TypeEnseignant', ['epp', 'local', 'dir', 'autre']),
  CodeCompetenceNumerique: oneOf('CodeCompetenceNumerique', [
    'CN_INF_MEN', 'CN_INF_GER', 'CN_INF_TRA', 'CN_COM_INT', 'CN_COM_PAR', 'CN_COM_COL', 'CN_COM_SIN', 'CN_CRE_TEX',
    'CN_CRE_MUL', 'CN_CRE_ADA', 'CN_CRE_PRO', 'CN_PRO_SEC', 'CN_PRO_DON', 'CN_PRO_SAN', 'CN_ENV_RES', 'CN_ENV_EVO',
  ]),
  NiveauCompetenceNumerique: digit('NiveauCompetenceNumerique', '[1-3]'),
  TypeStructure: oneOf('TypeStructure', ['D', 'G']),
  CodeParcours: oneOf('CodeParcours', ['PAR_AVN', 'PAR_CIT', 'PAR_ART', 'PAR_SAN']),
  CodeModalite: oneOf('CodeModalite', ['PAP', 'PPS', 'UPE2A', 'SEGPA', 'ULIS', 'PAI', 'PPRE']),
  MoyenneNumerique: { name: 'MoyenneNumerique', base: 'decimal', minInclusive: '0.00', maxInclusive: '20.00', fractionDigits: 2, totalDigits: 4 },
  StatutEvaluationEleve: digit('StatutEvaluationEleve', '[1-3]'),
  StatutEvaluationStructure: digit('StatutEvaluationStructure', '[1-2]'),
  CodeThematiqueEpi: { name: 'CodeThematiqueEpi', base: 'string', minLength: 1, maxLength: 50 },
  ValeurVieScolaire: { name: 'ValeurVieScolaire', base: 'nonNegativeInteger', maxInclusive: '999' },
  Cycle: digit('Cycle', '[3-4]'),
  CodeEnsCompl: oneOf('CodeEnsCompl', ['AUC', 'LCA', 'LCE', 'LCR', 'CHK', 'PRO', 'LSF', 'LVE']),
  CodeLangueCultureRegionale: oneOf('CodeLangueCultureRegionale', [
    'AUC', 'BAQ', 'BRE', 'CAT', 'COS', 'CPF', 'FUD', 'GAL', 'GSW', 'MEL', 'MOL', 'OCI', 'TAH', 'WLS',
  ]),
  PositionnementEnsCompl: digit('PositionnementEnsCompl', '[1-2]'),
  PositionnementLangueCultureRegionale: digit('PositionnementLangueCultureRegionale', '[1-2]'),
  AtLeast2IDREFS: { name: 'AtLeast2IDREFS', base: 'IDREFS', minLength: 2 },
  StringDateTime: {
    name: 'StringDateTime', base: 'string', minLength: 10, maxLength: 19,
    patterns: ['(\\d{4}-\\d{2}-\\d{2})+(T\\d{2}:\\d{2}:\\d{2})?'], realDate: true,
  },
} satisfies Record<string, SimpleType>;

const ID = req(T.ID);
const ref = (kind: string): ReturnType<typeof req> => req(T.IDREF, [kind]);
const refs = (kind: string): ReturnType<typeof req> => req(T.IDREFS, [kind]);
const optRefs = (kind: string): ReturnType<typeof opt> => opt(T.IDREFS, [kind]);

export const college10: RuleSet = {
  id: 'college-10.0',
  family: 'college',
  versions: ['10.0'],
  namespace: LSU_NAMESPACE,
  root: el('lsun-bilans', 'LsunBilans'),
  header: { uai: 'etablissement', editor: 'editeur', application: 'application' },
  bilans: { periodic: 'bilan-periodique', cycle: 'bilan-cycle', pupilRef: 'eleve-ref', periodRef: 'periode-ref', cycleAttr: 'cycle',
    pupilKind: 'eleve', periodKind: 'periode', teacherKind: 'enseignant' },
  kept: ['eleve', 'periode', 'enseignant', ...COLLEGE_LABEL_KINDS],
  labels: collegeLabels,
  project: {
    pupil: (a) => ({ id: a.id ?? '', nationalId: a['id-be'] ?? '', lastName: a.nom ?? '', firstName: a.prenom ?? '', classCode: a['code-division'] ?? '' }),
    period: (a) => ({ id: a.id ?? '', millesime: a.millesime, index: Number(a.indice), count: Number(a['nb-periodes']) }),
    teacher: (a) => ({ id: a.id ?? '', civility: a.civilite, lastName: a.nom ?? '', firstName: a.prenom, stsId: a['id-sts'] }),
  },
  types: {
    LsunBilans: {
      attributes: { schemaVersion: req(oneOf('SchemaVersion', ['10.0'])) },
      sequence: [el('entete', 'Entete'), el('donnees', 'Donnees')],
    },
    Entete: {
      all: [el('editeur', T.Chaine50), el('application', T.Chaine50), el('appliVersion', T.Chaine50, 0), el('etablissement', T.CodeUai)],
    },
    Donnees: {
      sequence: [
        el('responsables-etab', 'ResponsablesEtab'),
        el('eleves', 'Eleves'),
        el('periodes', 'Periodes', 0),
        el('disciplines', 'Disciplines', 0),
        el('enseignants', 'Enseignants', 0),
        el('elements-programme', 'ElementsProgramme', 0),
        el('competences-numeriques-communs', 'CompetencesNumeriquesCommuns', 0),
        el('parcours-communs', 'ParcoursCommuns', 0),
        el('vies-scolaires-communs', 'ViesScolairesCommuns', 0),
        el('epis-thematiques', 'EpisThematiques', 0),
        el('epis', 'Epis', 0),
        el('epis-groupes', 'EpisGroupes', 0),
        el('acc-persos', 'AccPersos', 0),
        el('acc-persos-groupes', 'AccPersosGroupes', 0),
        el('bilans-periodiques', 'BilansPeriodiques', 0),
        el('bilans-cycle', 'BilansCycle', 0),
      ],
    },
    ResponsablesEtab: collection('responsable-etab', 'ResponsableEtab', [unique('responsable-etab', 'libelle')]),
    Eleves: collection('eleve', 'Eleve', [unique('eleve', 'id-be')]),
    Periodes: collection('periode', 'Periode', [unique('periode', 'millesime', 'indice', 'nb-periodes')]),
    Disciplines: collection('discipline', 'Discipline', [unique('discipline', 'code', 'modalite-election', 'id-lv')]),
    Enseignants: collection('enseignant', 'Enseignant', [unique('enseignant', 'type', 'id-sts')]),
    ElementsProgramme: collection('element-programme', 'ElementProgramme', [unique('element-programme', 'libelle')]),
    CompetencesNumeriquesCommuns: collection('competences-numeriques-commun', 'CompetencesNumeriquesCommun'),
    ParcoursCommuns: collection('parcours-commun', 'ParcoursCommun', [unique('parcours-commun', 'periode-ref', 'code-division')]),
    ViesScolairesCommuns: collection('vie-scolaire-commun', 'VieScolaireCommun', [unique('vie-scolaire-commun', 'periode-ref', 'code-division')]),
    EpisThematiques: collection('epi-thematique', 'EpiThematique', [unique('epi-thematique', 'code')]),
    Epis: collection('epi', 'Epi'),
    EpisGroupes: collection('epi-groupe', 'EpiGroupe'),
    AccPersos: collection('acc-perso', 'AccPerso'),
    AccPersosGroupes: collection('acc-perso-groupe', 'AccPersoGroupe'),
    BilansPeriodiques: collection('bilan-periodique', 'BilanPeriodique', [unique('bilan-periodique', 'eleve-ref', 'periode-ref')]),
    BilansCycle: collection('bilan-cycle', 'BilanCycle', [unique('bilan-cycle', 'eleve-ref', 'cycle')]),

    ResponsableEtab: { attributes: { id: ID, libelle: req(T.NomPrenom) } },
    Eleve: {
      attributes: { id: ID, 'id-be': req(T.string), nom: opt(T.NomPrenom), prenom: opt(T.NomPrenom), 'code-division': req(C.CodeStructure) },
    },
    Periode: { attributes: { id: ID, millesime: req(T.Millesime), indice: req(T.int), 'nb-periodes': req(T.int) } },
    Discipline: {
      attributes: {
        id: ID, code: req(C.CodeMatiere), 'code-national': opt(C.CodeMatiere), 'modalite-election': req(C.ModaliteElection),
        libelle: req(T.Chaine40), 'id-lv': opt(T.IDREF, ['discipline']),
      },
    },
    Enseignant: {
      attributes: {
        id: ID, type: req(C.TypeEnseignant), 'id-sts': req(T.positiveInteger), civilite: opt(T.Civilite),
        nom: opt(T.NomPrenom), prenom: opt(T.ChaineEmptyWithMax100),
      },
    },
    ElementProgramme: { attributes: { id: ID, libelle: req(T.Chaine300) } },
    CompetencesNumeriquesCommun: {
      text: T.ChaineEmptyWithMax600,
      attributes: { id: ID, 'code-structure': req(C.CodeStructure), 'type-structure': req(C.TypeStructure) },
    },
    ParcoursCommun: {
      sequence: [el('parcours', 'Parcours', 1, UNBOUNDED)],
      attributes: { 'periode-ref': ref('periode'), 'code-division': req(C.CodeStructure) },
      unique: [unique('parcours', 'code')],
    },
    Parcours: { text: T.Chaine600, attributes: { code: req(C.CodeParcours) } },
    VieScolaireCommun: {
      sequence: [el('commentaire', T.Chaine600)],
      attributes: { 'periode-ref': ref('periode'), 'code-division': req(C.CodeStructure) },
    },
    EpiThematique: { attributes: { code: req(C.CodeThematiqueEpi), libelle: req(T.Chaine100) } },
    Epi: {
      sequence: [el('description', T.Chaine600, 0)],
      attributes: { id: ID, intitule: req(T.Chaine150), thematique: req(C.CodeThematiqueEpi), 'discipline-refs': req(C.AtLeast2IDREFS, ['discipline']) },
    },
    EpiGroupe: {
      sequence: [el('commentaire', T.Chaine600, 0), el('enseignants-disciplines', 'EnseignantsDisciplines')],
      attributes: { id: ID, 'epi-ref': ref('epi'), intitule: req(T.Chaine150) },
    },
    EnseignantsDisciplines: collection('enseignant-discipline', 'EnseignantDiscipline'),
    EnseignantDiscipline: { attributes: { 'enseignant-ref': ref('enseignant'), 'discipline-ref': ref('discipline') } },
    AccPerso: {
      sequence: [el('description', T.Chaine600, 0)],
      attributes: { id: ID, intitule: req(T.Chaine150), 'discipline-refs': refs('discipline') },
    },
    AccPersoGroupe: {
      sequence: [el('commentaire', T.Chaine600, 0), el('enseignants-disciplines', 'EnseignantsDisciplines')],
      attributes: { id: ID, 'acc-perso-ref': ref('acc-perso'), intitule: req(T.Chaine150) },
    },

    BilanPeriodique: {
      sequence: [
        el('liste-acquis', 'ListeAcquis'),
        el('competences-numeriques', 'CompetencesNumeriques', 0),
        el('epis-eleve', 'EpisEleve', 0),
        el('acc-persos-eleve', 'AccPersosEleve', 0),
        el('liste-parcours', 'ListeParcours', 0),
        el('modalites-accompagnement', 'ModalitesAccompagnement', 0),
        el('acquis-conseils', T.Chaine1000),
        el('devoirs-faits', T.Chaine600, 0),
        el('vie-scolaire', 'VieScolaire'),
        el('socle', 'SoclePeriodique', 0),
        el('responsables', 'Responsables', 0),
      ],
      attributes: {
        'eleve-ref': ref('eleve'), 'periode-ref': ref('periode'), 'date-conseil-classe': req(T.date), 'date-scolarite': req(T.date),
        'responsable-etab-ref': ref('responsable-etab'), 'prof-princ-refs': optRefs('enseignant'),
      },
    },
    ListeAcquis: collection('acquis', 'Acquis', [unique('acquis', 'discipline-ref')]),
    Acquis: {
      sequence: [el('appreciation', T.Chaine1000, 0)],
      attributes: {
        'discipline-ref': ref('discipline'), 'enseignant-refs': refs('enseignant'), 'element-programme-refs': optRefs('element-programme'),
        'moyenne-eleve': opt(C.MoyenneNumerique), 'moyenne-structure': opt(C.MoyenneNumerique),
        'statut-evaluation-eleve': opt(C.StatutEvaluationEleve), 'statut-evaluation-structure': opt(C.StatutEvaluationStructure),
        positionnement: opt(T.PositionnementAcquis),
      },
    },
    CompetencesNumeriques: {
      sequence: [el('appreciation-num', T.ChaineEmptyWithMax600, 0), el('competence-num', 'CompetenceNumeriqueNiveau', 0, UNBOUNDED)],
      attributes: { 'comp-num-commun-refs': optRefs('competences-numeriques-commun') },
      unique: [unique('competence-num', 'code')],
    },
    CompetenceNumeriqueNiveau: { attributes: { code: req(C.CodeCompetenceNumerique), niveau: req(C.NiveauCompetenceNumerique) } },
    EpisEleve: collection('epi-eleve', 'EpiEleve', [unique('epi-eleve', 'epi-groupe-ref')]),
    EpiEleve: { sequence: [el('commentaire', T.Chaine600, 0)], attributes: { 'epi-groupe-ref': ref('epi-groupe') } },
    AccPersosEleve: collection('acc-perso-eleve', 'AccPersoEleve', [unique('acc-perso-eleve', 'acc-perso-groupe-ref')]),
    AccPersoEleve: { sequence: [el('commentaire', T.Chaine600, 0)], attributes: { 'acc-perso-groupe-ref': ref('acc-perso-groupe') } },
    ListeParcours: collection('parcours', 'Parcours', [unique('parcours', 'code')]),
    ModalitesAccompagnement: collection('modalite-accompagnement', 'ModaliteAccompagnement', [unique('modalite-accompagnement', 'code')]),
    ModaliteAccompagnement: {
      sequence: [el('complement-ppre', T.Chaine600, 0), el('complement-contrat-reussite', T.Chaine600, 0)],
      attributes: { code: req(C.CodeModalite) },
    },
    VieScolaire: {
      sequence: [el('commentaire', T.Chaine600, 0)],
      attributes: {
        'nb-retards': req(C.ValeurVieScolaire), 'nb-abs-justifiees': req(C.ValeurVieScolaire),
        'nb-abs-injustifiees': req(C.ValeurVieScolaire), 'nb-heures-manquees': opt(C.ValeurVieScolaire),
      },
    },
    SoclePeriodique: { sequence: [el('domaine', 'DomaineSocle', 1, 8)], unique: [unique('domaine', 'code')] },
    DomaineSocle: { attributes: { code: req(T.CodeDomaineSocle), positionnement: req(T.PositionnementSocle) } },
    Responsables: collection('responsable', 'Responsable'),
    Responsable: {
      sequence: [el('adresse', 'Adresse', 0)],
      attributes: {
        civilite: opt(T.Civilite), nom: opt(T.NomPrenom), prenom: opt(T.NomPrenom), legal1: opt(T.boolean), legal2: opt(T.boolean),
        'lien-parente': opt(T.Chaine40), denomination: opt(T.Chaine600),
      },
    },
    Adresse: {
      attributes: {
        ligne1: opt(T.Chaine50), ligne2: opt(T.Chaine50), ligne3: opt(T.Chaine50), ligne4: opt(T.Chaine50),
        'code-postal': req(T.Chaine10), commune: req(T.Chaine100),
      },
    },

    BilanCycle: {
      sequence: [
        el('socle', 'SocleCycle'),
        el('synthese', T.Chaine1500),
        el('enseignement-complement', 'EnseignementComplement', 0),
        el('responsables', 'Responsables', 0),
        el('langue-culture-regionale', 'LangueCultureRegionale', 0),
      ],
      attributes: {
        'eleve-ref': ref('eleve'), cycle: req(C.Cycle), millesime: req(T.Millesime), 'date-creation': req(T.date),
        'responsable-etab-ref': ref('responsable-etab'), 'prof-princ-refs': optRefs('enseignant'),
      },
    },
    SocleCycle: { sequence: [el('domaine', 'DomaineSocleCycle', 8, 8)], unique: [unique('domaine', 'code')] },
    DomaineSocleCycle: { attributes: { code: req(T.CodeDomaineSocle), positionnement: req(T.PositionnementSocle) } },
    EnseignementComplement: { attributes: { code: req(C.CodeEnsCompl), positionnement: opt(C.PositionnementEnsCompl) } },
    LangueCultureRegionale: {
      attributes: { code: req(C.CodeLangueCultureRegionale), positionnement: opt(C.PositionnementLangueCultureRegionale) },
    },
  },
};
