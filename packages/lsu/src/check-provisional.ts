/**
 * `checkLsuProvisionally`: what a base that opted in uses while the schema of a newer collège
 * version is not in hand. A file declaring a collège version newer than any known is checked against
 * the newest known collège rule set; elements that rule set does not know anywhere, and attributes it
 * does not know on their element, are not refused but listed in `provisional.unknown` (their bytes
 * stay in each bilan's `xml`). Any other issue is an error as usual; an unknown older or malformed
 * version is still refused. Files of known versions are checked exactly as by `checkLsu`.
 */
import { checkLsu, DEFAULT_ACCEPTED_VERSIONS } from './check.ts';
import { acceptAlso, PROVISIONAL_NEWER_COLLEGE, selectRuleSet } from './rules/index.ts';
import type { ByteSource, CheckOptions, LsuIssue, LsuReport } from './types.ts';

/** The report, and when the file was checked provisionally, against what and what was unknown. */
export interface ProvisionalReport extends LsuReport {
  provisional?: { declaredVersion: string; checkedAgainst: string; unknown: LsuIssue[] };
}

/** All issues are needed to tell the unknown content from errors. */
const ALL_ISSUES = 100_000;

/** Checks like `checkLsu`, accepting a newer collège version provisionally (see the file's comment). */
export async function checkLsuProvisionally(source: ByteSource, options: CheckOptions = {}): Promise<ProvisionalReport> {
  const accept = acceptAlso(options.accept ?? DEFAULT_ACCEPTED_VERSIONS, PROVISIONAL_NEWER_COLLEGE);
  const maxIssues = options.maxIssues ?? 100;
  const report = await checkLsu(source, { ...options, accept, maxIssues: ALL_ISSUES });
  const selection = report.schemaVersion === undefined ? undefined : selectRuleSet(report.schemaVersion, accept);
  const rules = selection?.ok ? selection.rules : undefined;
  const provisional = rules?.provisional;
  if (!rules || !provisional) return { ...report, errors: report.errors.slice(0, maxIssues) };
  const knownElements = new Set<string>([rules.root.name]);
  for (const type of Object.values(rules.types)) for (const p of [...(type.sequence ?? []), ...(type.all ?? [])]) knownElements.add(p.name);
  const isUnknown = (issue: LsuIssue) =>
    issue.code === 'schema.attribute.unexpected' || (issue.code === 'schema.element.unexpected' && !knownElements.has(String(issue.params.element)));
  const unknown = report.errors.filter(isUnknown);
  const errors = report.errors.filter((issue) => !isUnknown(issue));
  const complete = report.errorCount === report.errors.length;
  return {
    ...report,
    verdict: errors.length === 0 && complete ? 'accepted' : 'error',
    errors: errors.slice(0, maxIssues),
    errorCount: report.errorCount - unknown.length,
    provisional: { declaredVersion: provisional.declared, checkedAgainst: provisional.checkedAgainst, unknown },
  };
}
