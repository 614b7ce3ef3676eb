import type { ColumnType, JSONColumnType } from 'kysely';
import type { AnnexReport, MigrationStep } from '@preau/contracts';

/** `hosting_migration_events`: a step done in the hosting console for a school's migration (issue 13's checklist). */
export interface HostingMigrationEventsTable {
  id: string;
  organization_id: string;
  /** Null for a base file refused before its head was read. */
  uai: string | null;
  school_year: string | null;
  base_id: string | null;
  step: MigrationStep;
  outcome: 'done' | 'failed';
  /** Counts, file name: parameters for the console's texts, never prose. */
  detail: JSONColumnType<Record<string, string | number>, string | undefined, string>;
  error_code: string | null;
  /** A completion with an annex file: its report by row (outcomes as codes), to show again later. Null otherwise. */
  report: ColumnType<AnnexReport | null, string | null | undefined, never>;
  session_id: string;
  ip_address: string | null;
  session_started_at: Date;
  at: ColumnType<Date, Date | undefined, never>;
}

export interface HostingMigrationTables {
  hosting_migration_events: HostingMigrationEventsTable;
}
