/** The imaginary collège behind a generated file: divisions, pupils, subjects, teachers, periods. */
import { FIRST_NAMES, LAST_NAMES, PROGRAMME_ELEMENTS } from './french-text.ts';
import { periodDates, type ResolvedOptions } from './options.ts';
import { createRandom } from './random.ts';

export interface Division { index: number; code: string; level: 6 | 5 | 4 | 3; graded: boolean }
export interface Pupil { index: number; id: string; idBe: string; lastName: string; firstName: string; division: Division; latin: boolean }
export interface Subject { id: string; code: string; national?: string; modalite: string; label: string; fromLevel: number; optional: boolean; programme: string[]; idLv?: string }
export interface Teacher { id: string; sts: number; type: string; civilite: string; lastName: string; firstName: string }
export interface Period { id: string; index: number; count: number; start: string; end: string }

export interface CollegeSchool {
  divisions: Division[];
  pupils: Pupil[];
  subjects: Subject[];
  teachersBySubject: Teacher[][];
  periods: Period[];
  programme: { id: string; label: string }[];
}

// Interleaved so that two divisions already cover both cycle ends (6e and 3e).
const LEVELS = [6, 3, 5, 4] as const;
const SUBJECTS: [code: string, label: string, fromLevel: number, modalite: string, optional?: boolean][] = [
  ['020700', 'Français', 6, 'S'], ['061300', 'Mathématiques', 6, 'S'], ['030201', 'Anglais LV1', 6, 'S'],
  ['040700', 'Histoire-géographie-EMC', 6, 'S'], ['062900', 'Sciences de la vie et de la Terre', 6, 'S'],
  ['061800', 'Physique-chimie', 6, 'S'], ['063300', 'Technologie', 6, 'S'], ['070200', 'Arts plastiques', 6, 'S'],
  ['080100', 'Éducation musicale', 6, 'S'], ['100100', 'Éducation physique et sportive', 6, 'S'],
  ['030602', 'Espagnol LV2', 5, 'O'], ['020300', 'Latin', 5, 'F', true],
];

/** Builds the school deterministically from the options. */
export function buildCollegeSchool(o: ResolvedOptions): CollegeSchool {
  const random = createRandom(o.seed);
  const divisionCount = Math.max(1, Math.ceil(o.pupils / o.pupilsPerDivision));
  const divisions: Division[] = Array.from({ length: divisionCount }, (_, d) => {
    const level = LEVELS[d % 4] as Division['level'];
    return { index: d, code: `${level}${String.fromCharCode(65 + (Math.floor(d / 4) % 26))}${d >= 104 ? Math.floor(d / 104) : ''}`, level, graded: d % 3 !== 2 };
  });
  const pupils: Pupil[] = Array.from({ length: o.pupils }, (_, i) => ({
    index: i,
    id: `EL_${i + 1}`,
    idBe: String(1_200_000 + i * 3),
    lastName: random.pick(LAST_NAMES),
    firstName: random.pick(FIRST_NAMES),
    division: divisions[Math.floor(i / o.pupilsPerDivision)] as Division,
    latin: i === 1 || random.chance(0.2),
  }));
  const subjects: Subject[] = SUBJECTS.map(([code, label, fromLevel, modalite, optional], s) => ({
    id: `DI_${code}${modalite}`,
    code,
    ...(s === 0 ? { national: code } : {}),
    modalite,
    label,
    fromLevel,
    optional: optional ?? false,
    programme: [0, 1].map((k) => `EP_${((s * 2 + k) % PROGRAMME_ELEMENTS.length) + 1}`),
  }));
  if (o.version !== '3.0') {
    const lv2 = subjects[10] as Subject;
    lv2.idLv = subjects[2]?.id;
  }
  const perSubject = Math.max(1, Math.ceil(divisionCount / 5));
  let sts = 14_000;
  const teachersBySubject = subjects.map((subject) =>
    Array.from({ length: perSubject }, (): Teacher => {
      sts += random.int(1, 40);
      return {
        id: `ENS_${sts}`,
        sts,
        type: subject.optional ? 'local' : 'epp',
        civilite: random.chance(0.55) ? 'MME' : 'M',
        lastName: random.pick(LAST_NAMES).toUpperCase(),
        firstName: random.pick(FIRST_NAMES),
      };
    }),
  );
  const periods = o.periods === 0 ? [] : periodDates(o.millesime, o.periods).map((p, k) => ({ id: `P_${k + 1}`, index: k + 1, count: o.periods, ...p }));
  const programme = PROGRAMME_ELEMENTS.map((label, k) => ({ id: `EP_${k + 1}`, label }));
  return { divisions, pupils, subjects, teachersBySubject, periods, programme };
}

/** Subjects a pupil follows. */
export function subjectsOf(school: CollegeSchool, pupil: Pupil): Subject[] {
  return school.subjects.filter((s) => (!s.optional || pupil.latin) && (s.fromLevel === 6 || pupil.division.level !== 6));
}

/** The teacher of a subject in a division. */
export function teacherOf(school: CollegeSchool, subjectIndex: number, division: Division): Teacher {
  const teachers = school.teachersBySubject[subjectIndex] as Teacher[];
  return teachers[division.index % teachers.length] as Teacher;
}
