/**
 * Bilan-level messages, worded like the national LSU application's (REPORT.md §6.2, M1–M6) with the
 * placeholders filled; the rules the national texts do not cover follow the same style. Préau plays
 * the national application's part, so "dans LSU" reads "dans Préau".
 */
import type { BilanMessage } from '@preau/contracts';

/** Who the bilan is about and when, as the messages name them. */
export interface BilanSubject {
  pupil: string; // "NOM Prénom"
  classCode: string;
  /** "2 / 3" for a periodic bilan, null for an end-of-cycle one. */
  period: string | null;
  cycle: number | null;
  schoolYear: string;
  /** Reference database of pupils and classes: ONDE (école) or SIECLE (collège). */
  registry: 'ONDE' | 'SIECLE';
  /** Reference database of teachers: ONDE (école) or STS (collège). */
  staffRegistry: 'ONDE' | 'STS';
}

const error = (code: string, message: string): BilanMessage => ({ level: 'error', code, message });
const alert = (code: string, message: string): BilanMessage => ({ level: 'alert', code, message });

/**
 * « pour la période 2 / 3 ( 2025-2026 ) » (M2, M6 spacing) or, compact, « pour la période 2/3 (2025-2026) »
 * (M1 spacing); an end-of-cycle bilan reads « pour le cycle 3 … ».
 */
function when(s: BilanSubject, compact = false): string {
  const year = compact ? `(${s.schoolYear})` : `( ${s.schoolYear} )`;
  if (s.period === null) return `pour le cycle ${s.cycle ?? '?'} ${year}`;
  return `pour la période ${compact ? s.period.replaceAll(' ', '') : s.period} ${year}`;
}

function bilanOf(s: BilanSubject): string {
  return `le bilan de l'élève ${s.pupil} (${s.classCode}) ${when(s)}`;
}

export const messages = {
  /** M1, Paramétrage incohérent. */
  classManualEntry: (s: BilanSubject): BilanMessage =>
    error('class.manual_entry', `La classe ${s.classCode} est paramétrée en Saisie manuelle. Le bilan de l'élève ${s.pupil} (${s.classCode}) ${when(s, true)} ne sera pas importé.`),
  /** M2, Classe non trouvée. */
  classUnknown: (s: BilanSubject): BilanMessage =>
    error('class.unknown', `La classe référencée dans ${bilanOf(s)} est inconnue dans la base de données ${s.registry}. Vérifiez les données dans ${s.registry}, puis le logiciel d'évaluation.`),
  /** M3, Périodes non paramétrées. */
  periodsNotConfigured: (s: BilanSubject, classLabel: string, classId: string): BilanMessage =>
    error('period.not_configured', `Veuillez effectuer le paramétrage des périodes pour la classe ${classLabel} (<id=${classId}>).`),
  /** M4, Dates périodes incohérentes (count, index or dates differ). */
  periodDatesDiffer: (classLabel: string, classId: string): BilanMessage =>
    error('period.dates_differ', `Les dates des périodes définies dans le fichier importé sont différentes de celles paramétrées dans Préau pour la classe ${classLabel} (<id=${classId}>). Vérifiez le paramétrage des périodes dans Préau et dans votre logiciel éditeur.`),
  /** The pupil's national identifier is not in the base (same style as M2). */
  pupilUnknown: (s: BilanSubject, nationalId: string): BilanMessage =>
    error('pupil.unknown', `L'élève ${s.pupil} (${s.classCode}), identifiant ${nationalId}, du bilan ${when(s)} est inconnu dans la base de données ${s.registry}. Vérifiez les données dans ${s.registry}, puis le logiciel d'évaluation.`),
  /** Required content missing (R5 for école; for collège, each subject needs a result or an appreciation). */
  contentMissing: (s: BilanSubject, detail: string): BilanMessage =>
    error('content.missing', `Le bilan de l'élève ${s.pupil} (${s.classCode}) ${when(s)} est incomplet : ${detail}. Il ne sera pas importé.`),
  /** M5, Enseignant inconnu (matched on civilité and last name only). */
  teacherUnknown: (s: BilanSubject, teacher: string): BilanMessage =>
    alert('teacher.unknown', `L'enseignant ${teacher} est inconnu dans ${s.staffRegistry}. Vérifiez les données dans le logiciel d'évaluation et ${s.staffRegistry}. Bilan de l'élève ${s.pupil} (${s.classCode}) ${when(s)}.`),
  /** M6, Modalités d'accompagnement ignorées. */
  accompanimentIgnored: (s: BilanSubject): BilanMessage =>
    alert('accompaniment.ignored', `Les données saisies dans la rubrique « modalités d'accompagnement » présentes dans ${bilanOf(s)} ne sont pas prises en compte. Les dispositifs de personnalisation des parcours saisis dans ${s.registry} sont désormais directement importés dans Préau lors de l'import.`),
  /** R9: averages given to a class assessed by positioning. */
  averagesIgnored: (s: BilanSubject, subjects: string): BilanMessage =>
    alert('assessment.averages_ignored', `Des moyennes sont saisies dans ${bilanOf(s)} (${subjects}) alors que la classe ${s.classCode} est évaluée par positionnement. Les moyennes ne sont pas prises en compte.`),
  /** R9, the reverse: positionings given to a class assessed by grades. */
  positioningIgnored: (s: BilanSubject, subjects: string): BilanMessage =>
    alert('assessment.positioning_ignored', `Des positionnements sont saisis dans ${bilanOf(s)} (${subjects}) alors que la classe ${s.classCode} est évaluée avec des notes. Les positionnements ne sont pas pris en compte.`),
};
