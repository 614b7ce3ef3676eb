/**
 * Stages an import's judged bilans while the engine keeps reading. On PostgreSQL the rows stream into
 * one `COPY` of the import's own transaction (nothing is visible before the switch-in commits); on
 * PGlite they go in short batches, so the console's requests pass in between on its single connection.
 */
import { randomUUID } from 'node:crypto';
import type { LsuBilan } from '@preau/lsu';
import type { BulkCopy } from '../../db/bulk-session.ts';
import type { BilanJudgement } from './bilan-rules.ts';
import type { ImportRef, StagedRow } from './import-run.repository.ts';

export interface BilanStager {
  /** Stages one bilan; returns a promise only when the caller must wait before the next. */
  add(bilan: LsuBilan, judgement: BilanJudgement): Promise<void> | undefined;
  /** Writes what is left and waits for every write. */
  flush(): Promise<void>;
}

/** A stager writing into a running `COPY` (PostgreSQL) of `STAGED_COLUMNS`. */
export function createCopyStager(copy: BulkCopy, scope: ImportRef): BilanStager {
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

/** A stager handing batches to `writeBatch` (PGlite), a couple of them in flight. */
export function createBatchStager(writeBatch: (rows: StagedRow[]) => Promise<void>, scope: ImportRef): BilanStager {
  let batch: StagedRow[] = [];
  let batchBytes = 0;
  const writing: Promise<void>[] = [];

  async function write(): Promise<void> {
    const rows = batch;
    batch = [];
    batchBytes = 0;
    // Wait for the oldest batch when enough are in flight; a failed write surfaces here.
    if (writing.length >= IN_FLIGHT) await writing.shift();
    const written = writeBatch(rows);
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
function stagedRow(bilan: LsuBilan, judgement: BilanJudgement, scope: ImportRef): StagedRow {
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
