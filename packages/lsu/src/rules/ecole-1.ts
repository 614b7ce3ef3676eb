/**
 * École (1st degree) rule sets. Both ministry revisions carry `schemaVersion="1.0"`:
 * - revision b (April 2017, `ecole1b`) is the current one and is used by default;
 * - the first revision (February 2017, `ecole1a`) allows any number of socle domains in a
 *   periodic bilan and has no `non-evalue` attribute. Callers select it with the version
 *   token `1.0a` in `accept` (see README).
 */
import { collection, el, opt, patchAttributes, patchParticle, req, unique, UNBOUNDED, type RuleSet, type SimpleType } from '../schema/dsl.ts';
import { digit, LSU_NAMESPACE, oneOf, T } from './common-types.ts';
import { ECOLE_LABEL_KINDS, ecoleLabels } from './labels.ts';

const E = {
  CodeINE: { name: 'CodeINE', base: 'string', length: 11 },
  CodeDomaine: { name: 'CodeDomaine', base: 'string', length: 7 },
  CodeParcours: oneOf('CodeParcours', ['PAR_CIT', 'PAR_ART', 'PAR_SAN']),
  CodeModalite: oneOf('CodeModalite', ['PAP', 'PPS', 'UPE2A', 'RASED', 'ULIS', 'PAI', 'PPRE']),
  Cycle: digit('Cycle', '2'),
} satisfies Record<string, SimpleType>;

const ID = req(T.ID);
const ref = (kind: string): ReturnType<typeof req> => req(T.IDREF, [kind]);

