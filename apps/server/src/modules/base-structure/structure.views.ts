import type { Discipline, Period, Pupil, SchoolClass, Teacher } from '@preau/contracts';
import type { ClassRow, DisciplineRow, PeriodRow, PupilRow, TeacherRow } from './structure.repository.ts';

/** Row → API shape for each structure kind. */
export const toPeriod = (r: PeriodRow): Period => ({ id: r.id, schoolYear: r.school_year, index: r.index, count: r.count, startDate: r.start_date, endDate: r.end_date });

export const toClass = (r: ClassRow): SchoolClass => ({
  id: r.id,
  code: r.code,
  label: r.label,
  nationalId: r.national_id,
  dataSource: r.data_source,
  assessmentMode: r.assessment_mode,
  pupilCount: Number(r.pupil_count),
});

export const toPupil = (r: PupilRow): Pupil => ({
  id: r.id,
  nationalId: r.national_id,
  lastName: r.last_name,
  firstName: r.first_name,
  birthDate: r.birth_date,
  classId: r.class_id,
  classCode: r.class_code,
});

export const toTeacher = (r: TeacherRow): Teacher => ({ id: r.id, civility: r.civility, lastName: r.last_name, firstName: r.first_name, stsId: r.sts_id });

export const toDiscipline = (r: DisciplineRow): Discipline => ({ id: r.id, code: r.code, label: r.label });
