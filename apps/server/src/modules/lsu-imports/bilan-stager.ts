/**
 * Collects judged bilans and writes them in batches while the engine keeps reading: a couple of
 * batches are written (on PostgreSQL, by separate connections) while the next fills, so parsing and
 * storage overlap; on PGlite each batch holds the single connection only briefly, so the console's
 * requests pass in between.
 */
import { hash, randomUUID } from 'node:crypto';
import type { BilanJudgement } from './bilan-rules.ts';
import type { LsuBilan } from '@preau/lsu';
import type { LsuImportsRepository, NewImportBilan } from './lsu-imports.repository.ts';

const BATCH_ROWS = 200;
const BATCH_BYTES = 2 * 1024 * 1024;
const IN_FLIGHT = 4;

export interface BilanStager {
  add(bilan: LsuBilan, judgement: BilanJudgement): Promise<void>;
  /** Writes what is left and waits for every batch. */
  flush(): Promise<void>;
}

/** A stager for one import (its rows carry the import, base and organisation ids). */
export function createBilanStager(
  repository: Pick<LsuImportsRepository, 'insertBilans'>,
  scope: { importId: string; baseId: string; organizationId: string },
  options: { lz4?: boolean } = {},
): BilanStager {
  let batch: NewImportBilan[] = [];
  let batchBytes = 0;
  const writing: Promise<void>[] = [];

  async function write(): Promise<void> {
    const rows = batch;
    batch = [];
    batchBytes = 0;
    // Wait for the oldest batch when enough are in flight; a failed write surfaces here.
    if (writing.length >= IN_FLIGHT) await writing.shift();
    const written = repository.insertBilans(rows, options);
    // Observed by a later write or by flush; this only keeps an early failure from going unhandled.
    written.catch(() => undefined);
    writing.push(written);
  }

  return {
    async add(bilan, judgement) {
      const stored = judgement.status !== 'rejected';
      const content = stored ? JSON.stringify(bilan.content) : null;
      const messages = JSON.stringify(judgement.messages);
      batch.push({
        id: randomUUID(),
        organization_id: scope.organizationId,
        base_id: scope.baseId,
        import_id: scope.importId,
        ordinal: bilan.ordinal,
        kind: bilan.kind,
        status: judgement.status,
        pupil_national_id: bilan.pupil.nationalId,
        pupil_last_name: bilan.pupil.lastName,
        pupil_first_name: bilan.pupil.firstName,
        pupil_id: judgement.pupilId,
        class_code: bilan.pupil.classLabel ?? bilan.pupil.classCode,
        period_id: judgement.periodId,
        period_index: bilan.kind === 'periodic' ? bilan.period.index : null,
        period_count: bilan.kind === 'periodic' ? bilan.period.count : null,
        cycle: bilan.kind === 'cycle' ? bilan.cycle : null,
        messages,
        content,
        // Same content and same verdict: re-importing it changes nothing but the history.
        // One call on the joined text: the digest of the parts in turn, with less overhead per bilan.
        content_hash: content === null ? null : hash('sha256', `${content}\n${judgement.status}${messages}`, 'hex'),
      });
      batchBytes += (content?.length ?? 0) + messages.length;
      if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await write();
    },
    async flush() {
      if (batch.length > 0) await write();
      while (writing.length > 0) await writing.shift();
    },
  };
}
