/**
 * The import job: streams the stored file through the LSU engine with the base's accepted versions,
 * judges each bilan against the base as it comes, stages the outcomes, and at the end either switches
 * them in (file accepted and of the base's school) or drops them (file-level error: nothing stored).
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { FileIssue, MessageParamsOf } from '@preau/contracts';
import { checkLsu, type LsuHeader, type LsuReport } from '@preau/lsu';
import type { BulkSession } from '../../db/bulk-session.ts';
import type { Database } from '../../db/schema.ts';
import { readBaseSnapshot } from './base-snapshot.ts';
import { createBatchStager, createCopyStager } from './bilan-stager.ts';
import { judgeBilan } from './bilan-rules.ts';
import {
  createImportRunRepository,
  inRunTransaction,
  STAGED_COLUMNS,
  type HeaderColumns,
  type ImportRef,
  type ImportTally,
} from './import-run.repository.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';

export interface ImportPipelineDeps {
  db: Kysely<Database>;
  /** Folder of the uploaded files (`<dataDir>/imports`). */
  importsDir: string;
  /** A connection of its own for the import's transaction (PostgreSQL); without it, rows go in batches. */
  openBulkSession?: () => Promise<BulkSession>;
  now?: () => Date;
  /** Milliseconds between progress writes (default 1000). */
  progressIntervalMs?: number;
  /** Test seam: called after each bilan is handed to the stager (e.g. to stop the process midway). */
  afterBilan?: (processed: number) => void | Promise<void>;
}

const MAX_FILE_ISSUES = 100;
const READ_CHUNK = 256 * 1024;

/** Path of an import's stored file. */
export function importFilePath(importsDir: string, importId: string): string {
  return path.join(importsDir, `${importId}.xml`);
}

/**
 * Runs one queued import to its end state; does nothing if it is not queued any more. The stored file
 * is removed once the import has ended (its bilans keep their own content).
 */
export async function runImportPipeline(deps: ImportPipelineDeps, importId: string): Promise<void> {
  const now = deps.now ?? (() => new Date());
  // The job knows only the import's id: its organisation and base are read once, then every statement filters on them.
  const scope = await createLsuImportsRepository(deps.db).findImportScopeUnscoped(importId);
  if (!scope) return;
  const ref: ImportRef = { ...scope, importId };
  const run = createImportRunRepository(deps.db);
  if (!(await run.markRunning(ref, now()))) return;
  const file = importFilePath(deps.importsDir, importId);
  let session: BulkSession | undefined;
  try {
    const base = await readBaseSnapshot(deps.db, scope);
    if (!base) throw new Error(`base ${scope.baseId} not found`);
    const tally: ImportTally = { bytesRead: 0, bilans: 0, periodic: zero(), cycle: zero() };
    session = await deps.openBulkSession?.();
    // PostgreSQL: the import's own transaction and its run repository; PGlite: a short transaction per batch and for the end.
    const bulk = session && { session, run: createImportRunRepository(session.db) };
    await bulk?.run.compressWithLz4();
    // COPY FROM is refused under row-level security: the rows go straight into the bilans' partition (decision 0006).
    const stager = bulk
      ? createCopyStager(bulk.session.copy('lsu_import_bilans_unscoped', STAGED_COLUMNS), ref)
      : createBatchStager((rows) => inRunTransaction(deps.db, (batch) => batch.stageBilans(rows)), ref);
    const progress = createProgressWriter(() => run.saveProgress(ref, tally, now()), deps.progressIntervalMs ?? 1000);

    const report = await checkLsu(createReadStream(file, { highWaterMark: READ_CHUNK }), {
      accept: base.acceptedVersions,
      maxIssues: MAX_FILE_ISSUES,
      content: 'xml',
      onProgress(bytesRead) {
        const first = tally.bytesRead === 0;
        tally.bytesRead = bytesRead;
        progress.tick(first);
      },
      onBilan(bilan) {
        const judgement = judgeBilan(bilan, base);
        const staged = stager.add(bilan, judgement);
        tally.bilans += 1;
        tally[bilan.kind][judgement.status] += 1;
        progress.tick();
        const { afterBilan } = deps;
        if (!afterBilan) return staged;
        const processed = tally.bilans;
        return (async () => {
          await staged;
          await afterBilan(processed);
        })();
      },
    });
    await stager.flush();
    await progress.settle();
    // Read whole: the file is of no more use, and is gone before the import says it has ended.
    await rm(file, { force: true });

    const header = headerColumns(report.header);
    const refusal = fileRefusal(report, base.uai);
    if (refusal) {
      await session?.rollback();
      await inRunTransaction(deps.db, (end) => end.finishWithoutBilans(ref, { state: 'error', ...refusal, header, now: now(), from: ['running'] }));
      return;
    }
    // The history names classes as the base does (an école file refers to them by their ONDE id).
    const classes = [...new Set(report.classes.map((key) => base.classes.get(key)?.code ?? key))].sort();
    // What the file declared for the IDs its bilans refer to: the pupil page shows them in its words.
    const labels = JSON.stringify(report.labels ?? {});
    const values = { tally, header, classes, labels, now: now() };
    if (bulk) {
      await bulk.run.switchIn(ref, values);
      await bulk.session.commit();
    } else {
      await inRunTransaction(deps.db, (end) => end.switchIn(ref, values));
    }
  } catch (error) {
    await session?.rollback();
    // The cause goes to the server log (the job logs it), not into the stored message.
    const issue: FileIssue = { line: 0, column: 0, path: '', code: 'import.failed', params: {} };
    await inRunTransaction(deps.db, (end) => end.finishWithoutBilans(ref, { state: 'failed', errors: [issue], errorCount: 1, now: now(), from: ['running'] }));
    throw error;
  } finally {
    await rm(file, { force: true });
  }
}

