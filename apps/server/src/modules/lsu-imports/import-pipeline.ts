/**
 * The import job: a worker thread streams the uploaded object (read back from the storage, its
 * checksum verified) through the LSU engine with the base's
 * accepted versions, judges each bilan against the base and encodes it (`import-parse.worker.ts`),
 * leaving out the bilans identical to stored ones; this thread stages the rows it receives, and at the
 * end either switches them in (file accepted and of the base's school) or drops them (file-level
 * error: nothing stored). Decisions 0004 and 0007.
 */
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { FileIssue, MessageParamsOf } from '@preau/contracts';
import type { LsuHeader } from '@preau/lsu';
import type { BulkSession, EncodedCopy } from '../../db/bulk-session.ts';
import { findCopyEncoded } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { readBaseSnapshot } from './base-snapshot.ts';
import type { ParseOutcome } from './import-parse.ts';
import { startParseRun } from './import-parse.worker.ts';
import {
  createImportRunRepository,
  inRunTransaction,
  STAGED_COLUMNS,
  type HeaderColumns,
  type ImportRef,
  type ImportTally,
} from './import-run.repository.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { findStoredFingerprints } from './stored-bilans.repository.ts';
import type { LiveUpload } from './live-upload.ts';
import type { AddedRuleSets } from '../lsu-versions/added-rule-sets.ts';
import type { ObjectStorage } from '../storage/storage.ts';

export interface ImportPipelineDeps {
  db: Kysely<Database>;
  /** Where the uploaded files wait (`uploads/lsu/<importId>.xml`, or the key an import was started with). */
  storage: ObjectStorage;
  /** A connection of its own for the import's transaction (PostgreSQL); without it, rows go in batches. */
  openBulkSession?: () => Promise<BulkSession>;
  now?: () => Date;
  /** Milliseconds between progress writes (default 1000). */
  progressIntervalMs?: number;
  /** The LSU versions added to the instance (none when absent): files are checked with their rule sets too. */
  addedRuleSets?: Pick<AddedRuleSets, 'current'>;
  /** Test seam: called for each bilan once the batch holding it is staged (e.g. to stop the process midway). */
  afterBilan?: (processed: number) => void | Promise<void>;
}

const MAX_FILE_ISSUES = 100;
/**
 * Bilans' bytes per batch: 1 MiB into a running COPY (PostgreSQL; 256 KiB made four times the
 * messages between the threads, each waking the other one), 2 MiB per statement (PGlite).
 */
const BATCH_BYTES = { copy: 1024 * 1024, statement: 2 * 1024 * 1024 };
/** Row buffers kept while the connection still sends, to give back to the worker once it is idle. */
const HELD_BUFFERS = 8;
const STAGED_TABLE = 'lsu_import_bilans_unscoped';
const STAGED_NAMES = Object.keys(STAGED_COLUMNS);

/**
 * Runs one queued import to its end state; does nothing if it is not queued any more. The uploaded
 * object is deleted once the import has ended, whatever its end (its bilans keep their own content).
 * With `live`, the file is read as it arrives (decision 0024) and the import ends only once it is
 * stored whole; a failed upload fails the import.
 */
