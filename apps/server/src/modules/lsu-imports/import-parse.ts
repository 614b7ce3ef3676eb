/**
 * The parsing half of an import (run in a worker thread, `import-parse.worker.ts`): the file's bytes
 * through the fingerprint scanner and the LSU engine, each bilan judged against the base snapshot and
 * encoded as a binary COPY row of `STAGED_COLUMNS`; the rows leave in batches for the thread that
 * writes them. No database here.
 */
import type { Readable } from 'node:stream';
import type { BilanKind, BilanStatus, FileIssue, MessageParamsOf } from '@preau/contracts';
import { acceptWithRuleSets, checkLsu, checkLsuProvisionally, loadStoredRuleSet, type LsuBilan, type LsuHeader, type LsuIssue, type ProvisionalReport, type RuleSet } from '@preau/lsu';
import { BinaryCopyEncoder, type ChunkPool, type CopyValue } from '../../db/copy-binary.ts';
import { orderedId } from '../../shared/ordered-id.ts';
import type { BaseSnapshot, BaseVersions } from './base-snapshot.ts';
import { baseDigest, createBilanScanner } from './bilan-fingerprints.ts';
import type { StoredFingerprints } from './stored-fingerprints.ts';
import type { StagedKeys } from './stored-bilans.repository.ts';
import { judgeBilan, type BilanJudgement } from './bilan-rules.ts';
import { STAGED_COLUMNS, type ImportRef, type ImportTally } from './import-run.repository.ts';

export interface ParseTask {
  /** What the engine needs before the file's root; the rest of the base follows (`parseImportFile`'s `snapshot`). */
  versions: BaseVersions;
  ref: ImportRef;
  /** Encoded bytes per batch of rows. */
  batchBytes: number;
  maxIssues: number;
  /** The added versions' stored rule sets (`key`: their ids), loaded once per worker for each key. */
  ruleSets: { key: string; stored: readonly string[] };
}

export interface ParseSink {
  /** A batch of encoded rows (`rowsOnly`) of `count` bilans; a promise when the parser must wait. */
  rows(rows: Uint8Array[], count: number, tally: ImportTally): Promise<void> | undefined;
  /** Progress between batches. */
  progress(tally: ImportTally): void;
  /** Where the rows' buffers come from, when the writer gives them back once written. */
  pool?: ChunkPool;
}

export interface ParseOutcome {
  verdict: 'accepted' | 'error';
  errors: FileIssue[];
  errorCount: number;
  header: LsuHeader | undefined;
  /** The classes of the file's bilans, as the base names them. */
  classes: string[];
  /** The file's labels (JSON). */
  labels: string;
  tally: ImportTally;
  /** Bilans identical to stored ones, left out. */
  unchanged: Record<BilanKind, number>;
  /** Set when the file declared a collège version newer than any known and the base accepts it provisionally. */
  provisional?: { declaredVersion: string; checkedAgainst: string; unknown: Pick<LsuIssue, 'code' | 'path' | 'params'>[] };
  /**
   * A bilan read holds the key of one left out (a pupil's period or cycle twice, which the engine
   * refuses but could not see): the run must start again without leaving any out.
   */
  conflict: boolean;
  /** What the switch-in must know of the bilans staged with content (the ones that can be stored). */
  staged: StagedKeys;
}

/** The rule sets last loaded in this thread, by their key: a worker loads them once until versions are added. */
let loadedRuleSets: { key: string; ruleSets: RuleSet[] } = { key: '', ruleSets: [] };

function ruleSetsOf(task: ParseTask): RuleSet[] {
  if (task.ruleSets.key !== loadedRuleSets.key) loadedRuleSets = { key: task.ruleSets.key, ruleSets: task.ruleSets.stored.map(loadStoredRuleSet) };
  return loadedRuleSets.ruleSets;
}
const COLUMN_TYPES = Object.values(STAGED_COLUMNS);

/**
 * Parses, judges and encodes the file's bytes (`source`); resolves once every batch was handed to
 * `sink`. `stored`: the base's stored bilans by fingerprint, whose identical ones in the file are
 * left out (empty: none is); `snapshot`: the base the bilans are judged against. Both are awaited
 * at the file's first bilan: its declarations are read meanwhile.
 */
