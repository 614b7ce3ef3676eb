import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { StructureImportReport, StructureKind } from '@preau/contracts';
import type { Database } from '../../../db/schema.ts';
import type { BaseAccess } from '../../../shared/caller.ts';
import { AppError } from '../../../shared/app-error.ts';
import { STRUCTURE_KIND_SPECS, type KindSpec } from '../structure-kinds.ts';
import { createStructureRepository } from '../structure.repository.ts';
import { loadKindScope } from '../structure.service.ts';
import { CSV_COLUMNS, matchHeader } from './csv-columns.ts';
import { readCsv, type CsvContent } from './csv-reader.ts';
import { planStructureImport, type PlannedLine } from './structure-import.ts';
import type { Clock } from '../../../shared/clock.ts';

export interface StructureImportServiceDeps {
  db: Kysely<Database>;
  now: Clock;
  newId?: () => string;
  /** Largest CSV accepted, in bytes. */
  maxBytes: number;
}

/** CSV imports of a base's structure: preview what a file would do, or apply it whole in one transaction. */
export function createStructureImportService(deps: StructureImportServiceDeps) {
  const now = deps.now;
  const newId = deps.newId ?? randomUUID;

  async function readChecked(kind: StructureKind, source: Readable): Promise<CsvContent> {
    const csv = await readCsv(source, deps.maxBytes);
    assertHeader(kind, csv.header);
    return csv;
  }

  return {
    /** Judges each line (create, change, unchanged, refuse) without writing anything. */
    async preview(access: BaseAccess, kind: StructureKind, source: Readable): Promise<StructureImportReport> {
      const csv = await readChecked(kind, source);
      const repository = createStructureRepository(deps.db);
      const lines = await planStructureImport(kind, csv, await loadKindScope(access, repository, deps.db, now()));
      return report(kind, csv, lines, false);
    },

    /** Applies the file in one transaction; when any line is refused nothing is written (422 `structure_import.refused`). */
    async apply(access: BaseAccess, kind: StructureKind, source: Readable): Promise<StructureImportReport> {
      const csv = await readChecked(kind, source);
      const spec = STRUCTURE_KIND_SPECS[kind] as unknown as KindSpec<Record<string, unknown>, { id: string }>;
      return deps.db.transaction().execute(async (trx) => {
        const repository = createStructureRepository(trx);
        await repository.lockStructure(access.base.organizationId, access.base.id);
        const scope = await loadKindScope(access, repository, trx, now());
        const lines = await planStructureImport(kind, csv, scope);
        const refused = lines.filter((l) => l.action === 'refuse');
        if (refused.length > 0) {
          const fields = Object.fromEntries(
            refused.flatMap((l) => l.errors.map(({ column, ...message }) => [`line ${l.line}${column ? `, ${column}` : ''}`, message])),
          );
          throw new AppError('unprocessable', 'structure_import.refused', { count: refused.length }, { fields });
        }
        const creates = lines.filter((l) => l.action === 'create' && l.input);
        await repository.insertRows(scope.organizationId, scope.baseId, spec.table, creates.map((l) => ({ id: newId(), ...spec.columns(l.input!, scope) }) as never));
        for (const line of lines.filter((l) => l.action === 'change' && l.input && l.existingId)) {
          await repository.updateRow(scope.organizationId, scope.baseId, spec.table, line.existingId!, { ...spec.columns(line.input!, scope), updated_at: now() } as never);
        }
        return report(kind, csv, lines, true);
      });
    },
  };
}

export type StructureImportService = ReturnType<typeof createStructureImportService>;

/**
 * 422 unless every required column is present, none twice, none unknown: `structure_import.header_missing`
 * or `.header_unexpected` naming the columns (debut, fin), `structure_import.header` when both.
 */
function assertHeader(kind: StructureKind, header: string[]): void {
  const matched = matchHeader(kind, header);
  const unexpected = header.filter((_, i) => !matched[i] || matched.indexOf(matched[i]) !== i);
  const missing = CSV_COLUMNS[kind].filter((c) => c.required && !matched.includes(c)).map((c) => c.name);
  if (unexpected.length === 0 && missing.length === 0) return;
  const list = (names: string[]) => names.join(', ');
  const expected = CSV_COLUMNS[kind].map((c) => c.name).join(';');
  if (unexpected.length === 0) throw new AppError('unprocessable', 'structure_import.header_missing', { expected, missing: list(missing), count: missing.length });
  if (missing.length === 0) throw new AppError('unprocessable', 'structure_import.header_unexpected', { expected, unexpected: list(unexpected), count: unexpected.length });
  throw new AppError('unprocessable', 'structure_import.header', { expected, missing: list(missing), unexpected: list(unexpected) });
}

/** The report as answered: each line error as its code and parameters, which the reader renders. */
function report(kind: StructureKind, csv: CsvContent, lines: PlannedLine[], applied: boolean): StructureImportReport {
  const counts = { create: 0, change: 0, unchanged: 0, refuse: 0 };
  for (const line of lines) counts[line.action] += 1;
  return {
    kind,
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    applied,
    counts,
    lines: lines.map(({ line, action, key, values, changed, errors }) => ({
      line,
      action,
      key,
      values,
      changed,
      errors: errors.map(({ column, code, params }) => ({ column, code, params: params ?? {} })),
    })),
  };
}
