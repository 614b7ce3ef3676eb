/**
 * Bilan-level messages as stored: a code of the catalogue (`@preau/contracts`, messages/bilans.ts,
 * worded like the national LSU application's) and its parameters. A bilan is named by its period or,
 * with the `.cycle` variant of the code, by its cycle.
 */
import type { BilanMessage, MessageCode, MessageParamsOf } from '@preau/contracts';

/** Who the bilan is about and when, as the messages name them. */
export interface BilanSubject {
  pupil: string; // "NOM Prénom"
  classCode: string;
  /** Index and count of a periodic bilan's period, null for an end-of-cycle one. */
  period: { index: number; count: number } | null;
  cycle: number | null;
  schoolYear: string;
  /** Reference database of pupils and classes: ONDE (école) or SIECLE (collège). */
  registry: 'ONDE' | 'SIECLE';
  /** Reference database of teachers: ONDE (école) or STS (collège); the messages now name the base's structure instead. */
  staffRegistry: 'ONDE' | 'STS';
}

const error = <C extends MessageCode>(code: C, params: MessageParamsOf<C>): BilanMessage => ({ level: 'error', code, params });
const alert = <C extends MessageCode>(code: C, params: MessageParamsOf<C>): BilanMessage => ({ level: 'alert', code, params });

/** The parameters naming a periodic bilan. */
function periodic(s: BilanSubject, period: { index: number; count: number }) {
  return { pupil: s.pupil, class: s.classCode, periodIndex: period.index, periodCount: period.count, schoolYear: s.schoolYear };
}

/** The parameters naming an end-of-cycle bilan. */
function ofCycle(s: BilanSubject) {
  return { pupil: s.pupil, class: s.classCode, cycle: s.cycle ?? '?', schoolYear: s.schoolYear };
}

export const messages = {
  /** M1, Paramétrage incohérent. */
  classManualEntry: (s: BilanSubject): BilanMessage =>
    s.period ? error('class.manual_entry', periodic(s, s.period)) : error('class.manual_entry.cycle', ofCycle(s)),
  /** M2, Classe non trouvée (missing from the base's structure). */
  classUnknown: (s: BilanSubject): BilanMessage =>
    s.period ? error('class.unknown', periodic(s, s.period)) : error('class.unknown.cycle', ofCycle(s)),
  /** M3, Périodes non paramétrées. */
  periodsNotConfigured: (classLabel: string, classId: string): BilanMessage => error('period.not_configured', { classLabel, classId }),
  /** M4, Dates périodes incohérentes (count, index or dates differ). */
  periodDatesDiffer: (classLabel: string, classId: string): BilanMessage => error('period.dates_differ', { classLabel, classId }),
  /** The pupil's national identifier is not in the base's structure. */
  pupilUnknown: (s: BilanSubject, nationalId: string): BilanMessage =>
    s.period ? error('pupil.unknown', { ...periodic(s, s.period), nationalId }) : error('pupil.unknown.cycle', { ...ofCycle(s), nationalId }),
  /** Collège: subjects with neither a result nor an appreciation (periodic bilans only). */
  contentMissing: (s: BilanSubject, period: { index: number; count: number }, subjects: string): BilanMessage =>
    error('content.missing', { ...periodic(s, period), subjects }),
  /** École, R5: fewer than three domains filled in (periodic bilans only). */
  domainsMissing: (s: BilanSubject, period: { index: number; count: number }, filled: number): BilanMessage =>
    error('content.missing_domains', { ...periodic(s, period), count: filled }),
  /** M5, Enseignant inconnu (matched on civilité and last name only). */
  teacherUnknown: (s: BilanSubject, teacher: string): BilanMessage =>
    s.period
      ? alert('teacher.unknown', { ...periodic(s, s.period), teacher })
      : alert('teacher.unknown.cycle', { ...ofCycle(s), teacher }),
  /** M6, Modalités d'accompagnement ignorées. */
  accompanimentIgnored: (s: BilanSubject): BilanMessage =>
    s.period
      ? alert('accompaniment.ignored', { ...periodic(s, s.period), registry: s.registry })
      : alert('accompaniment.ignored.cycle', { ...ofCycle(s), registry: s.registry }),
  /** R9: averages given to a class assessed by positioning (periodic collège bilans only). */
  averagesIgnored: (s: BilanSubject, period: { index: number; count: number }, subjects: string): BilanMessage =>
    alert('assessment.averages_ignored', { ...periodic(s, period), subjects }),
  /** R9, the reverse: positionings given to a class assessed by grades. */
  positioningIgnored: (s: BilanSubject, period: { index: number; count: number }, subjects: string): BilanMessage =>
    alert('assessment.positioning_ignored', { ...periodic(s, period), subjects }),
};