export async function parseImportFile(
  task: ParseTask,
  source: Readable,
  sink: ParseSink,
  stored: Promise<StoredFingerprints>,
  snapshot: Promise<BaseSnapshot>,
): Promise<ParseOutcome> {
  const { versions, ref } = task;
  let base: BaseSnapshot | undefined;
  const baseRead = snapshot.then((read) => (base = read));
  // Its failure fails the parse where it is awaited (the scanner's first bilan, or the end).
  baseRead.catch(() => undefined);
  const tally: ImportTally = { bytesRead: 0, bilans: 0, periodic: zero(), cycle: zero() };
  // A bilan left out counts with the verdict of its identical stored one: the history says what the file held.
  const scanner = createBilanScanner(baseRead.then(baseDigest), stored, (kind, status) => (tally[kind][status] += 1));
  const keys = new PupilSlots();
  let keyTwice = false;
  const stagedPupils = new Set<string>();
  const stagedPeriods = new Set<string>();
  const encoder = new BinaryCopyEncoder(COLUMN_TYPES, { rowsOnly: true, pool: sink.pool });
  const encoded = encodedRef(ref);
  let pendingCount = 0;
  let pendingBytes = 0;

  const counted = () => {
    tally.bytesRead = scanner.bytesRead;
    tally.bilans = tally.periodic.success + tally.periodic.alert + tally.periodic.rejected + tally.cycle.success + tally.cycle.alert + tally.cycle.rejected;
    return tally;
  };
  const flush = () => {
    const rows = encoder.take();
    const count = pendingCount;
    pendingCount = 0;
    pendingBytes = 0;
    return count === 0 ? undefined : sink.rows(rows, count, { ...counted(), periodic: { ...tally.periodic }, cycle: { ...tally.cycle } });
  };

  // The very list the validator receives: the added rule sets are bound to it (a WeakMap keyed by the list).
  const accept = acceptWithRuleSets(versions.acceptedVersions, ruleSetsOf(task));
  const check = versions.provisionalNewerVersions ? checkLsuProvisionally : checkLsu;
  // Known once the root is read, before any bilan: each bilan of a provisional file gets its alert.
  let provisional: { declared: string; checkedAgainst: string } | undefined;
  const report: ProvisionalReport = await check(scanner.filter(source), {
    accept,
    maxIssues: task.maxIssues,
    content: 'xml',
    // The blocks come transferred from the import's thread, and the scanner's pieces are fresh copies or views of them.
    chunksNeverReused: true,
    onRuleSet(selected) {
      if (selected.provisional) provisional = { declared: selected.provisional.declared, checkedAgainst: versionOfRuleSet(selected.provisional.checkedAgainst) };
    },
    onProgress() {
      if (pendingCount === 0) sink.progress(counted());
    },
    onBilan(bilan) {
      // The scanner waits for the base before the first bilan it finds; one it did not find waits here.
      return base ? stage(bilan, base) : baseRead.then((read) => stage(bilan, read));
    },
  });
  await flush();
  const conflict = scanner.someLeftOut((pupilId, slot) => keys.has(pupilId, slot));
  const { classes: baseClasses } = await baseRead;
  const labelKeys = new Map([...baseClasses.values()].map((c) => [c.label, c.code]));
  const classes = new Set(report.classes.map((key) => baseClasses.get(key)?.code ?? key));
  for (const code of scanner.skippedClasses()) classes.add(baseClasses.get(code)?.code ?? labelKeys.get(code) ?? code);
  return {
    verdict: report.verdict,
    errors: report.errors.map(({ line, column, path, code, params }) => ({ line, column, path, code, params })),
    errorCount: report.errorCount,
    header: report.header,
    classes: [...classes].sort(),
    labels: JSON.stringify(report.labels ?? {}),
    tally: counted(),
    unchanged: { ...scanner.skipped },
    conflict,
    staged: { keyTwice, pupils: [...stagedPupils], periods: [...stagedPeriods] },
    ...(report.provisional
      ? { provisional: { ...report.provisional, checkedAgainst: versionOfRuleSet(report.provisional.checkedAgainst), unknown: report.provisional.unknown.map(({ code, path, params }) => ({ code, path, params })) } }
      : {}),
  };

  /** Judges and encodes one bilan; a promise when the batch it completes must wait. */
  function stage(bilan: LsuBilan, against: BaseSnapshot): Promise<void> | undefined {
    const xml = bilan.xml;
    if (!xml) throw new Error('the engine was not asked for the bilans\' XML');
    const { fingerprint, ordinal } = scanner.identify(bilan.kind, bilan.ordinal, xml);
    const judgement = withProvisionalAlert(judgeBilan(bilan, against), provisional);
    encoder.row(stagedRow(bilan, judgement, encoded, ordinal, fingerprint));
    tally[bilan.kind][judgement.status] += 1;
    // Whatever its verdict: the engine's uniqueness of a pupil's period or cycle holds for rejected bilans too.
    const seen = keys.add(judgement.pupilId, slotOf(bilan, judgement));
    if (judgement.status !== 'rejected') {
      if (seen) keyTwice = true;
      if (judgement.pupilId !== null) stagedPupils.add(judgement.pupilId);
      if (judgement.periodId !== null) stagedPeriods.add(judgement.periodId);
    }
    pendingCount += 1;
    pendingBytes += xml.byteLength;
    return pendingBytes >= task.batchBytes ? flush() : undefined;
  }
}

