import type { BaseDegree, CatalogueMessage, ClassInput, ConflictCode, DisciplineInput, FieldCode, PeriodInput, PupilInput, TeacherInput } from '@preau/contracts';
import { schoolYearBounds } from '../bases/base-states.ts';

/** Codes of the structure rules: field codes, and `class.not_found` for a pupil's class. */
export type StructureRuleCode = FieldCode | 'class.not_found';
/** What is wrong with one field: `conflict` when another row holds the same key (its code is then an answer's code too), `invalid` otherwise. */
export type FieldProblem = { field: string } & (
  | ({ kind: 'invalid' } & CatalogueMessage<StructureRuleCode>)
  | ({ kind: 'conflict' } & CatalogueMessage<ConflictCode>)
);

/** The base a row belongs to, as the rules need it. */
export interface BaseContext {
  degree: BaseDegree;
  schoolYear: string;
  /** Today as YYYY-MM-DD (birth dates may not be later). */
  today: string;
}

/** A candidate row with its id when it already exists (so a row never conflicts with itself). */
export type WithId<T> = T & { id?: string };

const invalid = (field: string, message: CatalogueMessage<StructureRuleCode>): FieldProblem => ({ field, kind: 'invalid', ...message });
const conflict = (field: string, message: CatalogueMessage<ConflictCode>): FieldProblem => ({ field, kind: 'conflict', ...message });

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
  if (period.index > period.count) problems.push(invalid('index', { code: 'period.index_out_of_range', params: { count: period.count } }));
  for (const field of ['startDate', 'endDate'] as const) {
    if (!isRealDate(period[field])) problems.push(invalid(field, { code: 'date.invalid' }));
  }
  if (problems.length > 0) return problems;
  const { first, last } = schoolYearBounds(base.schoolYear);
  const outside = { code: 'period.outside_school_year', params: { schoolYear: base.schoolYear, first, last } } as const;
  if (period.startDate < first || period.startDate > last) problems.push(invalid('startDate', outside));
  if (period.endDate < first || period.endDate > last) problems.push(invalid('endDate', outside));
  if (period.endDate < period.startDate) problems.push(invalid('endDate', { code: 'period.end_before_start' }));
  const siblings = others.filter((o) => o.count === period.count);
  if (siblings.some((o) => o.index === period.index)) {
    problems.push(conflict('index', { code: 'period.duplicate', params: { index: period.index, count: period.count } }));
  }
  for (const other of siblings.filter((o) => o.index !== period.index)) {
    const overlaps = other.startDate <= period.endDate && period.startDate <= other.endDate;
    const outOfOrder = other.index < period.index ? other.endDate >= period.startDate : other.startDate <= period.endDate;
    if (overlaps || outOfOrder) {
      problems.push(invalid('startDate', { code: 'period.overlap', params: { index: other.index, count: other.count, start: other.startDate, end: other.endDate } }));
      break;
    }
  }
  return problems;
}

/** Classes: unique code; école classes need their ONDE national id, unique too. */
export function checkClass(input: ClassInput, others: WithId<ClassInput>[], base: BaseContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (base.degree === 'ecole' && !input.nationalId) {
    problems.push(invalid('nationalId', { code: 'class.national_id_required' }));
  }
  if (others.some((o) => o.code === input.code)) problems.push(conflict('code', { code: 'class.duplicate', params: { code: input.code } }));
  if (input.nationalId && others.some((o) => o.nationalId === input.nationalId)) {
    problems.push(conflict('nationalId', { code: 'class.duplicate_national_id', params: { nationalId: input.nationalId } }));
  }
  return problems;
}

/** Pupils: national id shaped for the degree (collège id-be digits, école 11-character INE), unique; a real past birth date; a class of the base. */
export function checkPupil(input: PupilInput, others: WithId<PupilInput>[], base: BaseContext, classIds: ReadonlySet<string>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (base.degree === 'college' && !/^[1-9][0-9]*$/.test(input.nationalId)) {
    problems.push(invalid('nationalId', { code: 'pupil.national_id_format' }));
  }
  if (base.degree === 'ecole' && !/^[0-9A-Z]{11}$/.test(input.nationalId)) {
    problems.push(invalid('nationalId', { code: 'pupil.national_id_format' }));
  }
  if (input.birthDate && (!isRealDate(input.birthDate) || input.birthDate > base.today)) {
    problems.push(invalid('birthDate', { code: 'pupil.birth_date_invalid' }));
  }
  if (!classIds.has(input.classId)) problems.push(invalid('classId', { code: 'class.not_found' }));
  if (others.some((o) => o.nationalId === input.nationalId)) {
    problems.push(conflict('nationalId', { code: 'pupil.duplicate', params: { nationalId: input.nationalId } }));
  }
  return problems;
}

/** Teachers: unique STS id; without one, unique civility and names (as LSU's école schema requires). */
export function checkTeacher(input: TeacherInput, others: WithId<TeacherInput>[]): FieldProblem[] {
  if (input.stsId) {
    return others.some((o) => o.stsId === input.stsId)
      ? [conflict('stsId', { code: 'teacher.duplicate' })]
      : [];
  }
  const sameName = others.some(
    (o) => !o.stsId && o.civility === input.civility && sameText(o.lastName, input.lastName) && sameText(o.firstName, input.firstName),
  );
  return sameName ? [conflict('lastName', { code: 'teacher.duplicate' })] : [];
}

/** Disciplines: unique code. */
export function checkDiscipline(input: DisciplineInput, others: WithId<DisciplineInput>[]): FieldProblem[] {
  return others.some((o) => o.code === input.code) ? [conflict('code', { code: 'discipline.duplicate', params: { code: input.code } })] : [];
}

/** Case- and accent-insensitive equality of names. */
export function sameText(a: string, b: string): boolean {
  return a.localeCompare(b, 'fr', { sensitivity: 'base' }) === 0;
}
