import type { ClassInput, DisciplineInput, PeriodInput, PupilInput, TeacherInput } from '@preau/contracts';
import type { StructureTables } from './structure.repository.ts';

/** API input → columns for each structure kind (trimmed; optional fields defaulted). */
export const periodColumns = (p: PeriodInput, schoolYear: string): Omit<StructureTables['periods']['insert'], 'id' | 'organization_id' | 'base_id'> => ({
  school_year: schoolYear,
  index: p.index,
  count: p.count,
  start_date: p.startDate,
  end_date: p.endDate,
});

export const classColumns = (c: ClassInput) => ({
  code: c.code.trim(),
  label: c.label.trim(),
  national_id: c.nationalId ?? null,
  data_source: c.dataSource ?? 'editor_import',
  assessment_mode: c.assessmentMode ?? 'grades',
});

export const pupilColumns = (p: PupilInput) => ({
  national_id: p.nationalId.trim(),
  last_name: p.lastName.trim(),
  first_name: p.firstName.trim(),
  birth_date: p.birthDate ?? null,
  class_id: p.classId,
});

export const teacherColumns = (t: TeacherInput) => ({
  civility: t.civility,
  last_name: t.lastName.trim(),
  first_name: t.firstName.trim(),
  sts_id: t.stsId ?? null,
});

export const disciplineColumns = (d: DisciplineInput) => ({ code: d.code.trim(), label: d.label.trim() });

/** Trims the text fields of an input so that checks and writes see the same values. */
export function trimmed<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T;
}