export async function runImportPipeline(deps: ImportPipelineDeps, importId: string, live?: LiveUpload): Promise<void> {
  const now = deps.now ?? (() => new Date());
  // The job knows only the import's id: its organisation and base are read once, then every statement filters on them.
  const found = await createLsuImportsRepository(deps.db).findImportScopeUnscoped(importId);
  const run = createImportRunRepository(deps.db);
  if (!found || !(await run.markRunning({ ...found, importId }, now()))) {
    // Not this run's to read: the upload goes on storing.
    live?.bytes.destroy();
    return;
  }
  const scope = found;
  const ref: ImportRef = { ...scope, importId };
  const recorded = live ? undefined : await createLsuImportsRepository(deps.db).findUpload(ref);
  const uploadKey = live?.key ?? recorded?.key;
  /** The uploaded object, once stored whole: what a second reading of the file reads. */
  const storedUpload = async () => {
    const upload = live ? { key: live.key, ...(await live.stored) } : recorded;
    if (!upload) throw new Error(`import ${importId} names no uploaded object`);
    return upload;
  };
  /** Deletes the uploaded object; a failure is left to the sweep of `uploads/lsu/` (the import has ended by then). */
  const deleteUpload = async () => {
    if (uploadKey) await deps.storage.delete(uploadKey).catch(() => undefined);
  };
  let liveBytes = live?.bytes;
  let heartbeat: NodeJS.Timeout | undefined;
  let session: BulkSession | undefined;
  try {
    if (!uploadKey) throw new Error(`import ${importId} names no uploaded object`);
    // The stored fingerprints follow the parse's start: the worker reads the file's declarations meanwhile.
    const stored = findStoredFingerprints(deps.db, scope);
    stored.catch(() => undefined); // observed by the parse run; a failure before it starts is not left unhandled
    // The parse starts with the base's versions; its structure follows while the declarations are read.
    const read = readBaseSnapshot(deps.db, scope);
    const snapshot = read.snapshot.then((base) => base ?? Promise.reject(new Error(`base ${scope.baseId} not found`)));
    snapshot.catch(() => undefined); // observed by the parse run, and below
    const [versions, added] = await Promise.all([read.versions, deps.addedRuleSets?.current()]);
    if (!versions) throw new Error(`base ${scope.baseId} not found`);
    const ruleSets = { key: added?.key ?? '', stored: added?.stored ?? [] };
    let tally: ImportTally = { bytesRead: 0, bilans: 0, periodic: zero(), cycle: zero() };
    const writer = createProgressWriter(() => run.saveProgress(ref, tally, now()), deps.progressIntervalMs ?? 1000);
    // A live upload may pause (a slow connection): the heartbeat goes on, or the import would look dead.
    heartbeat = live ? setInterval(() => writer.tick(), Math.max(1000, deps.progressIntervalMs ?? 1000)) : undefined;
    let shown = false; // the first figures are written at once: progress shows from the first bytes on
    const progress = (next: ImportTally) => {
      tally = next;
      writer.tick(!shown);
      shown = true;
    };

    /** One run of the parse with its staging; PostgreSQL: in a new bulk session (`session`). */
    const attempt = async (leaveOut: Promise<Uint8Array>): Promise<ParseOutcome> => {
      // The bytes as they arrive the first time; a second reading (and a queued import) reads the stored object.
      let source: Readable;
      if (liveBytes) {
        source = liveBytes;
        liveBytes = undefined;
      } else {
        const upload = await storedUpload();
        source = await deps.storage.get(upload.key, { size: upload.size, sha256: upload.sha256 });
      }
      // The parse starts before the staging is ready (its first rows come after the file's declarations):
      // an upload still arriving waits for the worker to read it, not for these round trips.
      const batchBytes = deps.openBulkSession ? BATCH_BYTES.copy : BATCH_BYTES.statement;
      const parse = startParseRun({ versions, ref, batchBytes, maxIssues: MAX_FILE_ISSUES, ruleSets }, source, leaveOut, snapshot);
      let processed = 0;
      const written: ArrayBuffer[] = [];
      try {
        session = await deps.openBulkSession?.();
        // PostgreSQL: the import's own transaction; PGlite: a short transaction per batch and for the end.
        await (session && createImportRunRepository(session.db).compressWithLz4());
        // COPY FROM is refused under row-level security: the rows go straight into the bilans' partition (decision 0006).
        const copy: EncodedCopy | undefined = session?.copyEncoded(STAGED_TABLE, STAGED_COLUMNS);
        // PGlite: each batch in a COPY statement of its own.
        const copyEncoded = findCopyEncoded(deps.db);
        if (!copy && !copyEncoded) throw new Error('no way to stage the bilans: neither a bulk session nor a PGlite database');
        for (;;) {
          const message = await parse.next();
          if (message.type === 'failed') {
            const failure = new Error(`import parse failed: ${message.message}`);
            if (message.stack) failure.stack = message.stack;
            throw failure;
          }
          if (message.type === 'progress') {
            progress(message.tally);
            continue;
          }
          if (message.type === 'done') {
            await copy?.end();
            return message.outcome;
          }
          for (const rows of message.rows) await copy?.write(rows);
          if (!copy) await copyEncoded!(STAGED_TABLE, STAGED_NAMES, message.rows);
          // Buffers written go back to the worker once the connection holds none of them (PGlite's copy took its own);
          // past a few still held, the oldest are left to the collector.
          for (const rows of message.rows) if (!written.includes(rows.buffer as ArrayBuffer)) written.push(rows.buffer as ArrayBuffer);
          if (!copy || copy.idle()) parse.ack(written.splice(0));
          else {
            written.splice(0, Math.max(0, written.length - HELD_BUFFERS));
            parse.ack();
          }
          progress(message.tally);
          if (deps.afterBilan) for (let k = processed + 1; k <= processed + message.count; k += 1) await deps.afterBilan(k);
          processed += message.count;
        }
      } finally {
        await parse.stop();
      }
    };

    let outcome = await attempt(stored);
    if (outcome.conflict) {
      // A bilan read holds the key of one left out (a key twice in the file): the run starts again, leaving nothing out.
      await session?.rollback();
      if (!session) await run.dropStagedBilans(ref);
      outcome = await attempt(Promise.resolve(new Uint8Array(0)));
    }
    tally = outcome.tally;
    // A live upload: nothing is decided before the file is stored whole.
    if (live) await live.stored;
    clearInterval(heartbeat);
    await writer.settle();
    // Read whole: the object is of no more use, and is gone before the import says it has ended
    // (deleted while the switch-in runs: a large file takes its file system 10 ms or so).
    const deleted = deleteUpload();

    const header = headerColumns(outcome.header);
    const refusal = fileRefusal(outcome, (await snapshot).uai);
    if (refusal) {
      await deleted;
      await session?.rollback();
      await inRunTransaction(deps.db, (end) => end.finishWithoutBilans(ref, { state: 'error', ...refusal, header, now: now(), from: ['running'] }));
      return;
    }
    const { periodic, cycle } = outcome.unchanged;
    const unchanged: MessageParamsOf<'import.unchanged'> = { count: periodic + cycle };
    const notices: FileIssue[] = [
      ...provisionalNotices(outcome.provisional),
      ...(periodic + cycle > 0 ? [{ line: 0, column: 0, path: '', code: 'import.unchanged', params: unchanged }] : []),
    ];
    // What the file declared for the IDs its bilans refer to: the pupil page shows them in its words.
    const values = { tally, header, classes: outcome.classes, labels: outcome.labels, notices, now: now(), staged: outcome.staged };
    if (session) {
      await createImportRunRepository(session.db).switchIn(ref, values);
      await deleted;
      await session.commit();
    } else {
      await inRunTransaction(deps.db, async (end) => {
        await end.switchIn(ref, values);
        await deleted;
      });
    }
  } catch (error) {
    clearInterval(heartbeat);
    await session?.rollback();
    // A live upload still arriving stops being read, and is deleted once stored (a failed one deletes itself).
    live?.bytes.destroy();
    await live?.stored.catch(() => undefined);
    await deleteUpload();
    // The cause goes to the server log (the job logs it), not into the stored message.
    const issue: FileIssue = { line: 0, column: 0, path: '', code: 'import.failed', params: {} };
    await inRunTransaction(deps.db, (end) => end.finishWithoutBilans(ref, { state: 'failed', errors: [issue], errorCount: 1, now: now(), from: ['running'] }));
    throw error;
  }
}

