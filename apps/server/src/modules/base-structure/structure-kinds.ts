import type { ClassInput, DisciplineInput, PeriodInput, PupilInput, StructureKind, TeacherInput } from '@preau/contracts';
import type { BaseContext, FieldProblem, WithId } from './structure-rules.ts';
import { checkClass, checkDiscipline, checkPeriod, checkPupil, checkTeacher } from './structure-rules.ts';
import type { StructureRepository, StructureTable } from './structure.repository.ts';
import { classColumns, disciplineColumns, periodColumns, pupilColumns, teacherColumns } from './structure-writes.ts';
import { toClass, toDiscipline, toPeriod, toPupil, toTeacher } from './structure.views.ts';

/** Where a kind's rows live and which base they belong to. */
export interface KindScope {
  repository: StructureRepository;
  organizationId: string;
  baseId: string;
  base: BaseContext;
}

/** Singular noun of a structure kind, as its codes spell it (`class.not_found`). */
export type StructureNoun = 'period' | 'class' | 'pupil' | 'teacher' | 'discipline';

/**
 * One structure kind: its table, how its rows read (API shape, which is also the input shape plus
 * an id), how a candidate is checked against the others, and which columns it writes.
 */
export interface KindSpec<Input, Item extends WithId<Input>> {
  table: StructureTable;
  noun: StructureNoun;
  load(scope: KindScope): Promise<Item[]>;
  /** Extra facts a check needs (for pupils: the base's class ids). */
  check(input: Input, others: Item[], scope: KindScope): Promise<FieldProblem[]>;
  columns(input: Input, scope: KindScope): Record<string, unknown>;
}

const period: KindSpec<PeriodInput, ReturnType<typeof toPeriod>> = {
  table: 'periods',
  noun: 'period',
  load: async (s) => (await s.repository.listPeriods(s.organizationId, s.baseId)).map(toPeriod),
  check: async (input, others, s) => checkPeriod(input, others, s.base),
  columns: (input, s) => periodColumns(input, s.base.schoolYear),
};

const schoolClass: KindSpec<ClassInput, ReturnType<typeof toClass>> = {
  table: 'classes',
  noun: 'class',
  load: async (s) => (await s.repository.listClasses(s.organizationId, s.baseId)).map(toClass),
  check: async (input, others, s) => checkClass(input, others, s.base),
  columns: classColumns,
};

const pupil: KindSpec<PupilInput, ReturnType<typeof toPupil>> = {
  table: 'pupils',
  noun: 'pupil',
  load: async (s) => (await s.repository.listPupils(s.organizationId, s.baseId)).map(toPupil),
  check: async (input, others, s) => {
    const classIds = new Set((await s.repository.listClasses(s.organizationId, s.baseId)).map((c) => c.id));
    return checkPupil(input, others, s.base, classIds);
  },
  columns: pupilColumns,
};

const teacher: KindSpec<TeacherInput, ReturnType<typeof toTeacher>> = {
  table: 'teachers',
  noun: 'teacher',
  load: async (s) => (await s.repository.listTeachers(s.organizationId, s.baseId)).map(toTeacher),
  check: async (input, others) => checkTeacher(input, others),
  columns: teacherColumns,
};

const discipline: KindSpec<DisciplineInput, ReturnType<typeof toDiscipline>> = {
  table: 'disciplines',
  noun: 'discipline',
  load: async (s) => (await s.repository.listDisciplines(s.organizationId, s.baseId)).map(toDiscipline),
  check: async (input, others) => checkDiscipline(input, others),
  columns: disciplineColumns,
};

/** Every structure kind by its URL name. */
export const STRUCTURE_KIND_SPECS = { periods: period, classes: schoolClass, pupils: pupil, teachers: teacher, disciplines: discipline } as const satisfies Record<
  StructureKind,
  unknown
>;
