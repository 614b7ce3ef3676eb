/**
 * Judges one bilan of a valid file against the base (REPORT.md §10, layers 2 and 3): rejected when
 * the pupil or class is unknown, the class is set to manual entry, the period is not configured or
 * differs, or required content is missing; imported with alerts for unknown teachers, ignored
 * accompaniment modalities and an assessment that does not match the class's mode.
 */
import type { BilanMessage, BilanStatus } from '@preau/contracts';
import type { LsuBilan, LsuNode } from '@preau/lsu';
import { messages, type BilanSubject } from './bilan-messages.ts';
import { knowsTeacher, type BaseSnapshot, type SnapshotClass, type SnapshotPeriod } from './base-snapshot.ts';

export interface BilanJudgement {
  status: BilanStatus;
  messages: BilanMessage[];
  pupilId: string | null;
  periodId: string | null;
}

/** The verdict on one bilan; pure, so the rules are tested without a database. */
export function judgeBilan(bilan: LsuBilan, base: BaseSnapshot): BilanJudgement {
  // Named for the first message only: most bilans have none.
  let subject: BilanSubject | undefined;
  const found: BilanMessage[] = [];
  const pupil = base.pupils.get(bilan.pupil.nationalId);
  if (!pupil) found.push(messages.pupilUnknown((subject ??= subjectOf(bilan, base)), bilan.pupil.nationalId));

  const cls = base.classes.get(bilan.pupil.classCode);
  const classLabel = cls?.label ?? bilan.pupil.classLabel ?? bilan.pupil.classCode;
  let period: SnapshotPeriod | undefined;
  if (!cls) {
    found.push(messages.classUnknown((subject ??= subjectOf(bilan, base))));
    // As in the national application, an unknown class also has no period configuration.
    if (bilan.kind === 'periodic') found.push(messages.periodsNotConfigured(classLabel, bilan.pupil.classCode));
  } else {
    if (cls.dataSource === 'manual_entry') found.push(messages.classManualEntry((subject ??= subjectOf(bilan, base))));
    if (bilan.kind === 'periodic') {
      const match = matchPeriod(bilan, base.periods);
      if (match === 'not_configured') found.push(messages.periodsNotConfigured(classLabel, classIdOf(cls)));
      else if (match === 'differs') found.push(messages.periodDatesDiffer(classLabel, classIdOf(cls)));
      else period = match;
    }
  }
  if (bilan.kind === 'periodic') {
    const missing = missingContent(bilan, base.degree);
    if (typeof missing === 'number') found.push(messages.domainsMissing((subject ??= subjectOf(bilan, base)), bilan.period, missing));
    else if (missing !== undefined) found.push(messages.contentMissing((subject ??= subjectOf(bilan, base)), bilan.period, missing));
  }

  for (const teacher of bilan.teachers) {
    if (!knowsTeacher(base, teacher.civility, teacher.lastName)) {
      const name = [teacher.civility, teacher.lastName, teacher.firstName].filter(Boolean).join(' ');
      found.push(messages.teacherUnknown((subject ??= subjectOf(bilan, base)), name));
    }
  }
  if (child(bilan.content, 'modalites-accompagnement')) found.push(messages.accompanimentIgnored((subject ??= subjectOf(bilan, base))));
  if (cls && bilan.kind === 'periodic' && base.degree === 'college') {
    const ignored = ignoredAssessment(bilan.content, cls);
    if (ignored) {
      const alert = cls.assessmentMode === 'positioning' ? messages.averagesIgnored : messages.positioningIgnored;
      found.push(alert((subject ??= subjectOf(bilan, base)), bilan.period, ignored));
    }
  }

  const status: BilanStatus = found.some((m) => m.level === 'error') ? 'rejected' : found.length > 0 ? 'alert' : 'success';
  return { status, messages: found, pupilId: pupil?.id ?? null, periodId: status === 'rejected' ? null : (period?.id ?? null) };
}

function subjectOf(bilan: LsuBilan, base: BaseSnapshot): BilanSubject {
  const ecole = base.degree === 'ecole';
  return {
    pupil: [bilan.pupil.lastName.toUpperCase(), bilan.pupil.firstName].filter(Boolean).join(' ') || bilan.pupil.nationalId,
    classCode: bilan.pupil.classLabel ?? bilan.pupil.classCode,
    period: bilan.kind === 'periodic' ? bilan.period : null,
    cycle: bilan.kind === 'cycle' ? bilan.cycle : null,
    schoolYear: base.schoolYear,
    registry: ecole ? 'ONDE' : 'SIECLE',
    staffRegistry: ecole ? 'ONDE' : 'STS',
  };
}

function classIdOf(cls: SnapshotClass): string {
  return cls.nationalId ?? cls.code;
}

/** The base's period for the bilan, or why there is none (count, index and, when given, dates must agree). */
function matchPeriod(bilan: LsuBilan & { kind: 'periodic' }, periods: SnapshotPeriod[]): SnapshotPeriod | 'not_configured' | 'differs' {
  if (periods.length === 0) return 'not_configured';
  const { index, count, startDate, endDate } = bilan.period;
  const period = periods.find((p) => p.count === count && p.index === index);
  if (!period) return 'differs';
  if ((startDate !== undefined && startDate !== period.startDate) || (endDate !== undefined && endDate !== period.endDate)) return 'differs';
  return period;
}

/**
 * What required content of a periodic bilan is missing: école, how many domains are filled in when
 * fewer than three; collège, the subjects with neither result nor appreciation; undefined when complete.
 */
function missingContent(bilan: LsuBilan, degree: 'ecole' | 'college'): number | string | undefined {
  const acquis = child(bilan.content, 'liste-acquis')?.children ?? [];
  if (degree === 'ecole') {
    // R5: at least three domains with an appreciation or a positioning (a sub-domain counts for its domain).
    const filled = acquis.filter((a) => isFilled(a) || (child(a, 'sous-domaines')?.children ?? []).some(isFilled)).length;
    return filled >= 3 ? undefined : filled;
  }
  const empty = acquis.filter((a) => !hasResult(a) && !hasText(child(a, 'appreciation')));
  if (empty.length === 0) return undefined;
  return empty.map((a) => a.attributes['discipline-ref'] ?? '?').join(', ');
}

function isFilled(node: LsuNode): boolean {
  return node.attributes.positionnement !== undefined || hasText(child(node, 'appreciation'));
}

function hasResult(acquis: LsuNode): boolean {
  const a = acquis.attributes;
  return a['moyenne-eleve'] !== undefined || a.positionnement !== undefined || a['statut-evaluation-eleve'] !== undefined || a['eleve-non-note'] === 'true' || a['eleve-non-note'] === '1';
}

/** The subjects assessed the other way than the class (averages for positioning, or the reverse), or undefined. */
function ignoredAssessment(content: LsuNode, cls: SnapshotClass): string | undefined {
  const acquis = child(content, 'liste-acquis')?.children ?? [];
  const ref = (a: LsuNode) => a.attributes['discipline-ref'] ?? '?';
  const attribute = cls.assessmentMode === 'positioning' ? 'moyenne-eleve' : 'positionnement';
  const ignored = acquis.filter((a) => a.attributes[attribute] !== undefined);
  return ignored.length > 0 ? ignored.map(ref).join(', ') : undefined;
}

function child(node: LsuNode | undefined, name: string): LsuNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** Non-blank text; the import reads outlines, which say so without the text itself. */
function hasText(node: LsuNode | undefined): boolean {
  return node?.textNonBlank === true;
}
