/**
 * Messages of the bilan rules, stored as `{ level, code, params }`. The French texts are the national
 * LSU application's (M1–M6, "dans LSU" read "dans Préau"), the rules it does not word follow the same
 * style. A message about a bilan names it by pupil, class and period, or, with a `.cycle` code of its
 * own, by cycle: a text cannot choose between the two.
 *
 * Parameters: `pupil` ("NOM Prénom"), `class` (the division or class as the file names it),
 * `periodIndex`/`periodCount` or `cycle`, `schoolYear`, `registry` (ONDE for école, SIECLE for
 * collège), plus each rule's own. A pupil, class, teacher or period missing from the base is said to
 * be missing from the base's structure, with where to add it (not from the national registries). `subjects` names the subjects by
 * their labels, as the file declared them.
 */
import type { LocalizedMessage } from './format.ts';

export const BILAN_MESSAGES = {
  /** M1, Paramétrage incohérent. */
  'class.manual_entry': {
    fr: "La classe {{class}} est paramétrée en Saisie manuelle. Le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) ne sera pas importé.",
    en: 'Class {{class}} is set to manual entry. The report of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) will not be imported.',
  },
  'class.manual_entry.cycle': {
    fr: "La classe {{class}} est paramétrée en Saisie manuelle. Le bilan de l'élève {{pupil}} ({{class}}) pour le cycle {{cycle}} ({{schoolYear}}) ne sera pas importé.",
    en: 'Class {{class}} is set to manual entry. The report of pupil {{pupil}} ({{class}}) for cycle {{cycle}} ({{schoolYear}}) will not be imported.',
  },
  /** M2, Classe non trouvée: the class is missing from the base's own structure (where to add it, not the national registry). */
  'class.unknown': {
    fr: "La classe {{class}} du bilan de l'élève {{pupil}} pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) n'existe pas dans la structure de la base Préau : ajoutez-la dans Structure de la base, onglet Classes (ou corrigez son code dans le logiciel d'évaluation), puis importez de nouveau le fichier.",
    en: 'Class {{class}} of the report of pupil {{pupil}} for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) is not in the Préau base structure: add it under Base structure, Classes tab (or correct its code in the assessment software), then import the file again.',
  },
  'class.unknown.cycle': {
    fr: "La classe {{class}} du bilan de l'élève {{pupil}} pour le cycle {{cycle}} ({{schoolYear}}) n'existe pas dans la structure de la base Préau : ajoutez-la dans Structure de la base, onglet Classes (ou corrigez son code dans le logiciel d'évaluation), puis importez de nouveau le fichier.",
    en: 'Class {{class}} of the report of pupil {{pupil}} for cycle {{cycle}} ({{schoolYear}}) is not in the Préau base structure: add it under Base structure, Classes tab (or correct its code in the assessment software), then import the file again.',
  },
  /** M3, Périodes non paramétrées: the base has no periods; say where they are set. */
  'period.not_configured': {
    fr: "Les périodes ne sont pas paramétrées dans Préau pour la classe {{classLabel}} (identifiant {{classId}}) : ajoutez-les dans Structure de la base, onglet Périodes, puis importez de nouveau le fichier.",
    en: 'No periods are configured in Préau for class {{classLabel}} (id {{classId}}): add them under Base structure, Periods tab, then import the file again.',
  },
  /** M4, Dates périodes incohérentes (count, index or dates differ). */
  'period.dates_differ': {
    fr: 'Les dates des périodes définies dans le fichier importé sont différentes de celles paramétrées dans Préau pour la classe {{classLabel}} (identifiant {{classId}}). Vérifiez les périodes dans Structure de la base, onglet Périodes, et dans votre logiciel éditeur.',
    en: "The period dates defined in the imported file differ from those configured in Préau for class {{classLabel}} (id {{classId}}). Check the periods under Base structure, Periods tab, and in your editor's software.",
  },
  /** The pupil's national identifier is not in the base's structure: say where to add the pupil. */
  'pupil.unknown': {
    fr: "L'élève {{pupil}} ({{class}}), identifiant national {{nationalId}}, n'est pas dans la structure de la base Préau : son bilan pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) n'est pas importé. Ajoutez l'élève dans Structure de la base, onglet Élèves (ou importez le fichier CSV des élèves), puis importez de nouveau le fichier.",
    en: 'Pupil {{pupil}} ({{class}}), national id {{nationalId}}, is not in the Préau base structure: their report for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) is not imported. Add the pupil under Base structure, Pupils tab (or import the pupils CSV file), then import the file again.',
  },
  'pupil.unknown.cycle': {
    fr: "L'élève {{pupil}} ({{class}}), identifiant national {{nationalId}}, n'est pas dans la structure de la base Préau : son bilan pour le cycle {{cycle}} ({{schoolYear}}) n'est pas importé. Ajoutez l'élève dans Structure de la base, onglet Élèves (ou importez le fichier CSV des élèves), puis importez de nouveau le fichier.",
    en: 'Pupil {{pupil}} ({{class}}), national id {{nationalId}}, is not in the Préau base structure: their report for cycle {{cycle}} ({{schoolYear}}) is not imported. Add the pupil under Base structure, Pupils tab (or import the pupils CSV file), then import the file again.',
  },
  /** Collège: a subject has neither a result nor an appreciation. */
  'content.missing': {
    fr: "Le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) est incomplet : aucun résultat ni appréciation pour {{subjects}}. Il ne sera pas importé.",
    en: 'The report of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) is incomplete: no result or appreciation for {{subjects}}. It will not be imported.',
  },
  /** École (R5): fewer than three domains with an appreciation or a positioning (`count`: how many are). */
  'content.missing_domains': {
    fr: {
      one: "Le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) est incomplet : {{count}} domaine renseigné sur les 3 attendus au minimum. Il ne sera pas importé.",
      other: "Le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) est incomplet : {{count}} domaines renseignés sur les 3 attendus au minimum. Il ne sera pas importé.",
    },
    en: {
      one: 'The report of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) is incomplete: {{count}} domain filled in of the 3 expected at least. It will not be imported.',
      other: 'The report of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) is incomplete: {{count}} domains filled in of the 3 expected at least. It will not be imported.',
    },
  },
  /** M5, Enseignant inconnu (matched on civilité and last name only, against the base's teachers). */
  'teacher.unknown': {
    fr: "L'enseignant {{teacher}} n'est pas dans la structure de la base Préau : ajoutez-le dans Structure de la base, onglet Enseignants (ou vérifiez son nom dans le logiciel d'évaluation). Bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}).",
    en: 'Teacher {{teacher}} is not in the Préau base structure: add them under Base structure, Teachers tab (or check their name in the assessment software). Report of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}).',
  },
  'teacher.unknown.cycle': {
    fr: "L'enseignant {{teacher}} n'est pas dans la structure de la base Préau : ajoutez-le dans Structure de la base, onglet Enseignants (ou vérifiez son nom dans le logiciel d'évaluation). Bilan de l'élève {{pupil}} ({{class}}) pour le cycle {{cycle}} ({{schoolYear}}).",
    en: 'Teacher {{teacher}} is not in the Préau base structure: add them under Base structure, Teachers tab (or check their name in the assessment software). Report of pupil {{pupil}} ({{class}}) for cycle {{cycle}} ({{schoolYear}}).',
  },
  /** M6, Modalités d'accompagnement ignorées. */
  'accompaniment.ignored': {
    fr: "Les données saisies dans la rubrique « modalités d'accompagnement » présentes dans le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) ne sont pas prises en compte. Les dispositifs de personnalisation des parcours saisis dans {{registry}} sont désormais directement importés dans Préau lors de l'import.",
    en: 'The support arrangements (accompaniment modalities) entered in the report of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) are not taken into account. The personalised support arrangements entered in {{registry}} are now imported directly into Préau.',
  },
  'accompaniment.ignored.cycle': {
    fr: "Les données saisies dans la rubrique « modalités d'accompagnement » présentes dans le bilan de l'élève {{pupil}} ({{class}}) pour le cycle {{cycle}} ({{schoolYear}}) ne sont pas prises en compte. Les dispositifs de personnalisation des parcours saisis dans {{registry}} sont désormais directement importés dans Préau lors de l'import.",
    en: 'The support arrangements (accompaniment modalities) entered in the report of pupil {{pupil}} ({{class}}) for cycle {{cycle}} ({{schoolYear}}) are not taken into account. The personalised support arrangements entered in {{registry}} are now imported directly into Préau.',
  },
  /** R9: averages given to a class assessed by positioning. */
  'assessment.averages_ignored': {
    fr: "Des moyennes sont saisies en {{subjects}} dans le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) alors que la classe {{class}} est évaluée par positionnement. Les moyennes ne sont pas prises en compte.",
    en: 'Averages are entered for {{subjects}} in the report of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) although class {{class}} is assessed by positioning. The averages are not taken into account.',
  },
  /** R9, the reverse: positionings given to a class assessed by grades. */
  'assessment.positioning_ignored': {
    fr: "Des positionnements sont saisis en {{subjects}} dans le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) alors que la classe {{class}} est évaluée avec des notes. Les positionnements ne sont pas pris en compte.",
    en: 'Positionings are entered for {{subjects}} in the report of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) although class {{class}} is assessed with grades. The positionings are not taken into account.',
  },
  /** Every bilan of a file its base accepted provisionally: of a collège version newer than any known, checked against the newest known. */
  'provisional.checkedAgainst': {
    fr: "Le fichier déclare la version LSU {{declared}}, plus récente que celles que Préau connaît : ce bilan a été vérifié provisoirement avec la version {{checkedAgainst}}. Son contenu que cette version ne connaît pas est conservé et affiché tel quel.",
    en: 'The file declares LSU version {{declared}}, newer than those Préau knows: this report was checked provisionally against version {{checkedAgainst}}. Its content that version does not know is kept and shown as it is.',
  },
} as const satisfies Record<string, LocalizedMessage>;

