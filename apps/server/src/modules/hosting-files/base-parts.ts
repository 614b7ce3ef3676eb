/**
 * The parts of a base file (`docs/hosting-files.md`): which table each comes from, its columns in
 * file order, and which of them hold ids of the base's own rows (given new ones at the load, so a base
 * loads beside its own copy, and twice). Parts load in this order: a row's references come before it.
 */
import { hash } from 'node:crypto';
import type { CopyColumnType } from '../../db/copy-binary.ts';

/** The format name in a base file's head. */
export const BASE_FILE_FORMAT = 'preau-base';
/** The file name's extension. */
export const BASE_FILE_EXTENSION = '.preau-base';

export interface BasePart {
  name: string;
  table: 'periods' | 'classes' | 'teachers' | 'disciplines' | 'pupils' | 'lsu_imports' | 'lsu_import_bilans';
  columns: readonly string[];
  /** Columns holding ids of the base's rows: remapped at the load. */
  ids: readonly string[];
  /** Columns written as JSON text (jsonb, json). */
  json?: readonly string[];
  /** Columns not carried (they mean nothing on another instance): null at the load. */
  cleared?: readonly string[];
  /**
   * PostgreSQL: the part is copied in (`COPY … FROM STDIN`, binary) rather than inserted, into this
   * table (one PostgreSQL lets COPY write: decision 0006), with each column's type (the columns,
   * `organization_id` and `base_id` first).
   */
  copy?: { table: string; types: Readonly<Record<string, CopyColumnType>> };
}

const stamps = ['created_at', 'updated_at'] as const;

export const BASE_PARTS: readonly BasePart[] = [
  { name: 'periods', table: 'periods', columns: ['id', 'school_year', 'index', 'count', 'start_date', 'end_date', ...stamps], ids: ['id'] },
  { name: 'classes', table: 'classes', columns: ['id', 'code', 'label', 'national_id', 'data_source', 'assessment_mode', ...stamps], ids: ['id'] },
  { name: 'teachers', table: 'teachers', columns: ['id', 'civility', 'last_name', 'first_name', 'sts_id', ...stamps], ids: ['id'] },
  { name: 'disciplines', table: 'disciplines', columns: ['id', 'code', 'label', ...stamps], ids: ['id'] },
  { name: 'pupils', table: 'pupils', columns: ['id', 'national_id', 'last_name', 'first_name', 'birth_date', 'class_id', ...stamps], ids: ['id', 'class_id'] },
  {
    name: 'imports',
    table: 'lsu_imports',
    columns: [
      'id', 'school_year', 'mode', 'file_name', 'file_size', 'upload_sha256', 'submitted_by', 'state', 'editor', 'application', 'source_kind',
      'schema_version', 'classes', 'periodic_success', 'periodic_alert', 'periodic_rejected', 'cycle_success', 'cycle_alert', 'cycle_rejected',
      'bytes_read', 'bilans_processed', 'errors', 'error_count', 'labels', 'created_at', 'started_at', 'finished_at',
    ],
    ids: ['id'],
    json: ['errors', 'labels'],
  },
  {
    name: 'bilans',
    table: 'lsu_import_bilans',
    columns: [
      'id', 'import_id', 'ordinal', 'kind', 'status', 'pupil_national_id', 'pupil_last_name', 'pupil_first_name', 'pupil_id', 'class_code',
      'period_id', 'period_index', 'period_count', 'cycle', 'slot', 'messages', 'content', 'fingerprint', 'created_at',
    ],
    // `slot` is the period's id, or `cycle-<n>` (kept as it is).
    ids: ['id', 'import_id', 'pupil_id', 'period_id', 'slot'],
    json: ['messages'],
    copy: {
      table: 'lsu_import_bilans_unscoped',
      types: {
        organization_id: 'text', base_id: 'text', id: 'text', import_id: 'text', ordinal: 'int4', kind: 'text', status: 'text', pupil_national_id: 'text',
        pupil_last_name: 'text', pupil_first_name: 'text', pupil_id: 'text', class_code: 'text', period_id: 'text', period_index: 'int4', period_count: 'int4',
        cycle: 'int4', slot: 'text', messages: 'jsonb', content: 'text', fingerprint: 'text', created_at: 'timestamptz',
      },
    },
  },
];

/** The settings part: the base's own settings, one row. */
export const SETTINGS_PART = { name: 'settings', columns: ['accepted_versions', 'accept_newer_provisionally'] } as const;

/**
 * The id a row of the file gets in the load `salt`: derived, not looked up, so references need no
 * table of the ids met so far (a 10,000-pupil base has about 50,000 of them).
 */
export function loadedId(salt: string, id: string): string {
  if (id.startsWith('cycle-')) return id;
  // One-shot: no Hash object per id (a 10,000-pupil base has about 200,000 ids and references).
  const hex = hash('sha256', `${salt}\0${id}`, 'hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
