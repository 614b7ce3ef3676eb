/**
 * Stages an import's judged bilans while the engine keeps reading. On PostgreSQL the rows stream into
 * one `COPY` of the import's own transaction (nothing is visible before the switch-in commits); on
 * PGlite they go in short batches, so the console's requests pass in between on its single connection.
 */
import { randomUUID } from 'node:crypto';
import type { LsuBilan } from '@preau/lsu';
import type { BulkCopy } from '../../db/bulk-session.ts';
import type { CopyColumnType, CopyValue } from '../../db/copy-binary.ts';
import type { BilanJudgement } from './bilan-rules.ts';
import type { LsuImportsRepository } from './lsu-imports.repository.ts';

/** The staged columns of `lsu_import_bilans` and how they travel; rows are value arrays in this order. */
export const STAGED_COLUMNS = {
  id: 'text', organization_id: 'text', base_id: 'text', import_id: 'text', ordinal: 'int4', kind: 'text', status: 'text',
  pupil_national_id: 'text', pupil_last_name: 'text', pupil_first_name: 'text', pupil_id: 'text', class_code: 'text',
  period_id: 'text', period_index: 'int4', period_count: 'int4', cycle: 'int4', slot: 'text', messages: 'jsonb', content: 'text',
} as const satisfies Record<string, CopyColumnType>;

export type StagedRow = CopyValue[];

export interface BilanStager {
  /** Stages one bilan; returns a promise only when the caller must wait before the next. */
  add(bilan: LsuBilan, judgement: BilanJudgement): Promise<void> | undefined;
  /** Writes what is left and waits for every write. */
  flush(): Promise<void>;
}

export interface StagingScope {
  importId: string;
  baseId: string;
  organizationId: string;
}

/** A stager writing into a running `COPY` (PostgreSQL). */
export function createCopyStager(copy: BulkCopy, scope: StagingScope): BilanStager {
  return {
    add: (bilan, judgement) => copy.write(stagedRow(bilan, judgement, scope)),
    async flush() {
      await copy.end();
    },
  };
}

const BATCH_ROWS = 200;
const BATCH_BYTES = 2 * 1024 * 1024;
const IN_FLIGHT = 2;

/** A stager writing batches through the repository (PGlite), a couple of them in flight. */
export function createBatchStager(repository: Pick<LsuImportsRepository, 'insertBilans'>, scope: StagingScope): BilanStager {
  let batch: StagedRow[] = [];
  let batchBytes = 0;
  const writing: Promise<void>[] = [];

  async function write(): Promise<void> {
    const rows = batch;
    batch = [];
    batchBytes = 0;
    // Wait for the oldest batch when enough are in flight; a failed write surfaces here.
    if (writing.length >= IN_FLIGHT) await writing.shift();
    const written = repository.insertBilans(rows);
    // Observed by a later write or by flush; this only keeps an early failure from going unhandled.
    written.catch(() => undefined);
    writing.push(written);
  }

  return {
    add(bilan, judgement) {
      batch.push(stagedRow(bilan, judgement, scope));
      batchBytes += bilan.xml?.byteLength ?? 0;
      return batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES ? write() : undefined;
    },
    async flush() {
      if (batch.length > 0) await write();
      while (writing.length > 0) await writing.shift();
    },
  };
}

/** One bilan's row; a rejected bilan keeps its outcome and messages, not its content. */
function stagedRow(bilan: LsuBilan, judgement: BilanJudgement, scope: StagingScope): StagedRow {
  if (!bilan.xml) throw new Error('the engine was not asked for the bilans\' XML');
  const periodic = bilan.kind === 'periodic';
  const stored = judgement.status !== 'rejected';
  return [
    randomUUID(), scope.organizationId, scope.baseId, scope.importId, bilan.ordinal, bilan.kind, judgement.status,
    bilan.pupil.nationalId, bilan.pupil.lastName, bilan.pupil.firstName, judgement.pupilId, bilan.pupil.classLabel ?? bilan.pupil.classCode,
    judgement.periodId, periodic ? bilan.period.index : null, periodic ? bilan.period.count : null, periodic ? null : bilan.cycle,
    stored ? (periodic ? judgement.periodId : `cycle-${bilan.cycle}`) : null, JSON.stringify(judgement.messages), stored ? bilan.xml : null,
  ];
}
