/**
 * The national LSU nomenclatures, in one place: every code a bilan may carry from a fixed list
 * (nomenclatures 2.10 and the enumerations of the collège 3.0–10.0 and école 1.0 schemas, see
 * shared/lsu/), with its French label (the national one) and an English one. People read these
 * labels; a code is shown only when it is in no list (a newer nomenclature).
 */
import type { Locale } from './locale.ts';

interface Label {
  readonly fr: string;
  readonly en: string;
}

const l = (fr: string, en: string): Label => ({ fr, en });

export const NOMENCLATURES = {
  /** `competence-num/@code` (collège 10.0): the digital skills framework (CRCN). */
  digitalSkill: {
    CN_INF_MEN: l("Mener une recherche et une veille d'information", 'Searching and monitoring information'),
    CN_INF_GER: l('Gérer des données', 'Managing data'),
    CN_INF_TRA: l('Traiter des données', 'Processing data'),
    CN_COM_INT: l('Interagir', 'Interacting'),
    CN_COM_PAR: l('Partager et publier', 'Sharing and publishing'),
    CN_COM_COL: l('Collaborer', 'Collaborating'),
    CN_COM_SIN: l("S'insérer dans le monde numérique", 'Finding one’s place in the digital world'),
    CN_CRE_TEX: l('Développer des documents textuels', 'Developing text documents'),
    CN_CRE_MUL: l('Développer des documents multimédia', 'Developing multimedia documents'),
    CN_CRE_ADA: l('Adapter les documents à leur finalité', 'Adapting documents to their purpose'),
    CN_CRE_PRO: l('Programmer', 'Programming'),
    CN_PRO_SEC: l("Sécuriser l'environnement numérique", 'Securing the digital environment'),
    CN_PRO_DON: l('Protéger les données personnelles et la vie privée', 'Protecting personal data and privacy'),
    CN_PRO_SAN: l("Protéger la santé, le bien-être et l'environnement", 'Protecting health, well-being and the environment'),
    CN_ENV_RES: l('Résoudre des problèmes techniques', 'Solving technical problems'),
    CN_ENV_EVO: l('Évoluer dans un environnement numérique', 'Finding one’s way in a digital environment'),
  },
  /** `competence-num/@niveau`. */
  digitalLevel: {
    '1': l('Niveau 1', 'Level 1'),
    '2': l('Niveau 2', 'Level 2'),
    '3': l('Niveau 3', 'Level 3'),
  },
  /** `langue-culture-regionale/@code`. */
  regionalLanguage: {
    AUC: l('Aucune', 'None'),
    BAQ: l('Basque', 'Basque'),
    BRE: l('Breton', 'Breton'),
    CAT: l('Catalan', 'Catalan'),
    COS: l('Corse', 'Corsican'),
    CPF: l('Créole', 'Creole'),
    FUD: l('Futunien', 'Futunan'),
    GAL: l('Gallo', 'Gallo'),
    GSW: l("Langue régionale d'Alsace", 'Regional language of Alsace'),
    MEL: l('Langues mélanésiennes', 'Melanesian languages'),
    MOL: l('Langues régionales des pays mosellans', 'Regional languages of the Moselle'),
    OCI: l("Occitan langue d'oc", 'Occitan (langue d’oc)'),
    TAH: l('Tahitien', 'Tahitian'),
    WLS: l('Wallisien', 'Wallisian'),
  },
  /** `langue-culture-regionale/@positionnement`. */
  regionalLevel: {
    '1': l('Niveau A2 non atteint', 'Level A2 not reached'),
    '2': l('Niveau A2 atteint', 'Level A2 reached'),
  },
  /** `socle/domaine/@code`: the domains of the common core (socle commun). */
  socleDomain: {
    CPD_FRA: l("Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit", 'Understanding and expressing oneself in French, spoken and written'),
    CPD_ETR: l("Comprendre, s'exprimer en utilisant une langue étrangère et, le cas échéant, une langue régionale", 'Understanding and expressing oneself in a foreign and, where relevant, a regional language'),
    CPD_SCI: l("Comprendre, s'exprimer en utilisant les langages mathématiques, scientifiques et informatiques", 'Understanding and expressing oneself in mathematical, scientific and computer languages'),
    CPD_ART: l("Comprendre, s'exprimer en utilisant les langages des arts et du corps", 'Understanding and expressing oneself through the arts and the body'),
    MET_APP: l('Les méthodes et outils pour apprendre', 'Methods and tools for learning'),
    FRM_CIT: l('La formation de la personne et du citoyen', 'Personal and civic education'),
    SYS_NAT: l('Les systèmes naturels et les systèmes techniques', 'Natural and technical systems'),
    REP_MND: l("Les représentations du monde et l'activité humaine", 'Representations of the world and human activity'),
  },
  /** `socle/domaine/@positionnement`. */
  socleLevel: {
    '0': l('Dispensé', 'Exempted'),
    '1': l('Maîtrise insuffisante', 'Insufficient mastery'),
    '2': l('Maîtrise fragile', 'Fragile mastery'),
    '3': l('Maîtrise satisfaisante', 'Satisfactory mastery'),
    '4': l('Très bonne maîtrise', 'Very good mastery'),
  },
  /** `modalite-accompagnement/@code` (collège and école). */
  accompaniment: {
    PAP: l("Plan d'accompagnement personnalisé", 'Personalised support plan (PAP)'),
    PAI: l("Projet d'accueil individualisé", 'Individual reception plan (PAI)'),
    PPRE: l('Programme personnalisé de réussite éducative', 'Personalised educational success programme (PPRE)'),
    PPS: l('Projet personnalisé de scolarisation', 'Personalised schooling plan (PPS)'),
    ULIS: l("Unité localisée pour l'inclusion scolaire", 'Local unit for school inclusion (ULIS)'),
    UPE2A: l('Unité pédagogique pour élèves allophones arrivants', 'Teaching unit for newly arrived non-French-speaking pupils (UPE2A)'),
    SEGPA: l("Section d'enseignement général adapté", 'Adapted general education section (SEGPA)'),
    CTR: l('Contrat de réussite', 'Success contract'),
    RASED: l("Réseau d'aides spécialisées aux élèves en difficulté", 'Specialised support network for pupils in difficulty (RASED)'),
  },
  /** `parcours/@code`: the educational paths. */
  parcours: {
    PAR_AVN: l('Parcours avenir', 'Future path'),
    PAR_CIT: l('Parcours citoyen', 'Citizenship path'),
    PAR_ART: l("Parcours d'éducation artistique et culturelle", 'Arts and culture education path'),
    PAR_SAN: l('Parcours éducatif de santé', 'Health education path'),
  },
  /** `epi/@thematique`: the themes of interdisciplinary practical teachings (EPI). */
  epiTheme: {
    EPI_SAN: l('Corps, santé, bien-être et sécurité', 'Body, health, well-being and safety'),
    EPI_ART: l('Culture et création artistiques', 'Artistic culture and creation'),
    EPI_EDD: l('Transition écologique et développement durable', 'Ecological transition and sustainable development'),
    EPI_ICC: l('Information, communication, citoyenneté', 'Information, communication, citizenship'),
    EPI_LGA: l("Langues et cultures de l'Antiquité", 'Ancient languages and cultures'),
    EPI_LGE: l('Langues et cultures étrangères ou, le cas échéant, régionales', 'Foreign or, where relevant, regional languages and cultures'),
    EPI_PRO: l('Monde économique et professionnel', 'The economic and professional world'),
    EPI_STS: l('Sciences, technologie et société', 'Science, technology and society'),
  },
  /** `enseignement-complement/@code` (end of cycle 4). */
  complement: {
    AUC: l('Aucun', 'None'),
    LCA: l("Langues et cultures de l'Antiquité", 'Ancient languages and cultures'),
    LCE: l('Langues et cultures européennes', 'European languages and cultures'),
    LCR: l('Langues et cultures régionales', 'Regional languages and cultures'),
    CHK: l('Chant choral', 'Choral singing'),
    PRO: l('Découverte professionnelle', 'Career discovery'),
    LSF: l('Langue des signes française', 'French sign language'),
    LVE: l('Langue vivante étrangère', 'Modern foreign language'),
  },
  /** `enseignement-complement/@positionnement`. */
  complementLevel: {
    '1': l('Objectif atteint', 'Objective met'),
    '2': l('Objectif dépassé', 'Objective exceeded'),
  },
  /** `acquis/@code-domaine` (école): the domains and sub-domains of cycles 2 and 3. */
  ecoleDomain: {
    'FRA-RAC': l('Français', 'French'),
    'FRA-LGO': l('Langage oral', 'Spoken language'),
    'FRA-LEC': l("Lecture et compréhension de l'écrit", 'Reading and understanding'),
    'FRA-ECR': l('Écriture', 'Writing'),
    'FRA-ETL': l('Étude de la langue', 'Language study'),
    'MAT-RAC': l('Mathématiques', 'Mathematics'),
    'MAT-NBC': l('Nombres et calculs', 'Numbers and calculation'),
    'MAT-GDM': l('Grandeurs et mesures', 'Quantities and measures'),
    'MAT-GEO': l('Espace et géométrie', 'Space and geometry'),
    'QLM-RAC': l('Questionner le monde', 'Questioning the world'),
    'QLM-ETP': l("Se situer dans l'espace et le temps", 'Space and time'),
    'QLM-VMO': l('Explorer le monde du vivant, de la matière et des objets', 'Living things, matter and objects'),
    'ART-RAC': l('Enseignements artistiques', 'Arts'),
    'ART-PLA': l('Arts plastiques', 'Visual arts'),
    'ART-MUS': l('Éducation musicale', 'Music'),
    'EPS-RAC': l('Éducation physique et sportive', 'Physical education'),
    'EMC-RAC': l('Enseignement moral et civique', 'Moral and civic education'),
    'LGV-RAC': l('Langues vivantes', 'Modern languages'),
  },
} as const satisfies Record<string, Record<string, Label>>;

export type NomenclatureKind = keyof typeof NOMENCLATURES;

/** The label of `code` in a nomenclature, in `locale`; undefined for a code the list does not hold. */
export function nomenclatureLabel(kind: NomenclatureKind, code: string | undefined, locale: Locale): string | undefined {
  if (code === undefined) return undefined;
  const list: Record<string, Label> = NOMENCLATURES[kind];
  return Object.hasOwn(list, code) ? list[code]![locale] : undefined;
}
