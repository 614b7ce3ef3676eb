/**
 * Follows the bilans while they stream by: counts them, notes the classes concerned and, when the
 * caller wants them, builds each bilan's content tree (or outline, with its bytes) and resolves
 * its pupil, period and teachers (all declared earlier in `donnees`).
 */
import type { RuleSet } from '../schema/dsl.ts';
import type { CheckOptions, LsuBilan, LsuNode, LsuTeacherRef } from '../types.ts';
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

/** The teachers of a bilan nobody asked for (never added to). */
const NONE = new Set<string>();

/** Counts, classes and resolved bilans, built while the bilans stream by. */
export class BilanCollector {
  readonly ready: LsuBilan[] = [];
  readonly classes = new Set<string>();
  periodic = 0;
  cycle = 0;
  private open: OpenBilan | undefined;

  /** Whether to build content trees (only when the caller asked for bilans). */
  readonly buildNodes: boolean;
  /** Whether the trees carry decoded text ('tree') or are outlines whose bilans carry their bytes ('xml'). */
  readonly decodeText: boolean;
  readonly captureXml: boolean;

  constructor(
    private readonly rules: RuleSet,
    private readonly identity: IdentityRegistry,
    /** What bilans carry, or undefined when the caller wants none. */
    content: CheckOptions['content'] | undefined,
  ) {
    this.buildNodes = content !== undefined;
    this.decodeText = content === 'tree';
    this.captureXml = content === 'xml';
  }

  get inBilan(): boolean {
    return this.open !== undefined;
  }

  start(kind: 'periodic' | 'cycle', attributes: Record<string, string>, line: number): void {
    const ordinal = kind === 'periodic' ? ++this.periodic : ++this.cycle;
    // Without content wanted, teachers and nodes are never collected: no Set per bilan.
    const collect = this.buildNodes;
    this.open = { kind, ordinal, line, attributes, teachers: collect ? new Set() : NONE, unresolved: false, stack: [], root: undefined };
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

  /** Non-blank character data of the current element (a text-only one); `text` unless an outline. */
  text(text: string): void {
    const node = this.open?.stack[this.open.stack.length - 1];
    if (!node) return;
    if (this.decodeText) node.text = text;
    node.textNonBlank = true;
  }

  leave(): void {
    if (this.buildNodes) this.open?.stack.pop();
  }

  /**
   * A reference found inside the bilan (`namesTeacher`: by an attribute that may name a teacher);
   * teacher references are collected (only for a caller that wants bilans).
   */
  reference(id: string, namesTeacher: boolean, resolved: boolean): void {
    const open = this.open;
    if (!open || !this.buildNodes) return;
    if (!resolved) open.unresolved = true;
    if (namesTeacher) open.teachers.add(id);
  }

  /** Closes the bilan: notes its class and, if it resolves, queues it for the caller (with its bytes when captured). */
  end(xml?: Uint8Array): void {
    const open = this.open;
    this.open = undefined;
    if (!open) return;
    const { bilans, project } = this.rules;
    const pupilRecord = this.identity.record(open.attributes[bilans.pupilRef] ?? '', bilans.pupilKind);
    if (!pupilRecord) return;
    const pupil = project.pupil(pupilRecord, this.identity.lookup);
    this.classes.add(pupil.classCode);
    if (!this.buildNodes || open.unresolved || !open.root) return;
    // Plain loops and literals: this runs for every bilan of a file.
    const teachers: LsuTeacherRef[] = [];
    for (const id of open.teachers) {
      const record = this.identity.record(id, bilans.teacherKind);
      if (record) teachers.push(project.teacher(record));
    }
    let bilan: LsuBilan;
    if (open.kind === 'cycle') {
      const cycle = Number(open.attributes[bilans.cycleAttr]);
      bilan = { kind: 'cycle', cycle, ordinal: open.ordinal, line: open.line, pupil, teachers, content: open.root };
    } else {
      const periodRecord = this.identity.record(open.attributes[bilans.periodRef] ?? '', bilans.periodKind);
      if (!periodRecord) return;
      bilan = { kind: 'periodic', period: project.period(periodRecord), ordinal: open.ordinal, line: open.line, pupil, teachers, content: open.root };
    }
    if (xml) bilan.xml = xml;
    this.ready.push(bilan);
  }
}
