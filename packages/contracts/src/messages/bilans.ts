/**
 * Messages of the bilan rules, stored as `{ level, code, params }`. The French texts are the national
 * LSU application's (M1–M6, "dans LSU" read "dans Préau"), the rules it does not word follow the same
 * style. A message about a bilan names it by pupil, class and period, or, with a `.cycle` code of its
 * own, by cycle: a text cannot choose between the two.
 *
 * Parameters: `pupil` ("NOM Prénom"), `class` (the division or class as the file names it),
 * `periodIndex`/`periodCount` or `cycle`, `schoolYear`, `registry` (ONDE for école, SIECLE for
 * collège) and `staffRegistry` (ONDE or STS), plus each rule's own.
 */
import type { LocalizedMessage } from './format.ts';

export const BILAN_MESSAGES = {
  /** M1, Paramétrage incohérent. */
  'class.manual_entry': {
    fr: "La classe {{class}} est paramétrée en Saisie manuelle. Le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}}/{{periodCount}} ({{schoolYear}}) ne sera pas importé.",
    en: 'Class {{class}} is set to manual entry. The bilan of pupil {{pupil}} ({{class}}) for period {{periodIndex}}/{{periodCount}} ({{schoolYear}}) will not be imported.',
  },
  'class.manual_entry.cycle': {
    fr: "La classe {{class}} est paramétrée en Saisie manuelle. Le bilan de l'élève {{pupil}} ({{class}}) pour le cycle {{cycle}} ({{schoolYear}}) ne sera pas importé.",
    en: 'Class {{class}} is set to manual entry. The bilan of pupil {{pupil}} ({{class}}) for cycle {{cycle}} ({{schoolYear}}) will not be imported.',
  },
  /** M2, Classe non trouvée. */
  'class.unknown': {
    fr: "La classe référencée dans le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}} / {{periodCount}} ( {{schoolYear}} ) est inconnue dans la base de données {{registry}}. Vérifiez les données dans {{registry}}, puis le logiciel d'évaluation.",
    en: 'The class referred to in the bilan of pupil {{pupil}} ({{class}}) for period {{periodIndex}} / {{periodCount}} ({{schoolYear}}) is unknown in the {{registry}} database. Check the data in {{registry}}, then in the assessment software.',
  },
  'class.unknown.cycle': {
    fr: "La classe référencée dans le bilan de l'élève {{pupil}} ({{class}}) pour le cycle {{cycle}} ( {{schoolYear}} ) est inconnue dans la base de données {{registry}}. Vérifiez les données dans {{registry}}, puis le logiciel d'évaluation.",
    en: 'The class referred to in the bilan of pupil {{pupil}} ({{class}}) for cycle {{cycle}} ({{schoolYear}}) is unknown in the {{registry}} database. Check the data in {{registry}}, then in the assessment software.',
  },
  /** M3, Périodes non paramétrées. */
  'period.not_configured': {
    fr: 'Veuillez effectuer le paramétrage des périodes pour la classe {{classLabel}} (<id={{classId}}>).',
    en: 'Please configure the periods of class {{classLabel}} (<id={{classId}}>).',
  },
  /** M4, Dates périodes incohérentes (count, index or dates differ). */
  'period.dates_differ': {
    fr: 'Les dates des périodes définies dans le fichier importé sont différentes de celles paramétrées dans Préau pour la classe {{classLabel}} (<id={{classId}}>). Vérifiez le paramétrage des périodes dans Préau et dans votre logiciel éditeur.',
    en: "The period dates defined in the imported file differ from those configured in Préau for class {{classLabel}} (<id={{classId}}>). Check the period configuration in Préau and in your editor's software.",
  },
  /** The pupil's national identifier is not in the base (same style as M2). */
  'pupil.unknown': {
    fr: "L'élève {{pupil}} ({{class}}), identifiant {{nationalId}}, du bilan pour la période {{periodIndex}} / {{periodCount}} ( {{schoolYear}} ) est inconnu dans la base de données {{registry}}. Vérifiez les données dans {{registry}}, puis le logiciel d'évaluation.",
    en: 'Pupil {{pupil}} ({{class}}), identifier {{nationalId}}, of the bilan for period {{periodIndex}} / {{periodCount}} ({{schoolYear}}) is unknown in the {{registry}} database. Check the data in {{registry}}, then in the assessment software.',
  },
  'pupil.unknown.cycle': {
    fr: "L'élève {{pupil}} ({{class}}), identifiant {{nationalId}}, du bilan pour le cycle {{cycle}} ( {{schoolYear}} ) est inconnu dans la base de données {{registry}}. Vérifiez les données dans {{registry}}, puis le logiciel d'évaluation.",
    en: 'Pupil {{pupil}} ({{class}}), identifier {{nationalId}}, of the bilan for cycle {{cycle}} ({{schoolYear}}) is unknown in the {{registry}} database. Check the data in {{registry}}, then in the assessment software.',
  },
  /** Collège: a subject has neither a result nor an appreciation. */
  'content.missing': {
    fr: "Le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}} / {{periodCount}} ( {{schoolYear}} ) est incomplet : aucun résultat ni appréciation pour {{subjects}}. Il ne sera pas importé.",
    en: 'The bilan of pupil {{pupil}} ({{class}}) for period {{periodIndex}} / {{periodCount}} ({{schoolYear}}) is incomplete: no result or appreciation for {{subjects}}. It will not be imported.',
  },
  /** École (R5): fewer than three domains with an appreciation or a positioning. */
  'content.missing_domains': {
    fr: "Le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}} / {{periodCount}} ( {{schoolYear}} ) est incomplet : {{filled}} domaine(s) renseigné(s) sur les 3 attendus au minimum. Il ne sera pas importé.",
    en: 'The bilan of pupil {{pupil}} ({{class}}) for period {{periodIndex}} / {{periodCount}} ({{schoolYear}}) is incomplete: {{filled}} domain(s) filled in of the 3 expected at least. It will not be imported.',
  },
  /** M5, Enseignant inconnu (matched on civilité and last name only). */
  'teacher.unknown': {
    fr: "L'enseignant {{teacher}} est inconnu dans {{staffRegistry}}. Vérifiez les données dans le logiciel d'évaluation et {{staffRegistry}}. Bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}} / {{periodCount}} ( {{schoolYear}} ).",
    en: 'Teacher {{teacher}} is unknown in {{staffRegistry}}. Check the data in the assessment software and in {{staffRegistry}}. Bilan of pupil {{pupil}} ({{class}}) for period {{periodIndex}} / {{periodCount}} ({{schoolYear}}).',
  },
  'teacher.unknown.cycle': {
    fr: "L'enseignant {{teacher}} est inconnu dans {{staffRegistry}}. Vérifiez les données dans le logiciel d'évaluation et {{staffRegistry}}. Bilan de l'élève {{pupil}} ({{class}}) pour le cycle {{cycle}} ( {{schoolYear}} ).",
    en: 'Teacher {{teacher}} is unknown in {{staffRegistry}}. Check the data in the assessment software and in {{staffRegistry}}. Bilan of pupil {{pupil}} ({{class}}) for cycle {{cycle}} ({{schoolYear}}).',
  },
  /** M6, Modalités d'accompagnement ignorées. */
  'accompaniment.ignored': {
    fr: "Les données saisies dans la rubrique « modalités d'accompagnement » présentes dans le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}} / {{periodCount}} ( {{schoolYear}} ) ne sont pas prises en compte. Les dispositifs de personnalisation des parcours saisis dans {{registry}} sont désormais directement importés dans Préau lors de l'import.",
    en: 'The data entered under "modalités d\'accompagnement" in the bilan of pupil {{pupil}} ({{class}}) for period {{periodIndex}} / {{periodCount}} ({{schoolYear}}) are not taken into account. The personalised support arrangements entered in {{registry}} are now imported directly into Préau.',
  },
  'accompaniment.ignored.cycle': {
    fr: "Les données saisies dans la rubrique « modalités d'accompagnement » présentes dans le bilan de l'élève {{pupil}} ({{class}}) pour le cycle {{cycle}} ( {{schoolYear}} ) ne sont pas prises en compte. Les dispositifs de personnalisation des parcours saisis dans {{registry}} sont désormais directement importés dans Préau lors de l'import.",
    en: 'The data entered under "modalités d\'accompagnement" in the bilan of pupil {{pupil}} ({{class}}) for cycle {{cycle}} ({{schoolYear}}) are not taken into account. The personalised support arrangements entered in {{registry}} are now imported directly into Préau.',
  },
  /** R9: averages given to a class assessed by positioning. */
  'assessment.averages_ignored': {
    fr: "Des moyennes sont saisies dans le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}} / {{periodCount}} ( {{schoolYear}} ) ({{subjects}}) alors que la classe {{class}} est évaluée par positionnement. Les moyennes ne sont pas prises en compte.",
    en: 'Averages are entered in the bilan of pupil {{pupil}} ({{class}}) for period {{periodIndex}} / {{periodCount}} ({{schoolYear}}) ({{subjects}}) although class {{class}} is assessed by positioning. The averages are not taken into account.',
  },
  /** R9, the reverse: positionings given to a class assessed by grades. */
  'assessment.positioning_ignored': {
    fr: "Des positionnements sont saisis dans le bilan de l'élève {{pupil}} ({{class}}) pour la période {{periodIndex}} / {{periodCount}} ( {{schoolYear}} ) ({{subjects}}) alors que la classe {{class}} est évaluée avec des notes. Les positionnements ne sont pas pris en compte.",
    en: 'Positionings are entered in the bilan of pupil {{pupil}} ({{class}}) for period {{periodIndex}} / {{periodCount}} ({{schoolYear}}) ({{subjects}}) although class {{class}} is assessed with grades. The positionings are not taken into account.',
  },
} as const satisfies Record<string, LocalizedMessage>;

