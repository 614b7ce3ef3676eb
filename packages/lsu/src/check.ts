/** `checkLsu`: reads an LSU file as a byte stream and returns the verdict, never holding the file. */
import type { ByteSource, CheckOptions, LsuReport } from './types.ts';
import { XmlTokenizer } from './xml/tokenizer.ts';
import { LsuValidator } from './validate/validator.ts';
import { IssueList } from './validate/issues.ts';
import { renderMessage } from './report/messages.ts';
import { KNOWN_VERSIONS } from './rules/index.ts';
import { collectLabels } from './labels.ts';

/** `schemaVersion` values the engine has a rule set for. */
export const SUPPORTED_VERSIONS: readonly string[] = KNOWN_VERSIONS;
/** Versions accepted when the caller does not say: collège 10.0 and école 1.0. */
export const DEFAULT_ACCEPTED_VERSIONS: readonly string[] = ['10.0', '1.0'];

const PROGRESS_STEP = 256 * 1024;
const FEED_STEP = 64 * 1024;
const LT = 0x3c;

/**
 * Checks an LSU file read as a stream of bytes: well-formedness, the schema of its version, and
 * the cross-checks libxml2 skips (references and their kinds, real dates). Bilans are handed to
 * `options.onBilan` as they complete, before the verdict is known. The source may reuse a chunk's
 * memory once the next chunk is asked for: the engine copies what it keeps.
 */
export async function checkLsu(source: ByteSource, options: CheckOptions = {}): Promise<LsuReport> {
  const accept = options.accept ?? DEFAULT_ACCEPTED_VERSIONS;
  const locale = options.locale ?? 'fr';
  const issues = new IssueList(options.maxIssues ?? 100);
  const validator = new LsuValidator(issues, accept, options.onBilan ? (options.content ?? 'tree') : undefined);
  validator.onRuleSet = options.onRuleSet;
  const tokenizer = new XmlTokenizer(validator);
  tokenizer.chunksNeverReused = options.chunksNeverReused === true;
  let bytesRead = 0;
  let nextProgress = PROGRESS_STEP;
  const flush = async (): Promise<void> => {
    const ready = validator.bilans?.ready;
    if (!ready || ready.length === 0 || !options.onBilan) return;
    const batch = ready.splice(0, ready.length);
    for (const bilan of batch) {
      // Awaited only when the caller asks to wait: a promise per bilan is measurable over 35,000.
      const pending = options.onBilan(bilan);
      if (pending) await pending;
    }
  };
  let stoppedEarly = false;
  for await (const chunk of source) {
    bytesRead += chunk.byteLength;
    // With onBilan, bilans are handed over every FEED_STEP bytes rather than once per chunk, so
    // fewer of their trees outlive a young-generation GC (a few % of CPU with 1 MB chunks). A step
    // ends just past a `<`: text is never cut there, as a text cut is read again from its start
    // with the next step (a re-import hands over megabytes of line breaks in a row).
    const length = chunk.byteLength;
    const step = options.onBilan ? FEED_STEP : length;
    for (let at = 0; at < length && !tokenizer.stopped && !validator.stopped;) {
      const markup = at + step >= length ? -1 : chunk.indexOf(LT, at + step);
      const to = markup === -1 ? length : markup + 1;
      tokenizer.feed(at === 0 && to === length ? chunk : chunk.subarray(at, to));
      at = to;
      await flush();
    }
    if (options.onProgress && bytesRead >= nextProgress) {
      options.onProgress(bytesRead);
      nextProgress = bytesRead + PROGRESS_STEP;
    }
    if (tokenizer.stopped || validator.stopped) {
      stoppedEarly = true;
      break;
    }
  }
  if (!stoppedEarly) tokenizer.end();
  await flush();
  validator.finish();
  options.onProgress?.(bytesRead);

  const rules = validator.compiled?.rules;
  const bilans = validator.bilans;
  const errors = issues.sorted().map((i) => ({ line: i.line, column: i.column, path: i.path, code: i.code, params: i.params, message: renderMessage(i.code, i.params, locale) }));
  const report: LsuReport = {
    verdict: issues.count === 0 ? 'accepted' : 'error',
    classes: bilans ? [...bilans.classes].sort() : [],
    counts: { periodic: bilans?.periodic ?? 0, cycle: bilans?.cycle ?? 0, pupils: validator.pupils },
    errors,
    errorCount: issues.count,
    bytesRead,
  };
  if (rules && validator.schemaVersion !== undefined) {
    report.family = rules.family;
    report.schemaVersion = validator.schemaVersion;
    report.header = { family: rules.family, schemaVersion: validator.schemaVersion, ...validator.header };
    report.labels = collectLabels(rules.labels, validator.identity);
  }
  return report;
}
