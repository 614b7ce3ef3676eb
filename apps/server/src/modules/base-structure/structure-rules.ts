import type { BaseDegree, ClassInput, DisciplineInput, PeriodInput, PupilInput, TeacherInput } from '@preau/contracts';
import { schoolYearBounds } from '../bases/base-states.ts';

/** What is wrong with one field: `conflict` when another row holds the same key, `invalid` otherwise. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
  kind: 'invalid' | 'conflict';
}

/** The base a row belongs to, as the rules need it. */
export interface BaseContext {
  degree: BaseDegree;
  schoolYear: string;
  /** Today as YYYY-MM-DD (birth dates may not be later). */
  today: string;
}

/** A candidate row with its id when it already exists (so a row never conflicts with itself). */
export type WithId<T> = T & { id?: string };

const invalid = (field: string, code: string, message: string): FieldProblem => ({ field, code, message, kind: 'invalid' });
const conflict = (field: string, code: string, message: string): FieldProblem => ({ field, code, message, kind: 'conflict' });

/** True for a real calendar date written YYYY-MM-DD. */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Periods: index within count, real dates in order inside the school year, no overlap and in index order within a periodicity. */
export function checkPeriod(period: PeriodInput, others: WithId<PeriodInput>[], base: BaseContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (period.index > period.count) problems.push(invalid('index', 'period.index_out_of_range', `The index must be between 1 and ${period.count}.`));
  for (const field of ['startDate', 'endDate'] as const) {
    if (!isRealDate(period[field])) problems.push(invalid(field, 'date.invalid', 'Not a real date (YYYY-MM-DD).'));
  }
  if (problems.length > 0) return problems;
  const { first, last } = schoolYearBounds(base.schoolYear);
  if (period.startDate < first || period.startDate > last) problems.push(invalid('startDate', 'period.outside_school_year', `Must fall within the school year ${base.schoolYear} (${first} to ${last}).`));
  if (period.endDate < first || period.endDate > last) problems.push(invalid('endDate', 'period.outside_school_year', `Must fall within the school year ${base.schoolYear} (${first} to ${last}).`));
  if (period.endDate < period.startDate) problems.push(invalid('endDate', 'period.end_before_start', 'The end date comes before the start date.'));
  const siblings = others.filter((o) => o.count === period.count);
  if (siblings.some((o) => o.index === period.index)) {
    problems.push(conflict('index', 'period.duplicate', `Period ${period.index} of ${period.count} already exists.`));
  }
  for (const other of siblings.filter((o) => o.index !== period.index)) {
    const overlaps = other.startDate <= period.endDate && period.startDate <= other.endDate;
    const outOfOrder = other.index < period.index ? other.endDate >= period.startDate : other.startDate <= period.endDate;
    if (overlaps || outOfOrder) {
      problems.push(invalid('startDate', 'period.overlap', `Overlaps or comes out of order with period ${other.index} of ${other.count} (${other.startDate} to ${other.endDate}).`));
      break;
    }
  }
  return problems;
}

/** Classes: unique code; école classes need their ONDE national id, unique too. */
export function checkClass(input: ClassInput, others: WithId<ClassInput>[], base: BaseContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (base.degree === 'ecole' && !input.nationalId) {
    problems.push(invalid('nationalId', 'class.national_id_required', "An école class needs its national (ONDE) id."));
  }
  if (others.some((o) => o.code === input.code)) problems.push(conflict('code', 'class.duplicate', `A class ${input.code} already exists.`));
  if (input.nationalId && others.some((o) => o.nationalId === input.nationalId)) {
    problems.push(conflict('nationalId', 'class.duplicate_national_id', `Another class has the national id ${input.nationalId}.`));
  }
  return problems;
}

/** Pupils: national id shaped for the degree (collège id-be digits, école 11-character INE), unique; a real past birth date; a class of the base. */
export function checkPupil(input: PupilInput, others: WithId<PupilInput>[], base: BaseContext, classIds: ReadonlySet<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (base.degree === 'college' && !/^[1-9][0-9]*$/.test(input.nationalId)) {
    problems.push(invalid('nationalId', 'pupil.national_id_format', "A collège pupil's national id (id-be) is a number."));
  }
  if (base.degree === 'ecole' && !/^[0-9A-Z]{11}$/.test(input.nationalId)) {
    problems.push(invalid('nationalId', 'pupil.national_id_format', "An école pupil's national id (INE) is 11 capital letters or digits."));
  }
  if (input.birthDate && (!isRealDate(input.birthDate) || input.birthDate > base.today)) {
    problems.push(invalid('birthDate', 'pupil.birth_date_invalid', 'Not a real past date (YYYY-MM-DD).'));
  }
  if (!classIds.has(input.classId)) problems.push(invalid('classId', 'class.not_found', 'No such class in this base.'));
  if (others.some((o) => o.nationalId === input.nationalId)) {
    problems.push(conflict('nationalId', 'pupil.duplicate', `A pupil with the national id ${input.nationalId} already exists.`));
  }
  return problems;
}

/** Teachers: unique STS id; without one, unique civility and names (as LSU's école schema requires). */
export function checkTeacher(input: TeacherInput, others: WithId<TeacherInput>[]): FieldProblem[] {
  if (input.stsId) {
    return others.some((o) => o.stsId === input.stsId)
      ? [conflict('stsId', 'teacher.duplicate', `A teacher with the STS id ${input.stsId} already exists.`)]
      : [];
  }
  const sameName = others.some(
    (o) => !o.stsId && o.civility === input.civility && sameText(o.lastName, input.lastName) && sameText(o.firstName, input.firstName),
  );
  return sameName ? [conflict('lastName', 'teacher.duplicate', 'A teacher with this civility and these names already exists.')] : [];
}

/** Disciplines: unique code. */
export function checkDiscipline(input: DisciplineInput, others: WithId<DisciplineInput>[]): FieldProblem[] {
  return others.some((o) => o.code === input.code) ? [conflict('code', 'discipline.duplicate', `A discipline ${input.code} already exists.`)] : [];
}

/** Case- and accent-insensitive equality of names. */
export function sameText(a: string, b: string): boolean {
  return a.localeCompare(b, 'fr', { sensitivity: 'base' }) === 0;
}
