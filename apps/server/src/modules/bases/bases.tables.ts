import type { ColumnType } from 'kysely';

export type BaseDegree = 'ecole' | 'college';
export type BaseState = 'empty' | 'loading' | 'in_service' | 'stopped' | 'archived';
export type BaseProfile = 'direction' | 'secretariat' | 'teacher' | 'read_only';
export type ClassDataSource = 'editor_import' | 'manual_entry';
export type AssessmentMode = 'grades' | 'positioning';
export type Civility = 'M' | 'MME';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** `date` columns read as 'YYYY-MM-DD' strings on both databases (see db/database.ts). */
type DateText = string;

/** `school_bases`: one school (UAI) for one school year, owned by an organisation. */
export interface SchoolBaseTable {
  id: string;
  organization_id: string;
  uai: string;
  name: string;
  degree: BaseDegree;
  school_year: string;
  state: ColumnType<BaseState, BaseState | undefined, BaseState>;
  accepted_versions: ColumnType<string[], string[] | undefined, string[]>;
  /** Collège files of a version newer than any known are imported, provisionally, against the newest known. */
  accept_newer_provisionally: ColumnType<boolean, boolean | undefined, boolean>;
  /** When a loaded base file replaced this base (kept read-only, `archived`, until switched back); null otherwise. */
  replaced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** `base_profiles`: a member's profile on one base (owners and admins need none). */
export interface BaseProfileTable {
  base_id: string;
  organization_id: string;
  member_id: string;
  profile: BaseProfile;
  /** The grant ends at the start of this Paris date (null: no end). */
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** The day the organisation's managers were told the grant ends within a week. */
  warned_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

/** Columns every structure row carries. */
interface StructureRow {
  id: string;
  organization_id: string;
  base_id: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** `periods`: period `index` of `count` (e.g. 2 of 3 trimesters) with its dates. */
export interface PeriodTable extends StructureRow {
  school_year: string;
  index: number;
  count: number;
  start_date: DateText;
  end_date: DateText;
}

/** `classes`: a division (code) or an école class (ONDE national id), its data source and assessment mode. */
export interface ClassTable extends StructureRow {
  code: string;
  label: string;
  national_id: string | null;
  data_source: ColumnType<ClassDataSource, ClassDataSource | undefined, ClassDataSource>;
  assessment_mode: ColumnType<AssessmentMode, AssessmentMode | undefined, AssessmentMode>;
}

/** `pupils`: national id (collège id-be, école INE), names, birth date, class. */
export interface PupilTable extends StructureRow {
  national_id: string;
  last_name: string;
  first_name: string;
  birth_date: DateText | null;
  class_id: string;
}

/** `teachers`: civility, names, STS id (collège). */
export interface TeacherTable extends StructureRow {
  civility: Civility;
  last_name: string;
  first_name: string;
  sts_id: string | null;
}

/** `disciplines`: subject code and label. */
export interface DisciplineTable extends StructureRow {
  code: string;
  label: string;
}

export interface BasesTables {
  school_bases: SchoolBaseTable;
  base_profiles: BaseProfileTable;
  periods: PeriodTable;
  classes: ClassTable;
  pupils: PupilTable;
  teachers: TeacherTable;
  disciplines: DisciplineTable;
}
