/**
 * Follows the bilans while they stream by: counts them, notes the classes concerned and, when the
 * caller wants them, builds each bilan's content tree and resolves its pupil, period and teachers
 * (all declared earlier in `donnees`).
 */
import type { RuleSet } from '../schema/dsl.ts';
import type { LsuBilan, LsuNode } from '../types.ts';
import type { IdentityRegistry } from './identity.ts';

interface OpenBilan {
  kind: 'periodic' | 'cycle';
  ordinal: number;
  line: number;
  attributes: Record<string, string>;
  teachers: Set<string>;
  unresolved: boolean;
  stack: LsuNode[];
  root: LsuNode | undefined;
}

/** Counts, classes and resolved bilans, built while the bilans stream by. */
export class BilanCollector {
  readonly ready: LsuBilan[] = [];
  readonly classes = new Set<string>();
  periodic = 0;
  cycle = 0;
  private open: OpenBilan | undefined;

  constructor(
    private readonly rules: RuleSet,
    private readonly identity: IdentityRegistry,
    /** Whether to build content trees (only when the caller asked for bilans). */
    readonly buildNodes: boolean,
  ) {}

  get inBilan(): boolean {
    return this.open !== undefined;
  }

  start(kind: 'periodic' | 'cycle', attributes: Record<string, string>, line: number): void {
    const ordinal = kind === 'periodic' ? ++this.periodic : ++this.cycle;
    this.open = { kind, ordinal, line, attributes, teachers: new Set(), unresolved: false, stack: [], root: undefined };
  }

  /** An element inside the open bilan (the bilan element itself included). */
  enter(name: string, attributes: Record<string, string>): void {
    const open = this.open;
    if (!open || !this.buildNodes) return;
    const node: LsuNode = { name, attributes, children: [] };
    const parent = open.stack[open.stack.length - 1];
    if (parent) parent.children.push(node);
    else open.root = node;
    open.stack.push(node);
  }

  text(value: string): void {
    const node = this.open?.stack[this.open.stack.length - 1];
    if (node) node.text = (node.text ?? '') + value;
  }

  leave(): void {
    this.open?.stack.pop();
  }

  /** A reference found inside the bilan; teacher references are collected. */
  reference(id: string, targets: string[] | undefined, resolved: boolean): void {
    const open = this.open;
    if (!open) return;
    if (!resolved) open.unresolved = true;
    if (targets !== undefined && targets.includes(this.rules.bilans.teacherKind)) open.teachers.add(id);
  }

  /** Closes the bilan: notes its class and, if it resolves, queues it for the caller. */
  end(): void {
    const open = this.open;
    this.open = undefined;
    if (!open) return;
    const { bilans, project } = this.rules;
    const pupilRecord = this.identity.record(open.attributes[bilans.pupilRef] ?? '', bilans.pupilKind);
    if (!pupilRecord) return;
    const pupil = project.pupil(pupilRecord, this.identity.lookup);
    this.classes.add(pupil.classCode);
    if (!this.buildNodes || open.unresolved || !open.root) return;
    const teachers = [...open.teachers].flatMap((id) => {
      const record = this.identity.record(id, bilans.teacherKind);
      return record ? [project.teacher(record)] : [];
    });
    const common = { ordinal: open.ordinal, line: open.line, pupil, teachers, content: open.root };
    if (open.kind === 'cycle') {
      this.ready.push({ kind: 'cycle', cycle: Number(open.attributes[bilans.cycleAttr]), ...common });
      return;
    }
    const periodRecord = this.identity.record(open.attributes[bilans.periodRef] ?? '', bilans.periodKind);
    if (periodRecord) this.ready.push({ kind: 'periodic', period: project.period(periodRecord), ...common });
  }
}