/** The file-level verdict: the engine's issues (code and parameters), or the school mismatch; undefined when accepted. */
function fileRefusal(report: LsuReport, baseUai: string): { errors: FileIssue[]; errorCount: number } | undefined {
  if (report.verdict === 'error') {
    const errors = report.errors.map(({ line, column, path, code, params }) => ({ line, column, path, code, params }));
    return { errors, errorCount: report.errorCount };
  }
  const fileUai = report.header?.uai.trim();
  if (fileUai === baseUai) return undefined;
  const params: MessageParamsOf<'base.uai_mismatch'> = { fileUai: fileUai ?? '?', baseUai };
  return { errors: [{ line: 0, column: 0, path: '/lsun-bilans/entete/etablissement', code: 'base.uai_mismatch', params }], errorCount: 1 };
}

function headerColumns(header: LsuHeader | undefined): HeaderColumns {
  if (!header) return {};
  return { editor: header.editor, application: header.application, schema_version: header.schemaVersion, source_kind: sourceKindOf(header.editor) };
}

/**
 * Public (the ministry's own solutions) or private editor. The national history shows "MEN ou privé";
 * files from the ministry's tools name it as their editor.
 */
export function sourceKindOf(editor: string): 'public' | 'private' {
  return /^(MEN|MENJ|MENJS|DNE|Minist[eè]re|[ÉE]ducation nationale)\b/i.test(editor.trim()) ? 'public' : 'private';
}

function zero() {
  return { success: 0, alert: 0, rejected: 0 };
}

/** Writes progress at most every `intervalMs`, one write at a time, never blocking the import. */
function createProgressWriter(save: () => Promise<void>, intervalMs: number) {
  let last = 0; // the first tick writes at once: progress shows from the first bilan on
  let pending: Promise<void> = Promise.resolve();
  return {
    /** Writes if the interval has passed, or at once when `now` (e.g. the first bytes counted). */
    tick(now = false) {
      const at = Date.now();
      if (!now && at - last < intervalMs) return;
      last = at;
      pending = pending.then(save).catch(() => undefined);
    },
    settle: () => pending,
  };
}