/** The version a rule set's id names (`college-10.0` → `10.0`), as people read it. */
function versionOfRuleSet(id: string): string {
  return id.replace(/^[a-z]+-/, '');
}

/** A bilan of a file checked provisionally: an alert saying against which version (a success becomes an alert). */
function withProvisionalAlert(judgement: BilanJudgement, provisional: { declared: string; checkedAgainst: string } | undefined): BilanJudgement {
  if (!provisional) return judgement;
  const params: MessageParamsOf<'provisional.checkedAgainst'> = { declared: provisional.declared, checkedAgainst: provisional.checkedAgainst };
  return {
    ...judgement,
    status: judgement.status === 'success' ? 'alert' : judgement.status,
    messages: [...judgement.messages, { level: 'alert', code: 'provisional.checkedAgainst', params }],
  };
}

/**
 * The keys (pupil + slot) of the bilans read, by pupil: no string built per bilan for a set of
 * `pupil|slot` (a pupil has a few slots: its periods and its cycle).
 */
class PupilSlots {
  private readonly byPupil = new Map<string | null, (string | null)[]>();

  /** Adds a key; whether it was there already. */
  add(pupil: string | null, slot: string | null): boolean {
    const slots = this.byPupil.get(pupil);
    if (!slots) {
      this.byPupil.set(pupil, [slot]);
      return false;
    }
    if (slots.includes(slot)) return true;
    slots.push(slot);
    return false;
  }

  has(pupil: string | null, slot: string | null): boolean {
    return this.byPupil.get(pupil)?.includes(slot) === true;
  }
}

function slotOf(bilan: LsuBilan, judgement: BilanJudgement): string | null {
  return bilan.kind === 'periodic' ? judgement.periodId : `cycle-${bilan.cycle}`;
}

/** One bilan's row; a rejected bilan keeps its outcome and messages, not its content. */
function stagedRow(bilan: LsuBilan, judgement: BilanJudgement, scope: EncodedRef, ordinal: number, fingerprint: string | null): CopyValue[] {
  const periodic = bilan.kind === 'periodic';
  const stored = judgement.status !== 'rejected';
  return [
    orderedId(), scope.organizationId, scope.baseId, scope.importId, ordinal, WORDS[bilan.kind], WORDS[judgement.status],
    bilan.pupil.nationalId, bilan.pupil.lastName, bilan.pupil.firstName, judgement.pupilId, bilan.pupil.classLabel ?? bilan.pupil.classCode,
    judgement.periodId, periodic ? bilan.period.index : null, periodic ? bilan.period.count : null, periodic ? null : bilan.cycle,
    stored ? slotOf(bilan, judgement) : null, JSON.stringify(judgement.messages), stored ? (bilan.xml ?? null) : null, fingerprint,
  ];
}

/** The import's ids as the rows carry them: encoded once, not on each of a file's bilans. */
type EncodedRef = Record<keyof ImportRef, Uint8Array>;

function encodedRef(ref: ImportRef): EncodedRef {
  return { organizationId: Buffer.from(ref.organizationId), baseId: Buffer.from(ref.baseId), importId: Buffer.from(ref.importId) };
}

/** Kinds and statuses, encoded once. */
const WORDS: Record<BilanKind | BilanStatus, Uint8Array> = {
  periodic: Buffer.from('periodic'), cycle: Buffer.from('cycle'), success: Buffer.from('success'), alert: Buffer.from('alert'), rejected: Buffer.from('rejected'),
};

function zero() {
  return { success: 0, alert: 0, rejected: 0 };
}