/** The file-level verdict: the engine's issues (code and parameters), or the school mismatch; undefined when accepted. */
function fileRefusal(report: Pick<ParseOutcome, 'verdict' | 'errors' | 'errorCount' | 'header'>, baseUai: string): { errors: FileIssue[]; errorCount: number } | undefined {
  if (report.verdict === 'error') return { errors: report.errors, errorCount: report.errorCount };
  const fileUai = report.header?.uai.trim();
  if (fileUai === baseUai) return undefined;
  const params: MessageParamsOf<'base.uai_mismatch'> = { fileUai: fileUai ?? '?', baseUai };
  return { errors: [{ line: 0, column: 0, path: '/lsun-bilans/entete/etablissement', code: 'base.uai_mismatch', params }], errorCount: 1 };
}

/** Most notices about content unknown to the version a provisional file was checked against. */
const MAX_UNKNOWN_NOTICES = 50;

/**
 * A provisional file's notices: that it was checked provisionally, then each element or attribute the
 * version checked against does not know, once per place (`[n]` indexes dropped) with how many times.
 */
function provisionalNotices(provisional: ParseOutcome['provisional']): FileIssue[] {
  if (!provisional) return [];
  const { declaredVersion: declared, checkedAgainst } = provisional;
  const head: MessageParamsOf<'import.provisional'> = { declared, checkedAgainst };
  const places = new Map<string, FileIssue>();
  for (const issue of provisional.unknown) {
    const path = issue.path.replace(/\[\d+\]/g, '');
    const element = String(issue.params.element ?? '');
    const attribute = issue.code === 'schema.attribute.unexpected' ? String(issue.params.attribute ?? '') : undefined;
    const key = `${path}|${attribute ?? ''}`;
    const seen = places.get(key);
    if (seen) {
      (seen.params as { count: number }).count += 1;
      continue;
    }
    if (places.size >= MAX_UNKNOWN_NOTICES) continue;
    const notice: FileIssue = attribute === undefined
      ? { line: 0, column: 0, path, code: 'import.unknown_element', params: { element, path, checkedAgainst, count: 1 } satisfies MessageParamsOf<'import.unknown_element'> }
      : { line: 0, column: 0, path, code: 'import.unknown_attribute', params: { attribute, element, path, checkedAgainst, count: 1 } satisfies MessageParamsOf<'import.unknown_attribute'> };
    places.set(key, notice);
  }
  return [{ line: 0, column: 0, path: '', code: 'import.provisional', params: head }, ...places.values()];
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