export const ecole1b: RuleSet = {
  id: 'ecole-1.0b',
  family: 'ecole',
  versions: ['1.0'],
  namespace: LSU_NAMESPACE,
  root: el('lsun-bilans', 'LsunBilans'),
  header: { uai: 'etablissement', editor: 'editeur', application: 'application' },
  bilans: { periodic: 'bilan-periodique', cycle: 'bilan-cycle', pupilRef: 'eleve-ref', periodRef: 'periode-ref', cycleAttr: 'cycle',
    pupilKind: 'eleve', periodKind: 'periode', teacherKind: 'enseignant' },
  kept: ['eleve', 'periode', 'enseignant', 'classe', ...ECOLE_LABEL_KINDS],
  labels: ecoleLabels,
  project: {
    pupil(a, lookup) {
      const classe = lookup(a['classe-ref'] ?? '');
      return {
        id: a.id ?? '', nationalId: a.ine ?? '', lastName: a.nom ?? '', firstName: a.prenom ?? '',
        classCode: classe?.['id-be'] ?? a['classe-ref'] ?? '', classLabel: classe?.libelle,
      };
    },
    period: (a) => ({
      id: a.id ?? '', millesime: a.millesime, index: Number(a.indice), count: Number(a['nb-periodes']),
      startDate: a['date-debut'], endDate: a['date-fin'],
    }),
    teacher: (a) => ({ id: a.id ?? '', civility: a.civilite, lastName: a.nom ?? '', firstName: a.prenom }),
  },
  types: {
    LsunBilans: {
      attributes: { schemaVersion: req(oneOf('SchemaVersion', ['1.0'])) },
      sequence: [el('entete', 'Entete'), el('donnees', 'Donnees')],
    },
    Entete: { all: [el('editeur', T.Chaine50), el('application', T.Chaine50), el('etablissement', T.CodeUai)] },
    Donnees: {
      sequence: [
        el('directeurs', 'Directeurs'),
        el('classes', 'Classes'),
        el('eleves', 'Eleves'),
        el('periodes', 'Periodes', 0),
        el('enseignants', 'Enseignants'),
        el('elements-programme', 'ElementsProgramme', 0),
        el('parcours-communs', 'ParcoursCommuns', 0),
        el('bilans-periodiques', 'BilansPeriodiques', 0),
        el('bilans-cycle', 'BilansCycle', 0),
      ],
    },
    Directeurs: collection('directeur', 'Directeur', [unique('directeur', 'civilite', 'nom', 'prenom')]),
    Classes: collection('classe', 'Classe', [unique('classe', 'id-be')]),
    Eleves: collection('eleve', 'Eleve', [unique('eleve', 'ine')]),
    Periodes: collection('periode', 'Periode', [unique('periode', 'millesime', 'indice', 'nb-periodes', 'date-debut', 'date-fin')]),
    Enseignants: collection('enseignant', 'Enseignant', [unique('enseignant', 'civilite', 'nom', 'prenom')]),
    ElementsProgramme: collection('element-programme', 'ElementProgramme', [unique('element-programme', 'libelle')]),
    ParcoursCommuns: collection('parcours-commun', 'ParcoursCommun', [unique('parcours-commun', 'periode-ref', 'classe-ref')]),
    BilansPeriodiques: collection('bilan-periodique', 'BilanPeriodique', [unique('bilan-periodique', 'eleve-ref', 'periode-ref')]),
    BilansCycle: collection('bilan-cycle', 'BilanCycle', [unique('bilan-cycle', 'eleve-ref', 'cycle')]),

    Directeur: { attributes: { id: ID, civilite: req(T.Civilite), nom: req(T.NomPrenom), prenom: req(T.NomPrenom) } },
    Classe: { attributes: { id: ID, 'id-be': req(T.positiveInteger), libelle: opt(T.Chaine50) } },
    Eleve: {
      attributes: { id: ID, ine: req(E.CodeINE), 'classe-ref': ref('classe'), nom: opt(T.NomPrenom), prenom: opt(T.NomPrenom) },
    },
    Periode: {
      attributes: {
        id: ID, millesime: req(T.Millesime), indice: req(T.int), 'nb-periodes': req(T.int),
        'date-debut': req(T.date), 'date-fin': req(T.date),
      },
    },
    Enseignant: { attributes: { id: ID, civilite: req(T.Civilite), nom: req(T.NomPrenom), prenom: req(T.NomPrenom) } },
    ElementProgramme: { attributes: { id: ID, libelle: req(T.Chaine300) } },
    ParcoursCommun: {
      sequence: [el('parcours', 'Parcours', 1, UNBOUNDED)],
      attributes: { 'periode-ref': ref('periode'), 'classe-ref': ref('classe') },
      unique: [unique('parcours', 'code')],
    },
    Parcours: { text: T.Chaine600, attributes: { code: req(E.CodeParcours) } },

    BilanPeriodique: {
      sequence: [
        el('liste-acquis', 'ListeAcquis'),
        el('liste-parcours', 'ListeParcours', 0),
        el('modalites-accompagnement', 'ModalitesAccompagnement', 0),
        el('appreciation-generale', T.Chaine1500),
        el('socle', 'SoclePeriodique', 0),
        el('responsables', 'Responsables', 0),
      ],
      attributes: {
        'eleve-ref': ref('eleve'), 'periode-ref': ref('periode'), 'enseignant-refs': req(T.IDREFS, ['enseignant']),
        'date-creation': req(T.date), 'date-scolarite': req(T.date), 'date-verrou': req(T.dateTime), 'directeur-ref': ref('directeur'),
      },
    },
    ListeAcquis: collection('acquis', 'Acquis', [unique('acquis', 'code-domaine')]),
    Acquis: {
      sequence: [el('appreciation', T.Chaine600, 0), el('sous-domaines', 'SousDomaines', 0)],
      attributes: {
        'code-domaine': req(E.CodeDomaine), 'element-programme-refs': opt(T.IDREFS, ['element-programme']),
        positionnement: opt(T.PositionnementAcquis), 'non-evalue': opt(T.boolean),
      },
    },
    SousDomaines: collection('sous-domaine', 'SousDomaine', [unique('sous-domaine', 'code-domaine')]),
    SousDomaine: {
      attributes: {
        'code-domaine': req(E.CodeDomaine), 'element-programme-refs': opt(T.IDREFS, ['element-programme']),
        positionnement: opt(T.PositionnementAcquis), 'non-evalue': opt(T.boolean),
      },
    },
    ListeParcours: collection('parcours', 'Parcours', [unique('parcours', 'code')]),
    ModalitesAccompagnement: collection('modalite-accompagnement', 'ModaliteAccompagnement', [unique('modalite-accompagnement', 'code')]),
    ModaliteAccompagnement: { sequence: [el('complement-ppre', T.Chaine600, 0)], attributes: { code: req(E.CodeModalite) } },
    SoclePeriodique: { sequence: [el('domaine', 'DomaineSocle', 8, 8)], unique: [unique('domaine', 'code')] },
    DomaineSocle: { attributes: { code: req(T.CodeDomaineSocle), positionnement: opt(T.PositionnementSocle) } },
    Responsables: collection('responsable', 'Responsable'),
    Responsable: {
      sequence: [el('adresse', 'Adresse', 0)],
      attributes: { civilite: req(T.Civilite), nom: req(T.NomPrenom), prenom: req(T.NomPrenom), 'lien-parente': opt(T.Chaine40) },
    },
    Adresse: {
      attributes: {
        ligne1: req(T.Chaine50), ligne2: opt(T.Chaine50), ligne3: opt(T.Chaine50), ligne4: opt(T.Chaine50),
        'code-postal': req(T.Chaine10), commune: req(T.Chaine100),
      },
    },

    BilanCycle: {
      sequence: [el('socle', 'SocleCycle'), el('synthese', T.Chaine1500), el('responsables', 'Responsables', 0)],
      attributes: {
        'eleve-ref': ref('eleve'), cycle: req(E.Cycle), millesime: req(T.Millesime), 'enseignant-refs': req(T.IDREFS, ['enseignant']),
        'date-creation': req(T.date), 'date-verrou': req(T.dateTime), 'directeur-ref': ref('directeur'),
      },
    },
    SocleCycle: { sequence: [el('domaine', 'DomaineSocleCycle', 8, 8)], unique: [unique('domaine', 'code')] },
    DomaineSocleCycle: { attributes: { code: req(T.CodeDomaineSocle), positionnement: req(T.PositionnementSocle) } },
  },
};

const b = ecole1b.types;

/** First revision of école 1.0: socle of a periodic bilan with 1..n domains, no `non-evalue`. */
export const ecole1a: RuleSet = {
  ...ecole1b,
  id: 'ecole-1.0a',
  types: {
    ...b,
    SoclePeriodique: patchParticle(b.SoclePeriodique, 'domaine', { min: 1, max: UNBOUNDED }),
    Acquis: patchAttributes(b.Acquis, { 'non-evalue': null }),
    SousDomaine: patchAttributes(b.SousDomaine, { 'non-evalue': null }),
  },
};
