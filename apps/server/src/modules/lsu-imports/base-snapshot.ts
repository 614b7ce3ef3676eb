/**
 * What the bilan rules need to know about a base, read once when an import starts: its pupils,
 * classes, periods and teachers, indexed for constant-time lookups (10⁴ bilans per file).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { createStructureRepository } from '../base-structure/structure.repository.ts';
import { createBasesRepository } from '../bases/bases.repository.ts';

export interface SnapshotClass {
  id: string;
  code: string;
  label: string;
  nationalId: string | null;
  dataSource: 'editor_import' | 'manual_entry';
  assessmentMode: 'grades' | 'positioning';
}

export interface SnapshotPeriod {
  id: string;
  index: number;
  count: number;
  startDate: string;
  endDate: string;
}

export interface BaseSnapshot {
  baseId: string;
  organizationId: string;
  uai: string;
  degree: 'ecole' | 'college';
  schoolYear: string;
  acceptedVersions: string[];
  /** Collège files of a version newer than any known are checked provisionally (`checkLsuProvisionally`). */
  provisionalNewerVersions: boolean;
  /** By national identifier (collège id-be, école INE). */
  pupils: Map<string, { id: string }>;
  /** By the key the file uses: division code (collège) or ONDE id (école). */
  classes: Map<string, SnapshotClass>;
  periods: SnapshotPeriod[];
  /** `civility|LAST NAME` keys, plus `|LAST NAME` for files that omit the civility. */
  teachers: Set<string>;
  /** Verdicts already given for a teacher as the file spells it (files repeat the same few teachers). */
  teacherVerdicts: Map<string, boolean>;
}

/** Whether the base knows a teacher, matched on civilité and last name only (as the national application). */
export function knowsTeacher(base: BaseSnapshot, civility: string | undefined, lastName: string): boolean {
  const spelled = `${civility ?? ''}|${lastName}`;
  let known = base.teacherVerdicts.get(spelled);
  if (known === undefined) {
    known = base.teachers.has(`${civility ?? ''}|${normalizeName(lastName)}`);
    base.teacherVerdicts.set(spelled, known);
  }
  return known;
}

/** Upper case without accents or surrounding blanks: how teacher names are compared. */
export function normalizeName(value: string): string {
  return value.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toUpperCase();
}

/** What the engine must know of a base before it reads a file's root: the versions it accepts. */
export type BaseVersions = Pick<BaseSnapshot, 'acceptedVersions' | 'provisionalNewerVersions'>;

/**
 * Reads the base and its structure through their modules' repositories, in one round of parallel
 * queries; undefined when the organisation has no such base. `versions` comes with the base's own
 * row, before its structure (10⁴ pupils): an import starts reading the file's declarations with it.
 */
export function readBaseSnapshot(db: Kysely<Database>, { organizationId, baseId }: { organizationId: string; baseId: string }): { versions: Promise<BaseVersions | undefined>; snapshot: Promise<BaseSnapshot | undefined> } {
  const structure = createStructureRepository(db);
  const row = createBasesRepository(db).findSchoolBase(organizationId, baseId);
  const versions = row.then((base) =>
    base ? { acceptedVersions: base.accepted_versions, provisionalNewerVersions: base.degree === 'college' && base.accept_newer_provisionally } : undefined,
  );
  const snapshot = Promise.all([
    row,
    versions,
    structure.listPupilNationalIds(organizationId, baseId),
    structure.listClasses(organizationId, baseId),
    structure.listPeriods(organizationId, baseId),
    structure.listTeachers(organizationId, baseId),
  ]).then(([base, accepted, pupils, classes, periods, teachers]): BaseSnapshot | undefined => {
    if (!base || !accepted) return undefined;
    const classKey = (c: (typeof classes)[number]) => (base.degree === 'ecole' ? (c.national_id ?? c.code) : c.code);
    const teacherKeys = new Set<string>();
    for (const t of teachers) {
      teacherKeys.add(`${t.civility}|${normalizeName(t.last_name)}`);
      teacherKeys.add(`|${normalizeName(t.last_name)}`);
    }
    return {
      baseId,
      organizationId,
      uai: base.uai.trim(),
      degree: base.degree,
      schoolYear: base.school_year,
      ...accepted,
      pupils: new Map(pupils.map((p) => [p.national_id, { id: p.id }])),
      classes: new Map(
        classes.map((c) => [
          classKey(c),
          { id: c.id, code: c.code, label: c.label, nationalId: c.national_id, dataSource: c.data_source, assessmentMode: c.assessment_mode },
        ]),
      ),
      periods: periods
        .filter((p) => p.school_year === base.school_year)
        .map((p) => ({ id: p.id, index: p.index, count: p.count, startDate: p.start_date, endDate: p.end_date })),
      teachers: teacherKeys,
      teacherVerdicts: new Map(),
    };
  });
  return { versions, snapshot };
}
