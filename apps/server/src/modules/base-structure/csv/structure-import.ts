import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  ClassInputSchema,
  DisciplineInputSchema,
  PeriodInputSchema,
  PupilInputSchema,
  TeacherInputSchema,
  type CatalogueMessage,
  type CsvLineCode,
  type StructureImportLine,
  type StructureKind,
} from '@preau/contracts';
import { schemaFieldMessages } from '../../../shared/schema-problems.ts';
import type { KindScope, KindSpec } from '../structure-kinds.ts';
import { STRUCTURE_KIND_SPECS } from '../structure-kinds.ts';
import type { StructureRuleCode, WithId } from '../structure-rules.ts';
import { matchHeader, simplify, type CsvColumn } from './csv-columns.ts';
import type { CsvContent, CsvRecord } from './csv-reader.ts';

const INPUT_SCHEMAS: Record<StructureKind, TSchema> = {
  periods: PeriodInputSchema,
  classes: ClassInputSchema,
  pupils: PupilInputSchema,
  teachers: TeacherInputSchema,
  disciplines: DisciplineInputSchema,
};

/** Why a line is refused: the column (header name, or null for the whole line), a catalogue code and its parameters. */
export type LineError = { column: string | null } & CatalogueMessage<CsvLineCode | StructureRuleCode>;
type Item = WithId<Record<string, unknown>> & { id: string };
/** A judged line, with the input it would write and the existing row it matches. */
export interface PlannedLine extends Omit<StructureImportLine, 'errors'> {
  errors: LineError[];
  input?: Record<string, unknown>;
  /** A refused line's cells that did read, still checked by the rules so the line lists all its errors at once. */
  partial?: Record<string, unknown>;
  existingId?: string;
}

/** The identity of a row within its kind: what a CSV line is matched on. */
export function keyOf(kind: StructureKind, row: Record<string, unknown>): string {
  switch (kind) {
    case 'periods':
      return `${String(row.index)}/${String(row.count)}`;
    case 'classes':
    case 'disciplines':
      return String(row.code);
    case 'pupils':
      return String(row.nationalId);
    case 'teachers':
      return row.stsId ? `STS ${String(row.stsId)}` : simplify(`${String(row.civility)} ${String(row.lastName)} ${String(row.firstName)}`);
  }
}

/**
 * Judges every line of a structure CSV against the base: create, change, unchanged or refuse (with
 * the column and reason). Lines are checked against the structure as it would be once the whole
 * file is applied (existing rows overwritten by the file's), so the file's order does not matter.
 */
export async function planStructureImport(kind: StructureKind, csv: CsvContent, scope: KindScope): Promise<PlannedLine[]> {
  const spec = STRUCTURE_KIND_SPECS[kind] as unknown as KindSpec<Record<string, unknown>, Item>;
  const columns = matchHeader(kind, csv.header);
  const existing = await spec.load(scope);
  const existingByKey = new Map(existing.map((row) => [keyOf(kind, row), row]));
  const classIdByCode = kind === 'pupils' ? new Map((await scope.repository.listClasses(scope.organizationId, scope.baseId)).map((c) => [c.code, c.id])) : undefined;

  const lines: PlannedLine[] = csv.records.map((record) => readLine(kind, record, csv.header, columns, classIdByCode));
  const firstLineOfKey = new Map<string, number>();
  const final = new Map<string, Record<string, unknown>>(existingByKey);
  for (const line of lines) {
    if (!line.input) continue;
    const current = existingByKey.get(line.key);
    if (current) {
      // Columns the file leaves out keep their current values.
      const fromFile = line.input;
      line.existingId = current.id;
      line.changed = Object.keys(fromFile).filter((field) => (fromFile[field] ?? null) !== (current[field] ?? null));
      line.input = { ...withoutId(current), ...fromFile };
    }
    const seenAt = firstLineOfKey.get(line.key);
    if (seenAt !== undefined) line.errors.push({ column: null, code: 'structure_import.duplicate_line', params: { line: seenAt } });
    else firstLineOfKey.set(line.key, line.line);
    final.set(line.key, line.input);
  }
  for (const line of lines) {
    const complete = line.input !== undefined && line.errors.length === 0;
    const candidate = complete ? line.input : line.partial;
    if (!candidate) continue;
    const others = [...final.entries()].filter(([key]) => key !== line.key).map(([, row]) => row) as Item[];
    for (const { field, kind: _kind, ...message } of await checkLine(spec, candidate, others, scope, complete)) {
      const column = columnOf(field, columns);
      // A line's cells that did not read already say so; the rules speak only of the cells that did.
      if (!complete && (!(field in candidate) || line.errors.some((e) => e.column === column))) continue;
      line.errors.push({ column, ...message });
    }
  }
  for (const line of lines) {
    line.action = line.errors.length > 0 ? 'refuse' : !line.existingId ? 'create' : line.changed.length > 0 ? 'change' : 'unchanged';
  }
  return lines;
}

/** One record → the input it describes, or the errors of its cells. */
function readLine(kind: StructureKind, record: CsvRecord, header: string[], columns: (CsvColumn | undefined)[], classIdByCode?: Map<string, string>): PlannedLine {
  const values: Record<string, string> = {};
  header.forEach((name, i) => (values[columns[i]?.name ?? name] = record.cells[i] ?? ''));
  const line: PlannedLine = { line: record.line, action: 'refuse', key: '', values, changed: [], errors: [] };
  if (record.cells.length !== header.length) {
    line.errors.push({ column: null, code: 'structure_import.cell_count', params: { count: record.cells.length, expected: header.length } });
    return line;
  }
  const input: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    if (!column) return;
    const cell = record.cells[i] ?? '';
    if (cell === '' && column.required) return void line.errors.push({ column: column.name, code: 'structure_import.required' });
    const parsed = column.parse(cell);
    if ('error' in parsed) return void line.errors.push({ column: column.name, ...parsed.error });
    if (parsed.value !== null || !column.required) input[column.field] = parsed.value;
  });
  if (classIdByCode && typeof input.classCode === 'string') {
    const classId = classIdByCode.get(input.classCode);
    if (!classId) line.errors.push({ column: 'classe', code: 'class.not_found' });
    delete input.classCode;
    input.classId = classId ?? '';
  }
  for (const [pointer, message] of schemaFieldMessages(Value.Errors(INPUT_SCHEMAS[kind], input))) {
    const name = columnOf(pointer.slice(1).split('/')[0] ?? '', columns);
    if (line.errors.some((e) => e.column === name)) continue;
    line.errors.push({ column: name, ...message });
  }
  line.key = keyOf(kind, input);
  if (line.errors.length === 0) line.input = input;
  else line.partial = input;
  return line;
}

/** The rules' verdict on a line; on a partial line, a rule that needs a missing cell says nothing. */
async function checkLine(spec: KindSpec<Record<string, unknown>, Item>, candidate: Record<string, unknown>, others: Item[], scope: KindScope, complete: boolean) {
  if (complete) return spec.check(candidate, others, scope);
  try {
    return await spec.check(candidate, others, scope);
  } catch {
    return [];
  }
}

function withoutId(row: Item): Record<string, unknown> {
  const { id: _id, ...rest } = row;
  return rest;
}

/** The CSV column an API field comes from (a pupil's `classId` comes from `classe`). */
function columnOf(field: string, columns: (CsvColumn | undefined)[]): string | null {
  const wanted = field === 'classId' ? 'classCode' : field;
  return columns.find((c) => c?.field === wanted)?.name ?? null;
}
