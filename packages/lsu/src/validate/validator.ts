/**
 * The schema validator, fed by the tokenizer. It keeps one frame per open element (pooled: the
 * depth of an LSU file is small), walks content models, checks attributes and text against their
 * simple types, and hands IDs, references, unique keys and bilans to their trackers. Nothing of
 * an element survives its end tag except what the cross-checks need.
 */
import { INTERN_SLOTS, TextNeed, type TagToken, type TextToken, type XmlSink } from '../xml/sink.ts';
import type { CheckOptions } from '../types.ts';
import {
  compileRuleSet, LAST_ATTRIBUTES, ROLE_CYCLE, ROLE_KEPT, ROLE_PERIODIC, ROLE_PUPIL, type CompiledAttribute, type CompiledRuleSet, type CompiledType,
} from '../schema/compile.ts';
import type { ValueProblem } from '../schema/simple-types.ts';
import { isComplete, missingAtEnd, step, type StepFailure } from '../schema/content-model.ts';
import { KEPT_TEXT } from '../schema/dsl.ts';
import { codePointLength, collapse } from '../schema/lexical.ts';
import { LSU_NAMESPACE, selectRuleSet } from '../rules/index.ts';
import { excerpt, type IssueList } from './issues.ts';
import { IdentityRegistry } from './identity.ts';
import { BilanCollector } from './bilans.ts';
import { Frame } from './frame.ts';
import { NamespaceScopes } from './namespaces.ts';
import { ReferenceChecker } from './references.ts';

/**
 * Size of the tables indexed by intern slot (`TagToken.attrSlots` modulo it): smaller than the
 * tokenizer's table, as they hold the values of one attribute each.
 */
const SLOTS = Math.min(1024, INTERN_SLOTS);

/** A table by intern slot, empty (of one element kind from the start, like the others). */
function emptySlots(): (string | undefined)[] {
  return new Array<string | undefined>(SLOTS).fill(undefined);
}

/** Any character other than XML whitespace. */
const NOT_SPACE = /[^ \t\n\r]/;

/** Sink of the tokenizer that validates against the rule set picked by `schemaVersion`. */
export class LsuValidator implements XmlSink {
  textNeed = TextNeed.None;
  /** Set when validation cannot go on (wrong root, unknown or refused version). */
  stopped = false;
  /** Set by a well-formedness error. */
  malformed = false;
  readonly header = { uai: '', editor: '', application: '' };
  pupils = 0;
  schemaVersion: string | undefined;
  compiled: CompiledRuleSet | undefined;
  identity: IdentityRegistry;
  bilans: BilanCollector | undefined;
  /** Told of the rule set the root's version chose (`CheckOptions.onRuleSet`). */
  onRuleSet: CheckOptions['onRuleSet'];

  private readonly frames: Frame[] = [];
  private depth = 0;
  private readonly namespaces = new NamespaceScopes();
  private currentAttribute = '';
  private readonly references: ReferenceChecker;
  /** Attributes of the current start tag that passed their type check, and their values by bit. */
  private validMask = 0;
  private readonly valueByBit: string[] = new Array<string>(32).fill('');
  /** Per attribute declaration (`index`): reference values known to resolve, by intern slot. */
  private knownRefs: ((string | undefined)[] | undefined)[] = [];

  constructor(
    private readonly issues: IssueList,
    private readonly accept: readonly string[],
    /** What the caller wants of bilans; undefined: none (only counts and classes). */
    private readonly bilanContent: CheckOptions['content'] | undefined,
  ) {
    this.identity = new IdentityRegistry(issues);
    this.references = new ReferenceChecker(this.identity);
  }

  /** Path of the open element (and of `currentAttribute` when set); `/` before the root. */
  private readonly path = (): string => {
    let out = '';
    for (let i = 0; i < this.depth; i++) {
      const f = this.frames[i]!;
      out += `/${f.name}${f.repeatable ? `[${f.occurrence}]` : ''}`;
    }
    if (this.currentAttribute) return `${out}/@${this.currentAttribute}`;
    return out || '/';
  };

  fatal(code: string, line: number, column: number, params: Record<string, string | number>): void {
    this.malformed = true;
    this.currentAttribute = '';
    this.issues.add(code, params, line, column, this.path);
  }

  startElement(tok: TagToken): void {
    if (this.stopped) return;
    const index = this.depth;
    for (let k = 0; k < tok.attrCount; k++) {
      const n = tok.attrNames[k]!;
      if (n.charCodeAt(0) === 0x78 && (n === 'xmlns' || n.startsWith('xmlns:'))) this.namespaces.declare(n, tok.attrValues[k]!, index);
    }
    const qname = tok.name;
    const colon = qname.indexOf(':');
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const uri = this.namespaces.resolve(colon < 0 ? '' : qname.slice(0, colon));
    let frame = this.frames[index];
    if (!frame) this.frames.push((frame = new Frame()));
    const parent = index > 0 ? this.frames[index - 1] : undefined;
    frame.name = local;
    frame.line = tok.line;
    frame.column = tok.column;
    frame.text = '';
    frame.textChars = 0;
    frame.textNonBlank = false;
    frame.textCr = false;
    frame.textReported = false;
    frame.isBilan = false;
    frame.keptText = undefined;
    frame.headerField = undefined;
    frame.lastChild = '';
    frame.lastChildCount = 0;
    frame.state.index = 0;
    frame.state.count = 0;
    frame.state.seen = 0;
    if (parent) {
      parent.lastChildCount = parent.lastChild === local ? parent.lastChildCount + 1 : 1;
      parent.lastChild = local;
      frame.occurrence = parent.lastChildCount;
    } else frame.occurrence = 1;
    frame.repeatable = frame.occurrence > 1;
    this.depth = index + 1;
    this.currentAttribute = '';

    let type: CompiledType | null = null;
    let role = 0;
    if (!parent) {
      type = this.startRoot(tok, local, uri);
      if (!type) return;
    } else if (parent.type) {
      if (uri !== LSU_NAMESPACE) this.wrongNamespace(tok, local, uri);
      else {
        const result = step(parent.type, parent.state, local);
        const particle = result.failed ? result.particle : result;
        if (particle) {
          type = particle.type;
          role = particle.role;
          frame.repeatable ||= particle.max > 1;
        }
        if (result.failed) this.stepFailed(tok, result, local, parent.name);
      }
    }
    frame.type = type;
    frame.uniques = frame.keySets(type);
    if (type && parent?.name === 'entete' && this.compiled) {
      const h = this.compiled.rules.header;
      frame.headerField = local === h.uai ? 'uai' : local === h.editor ? 'editor' : local === h.application ? 'application' : undefined;
    }
    if (type) this.element(tok, frame, parent, type, local, role);
    this.textNeed = this.needOf(frame);
  }

  private wrongNamespace(tok: TagToken, local: string, uri: string | undefined): void {
    this.issues.add('schema.namespace', () => ({ element: local, found: uri ?? '', expected: LSU_NAMESPACE }), tok.line, tok.column, this.path);
  }

  private stepFailed(tok: TagToken, failure: StepFailure, local: string, parent: string): void {
    this.issues.add(failure.code, () => ({ element: local, parent, expected: failure.expected.join(', ') }), tok.line, tok.column, this.path);
  }

  private element(tok: TagToken, frame: Frame, parent: Frame | undefined, type: CompiledType, local: string, role: number): void {
    const bilans = this.bilans;
    const inBilan = bilans?.inBilan === true;
    const bilanKind = inBilan ? undefined : role & ROLE_PERIODIC ? 'periodic' : role & ROLE_CYCLE ? 'cycle' : undefined;
    const keep = (role & ROLE_KEPT) !== 0;
    const record: Record<string, string> | undefined = keep || bilanKind || (inBilan && bilans.buildNodes) ? {} : undefined;
    if (bilans && bilanKind && record) {
      frame.isBilan = true;
      bilans.start(bilanKind, record, tok.line);
      if (bilans.captureXml) tok.startCapture();
    }
    this.attributes(tok, type, local, record);
    if (parent?.uniques) this.uniqueKeys(tok, parent, local);
    if (keep && record?.id !== undefined) {
      this.identity.keep(collapse(record.id), record);
      if (type.mode === 'text') frame.keptText = record;
    }
    if (role & ROLE_PUPIL) this.pupils++;
    if (bilans?.inBilan && record) bilans.enter(local, record);
  }

  private startRoot(tok: TagToken, local: string, uri: string | undefined): CompiledType | null {
    if (local !== 'lsun-bilans' || uri !== LSU_NAMESPACE) {
      this.issues.add('schema.root', { found: local, namespace: uri ?? '', expected: 'lsun-bilans', expectedNamespace: LSU_NAMESPACE }, tok.line, tok.column, this.path);
      this.stopped = true;
      return null;
    }
    let version: string | undefined;
    for (let k = 0; k < tok.attrCount; k++) if (tok.attrNames[k] === 'schemaVersion') version = tok.attrValues[k];
    if (version === undefined) {
      this.currentAttribute = 'schemaVersion';
      this.issues.add('schema.version_missing', { accepted: this.accept.join(', ') }, tok.line, tok.column, this.path);
      this.stopped = true;
      return null;
    }
    const selection = selectRuleSet(version, this.accept);
    if (!selection.ok) {
      this.currentAttribute = 'schemaVersion';
      this.issues.add(selection.code, { found: version, accepted: selection.accepted.join(', '), known: selection.known.join(', ') }, tok.line, tok.column, this.path);
      this.stopped = true;
      return null;
    }
    this.schemaVersion = version;
    this.compiled = compileRuleSet(selection.rules);
    this.knownRefs = new Array<(string | undefined)[] | undefined>(this.compiled.attributeCount).fill(undefined);
    this.bilans = new BilanCollector(selection.rules, this.identity, this.bilanContent);
    const { family, provisional } = selection.rules;
    this.onRuleSet?.({ schemaVersion: version, family, ...(provisional ? { provisional: { ...provisional } } : {}) });
    return this.compiled.root.type;
  }

  private attributes(tok: TagToken, type: CompiledType, element: string, record: Record<string, string> | undefined): void {
    let seen = 0;
    let valid = 0;
    const { line, column } = tok;
    const names = tok.attrNames;
    const values = tok.attrValues;
    const slots = tok.attrSlots;
    const lastNames = type.lastAttrNames;
    const lastDecls = type.lastAttrDecls;
    for (let k = 0; k < tok.attrCount; k++) {
      const name = names[k]!;
      const value = values[k]!;
      let decl: CompiledAttribute | undefined;
      if (k < LAST_ATTRIBUTES && lastNames[k] === name) decl = lastDecls[k];
      else {
        decl = type.attributes.get(name);
        if (decl && k < LAST_ATTRIBUTES) {
          lastNames[k] = name;
          lastDecls[k] = decl;
        }
      }
      if (!decl) {
        if (this.namespaces.isAllowedForeign(name)) continue;
        this.currentAttribute = name;
        this.unexpectedAttribute(tok, type, name, element);
        continue;
      }
      const bit = 1 << decl.bit;
      seen |= bit;
      if (record) record[name] = value;
      const slot = slots[k]!;
      if (decl.isRef && this.knownReference(decl, value, slot)) {
        valid |= bit;
        this.valueByBit[decl.bit] = value;
        continue;
      }
      let checked = decl.validBySlot;
      const at = slot & (SLOTS - 1);
      if (slot < 0 || checked === undefined || checked[at] !== value) {
        const problem = decl.simple.check(value);
        if (problem) {
          this.currentAttribute = name;
          this.valueProblem(tok, decl, problem, value, element);
          continue;
        }
        // IDs never repeat in a valid file: remembering them would only fill the table.
        if (slot >= 0 && !decl.isId) {
          if (checked === undefined) decl.validBySlot = checked = emptySlots();
          checked[at] = value;
        }
      }
      valid |= bit;
      this.valueByBit[decl.bit] = value;
      if (decl.isId || decl.isRef) {
        this.currentAttribute = name;
        if (decl.isId) this.identity.declare(collapse(value), element, line, column, this.path);
        else this.references.check(decl, value, line, column, this.path, this.openBilans());
      }
    }
    this.currentAttribute = '';
    this.validMask = valid;
    if ((seen & type.requiredMask) !== type.requiredMask) this.missingAttributes(tok, type, seen, element);
  }

  /**
   * Whether a reference is known to resolve to an allowed kind (then it needs no other check). Per
   * attribute, the values found so are remembered by intern slot: IDs are never undeclared.
   */
  private knownReference(decl: CompiledAttribute, value: string, slot: number): boolean {
    const bilans = this.bilans;
    const collecting = bilans !== undefined && bilans.buildNodes && bilans.inBilan;
    const at = slot & (SLOTS - 1);
    if (slot >= 0) {
      const known = this.knownRefs[decl.index];
      if (known !== undefined && known[at] === value) {
        // Known, so resolved as before: a bilan being collected notes only the teachers it names,
        // without a lookup (an IDREFS value that may name some still gives its IDs below).
        if (!collecting || !decl.namesTeacher) return true;
        if (!decl.simple.isList) {
          bilans.reference(value, true, true);
          return true;
        }
      }
    }
    if (!this.references.known(decl, value, collecting ? bilans : undefined)) return false;
    if (slot >= 0) {
      let known = this.knownRefs[decl.index];
      if (known === undefined) this.knownRefs[decl.index] = known = emptySlots();
      known[at] = value;
    }
    return true;
  }

  private unexpectedAttribute(tok: TagToken, type: CompiledType, name: string, element: string): void {
    this.issues.add('schema.attribute.unexpected', () => ({ attribute: name, element, allowed: [...type.attributes.keys()].join(', ') }), tok.line, tok.column, this.path);
  }

  private valueProblem(tok: TagToken, decl: CompiledAttribute, problem: ValueProblem, value: string, element: string): void {
    this.issues.add(problem.code, () => ({ ...problem.params, attribute: decl.name, element, value: excerpt(value), type: decl.simple.name }), tok.line, tok.column, this.path);
  }

  private missingAttributes(tok: TagToken, type: CompiledType, seen: number, element: string): void {
    for (const r of type.required) {
      if (seen & (1 << r.bit)) continue;
      this.issues.add('schema.attribute.missing', () => ({ attribute: r.name, element }), tok.line, tok.column, this.path);
    }
  }

  /** The bilan collector while a bilan is open (references inside it are noted). */
  private openBilans(): BilanCollector | undefined {
    return this.bilans?.inBilan ? this.bilans : undefined;
  }

  private uniqueKeys(tok: TagToken, parent: Frame, element: string): void {
    const uniques = parent.type!.uniques;
    for (let u = 0; u < uniques.length; u++) {
      const rule = uniques[u]!;
      if (rule.selector !== element) continue;
      let key = '';
      let complete = true;
      for (let f = 0; f < rule.fieldAttributes.length; f++) {
        const attribute = rule.fieldAttributes[f];
        // An absent (or invalid) field takes the element out of the constraint, as in XSD.
        if (!attribute || !(this.validMask & (1 << attribute.bit))) {
          complete = false;
          break;
        }
        const part = attribute.simple.key(this.valueByBit[attribute.bit]!);
        key = f === 0 ? part : `${key}\u0001${part}`;
      }
      if (complete && !parent.uniques![u]!.add(key)) this.duplicateKey(tok, rule.fields, element, key);
    }
  }

  private duplicateKey(tok: TagToken, fields: readonly string[], element: string, key: string): void {
    this.issues.add('unique.duplicate', () => ({ element, fields: fields.join(', '), values: key.split('\u0001').join(', ') }), tok.line, tok.column, this.path);
  }

  text(tok: TextToken, value: string | null, nonBlank: boolean): void {
    if (this.stopped) return;
    const frame = this.frames[this.depth - 1];
    const type = frame?.type;
    if (!frame || !type) return;
    if (type.mode === 'text') {
      if (value === null) {
        frame.textChars += tok.textChars;
        frame.textNonBlank ||= nonBlank;
        frame.textCr ||= tok.textCr;
      } else frame.text += value;
      return;
    }
    // libxml2 refuses a CDATA section in element-only content even when it is blank.
    if ((type.mode === 'empty' || nonBlank || tok.cdata) && !frame.textReported) this.textNotAllowed(tok, frame, type);
  }

  private textNotAllowed(tok: TextToken, frame: Frame, type: CompiledType): void {
    frame.textReported = true;
    this.currentAttribute = '';
    const element = frame.name;
    this.issues.add(type.mode === 'empty' ? 'schema.text.empty_content' : 'schema.text.not_allowed', () => ({ element }), tok.line, tok.column, this.path);
  }

  endElement(tok: TagToken): void {
    if (this.stopped) return;
    const frame = this.frames[this.depth - 1]!;
    const type = frame.type;
    this.currentAttribute = '';
    if (type?.mode === 'text' && type.text) {
      const problem = frame.textChars > 0 || frame.textNonBlank ? this.summaryProblem(frame, type) : type.text.check(frame.text);
      if (problem) this.textProblem(frame, type, problem);
      if (frame.headerField) this.header[frame.headerField] = frame.text;
      if (frame.keptText) frame.keptText[KEPT_TEXT] = frame.text;
      if (this.bilans?.inBilan && this.bilans.buildNodes && (frame.textNonBlank || NOT_SPACE.test(frame.text))) this.bilans.text(frame.text);
    } else if (type && !isComplete(type, frame.state)) this.missingChildren(tok, frame, type);
    if (type && this.bilans?.inBilan) {
      this.bilans.leave();
      if (frame.isBilan) this.bilans.end(this.bilans.captureXml ? tok.endCapture() : undefined);
    }
    const depth = this.depth - 1;
    this.namespaces.leave(depth);
    this.depth = depth;
    const outer = this.frames[depth - 1];
    this.textNeed = outer ? this.needOf(outer) : TextNeed.None;
  }

  private textProblem(frame: Frame, type: CompiledType, problem: ValueProblem): void {
    const element = frame.name;
    const value = frame.textChars > 0 ? undefined : excerpt(frame.text);
    const typeName = type.text!.name;
    this.issues.add(problem.code, () => ({ ...problem.params, element, ...(value === undefined ? {} : { value }), type: typeName }), frame.line, frame.column, this.path);
  }

  private missingChildren(tok: TagToken, frame: Frame, type: CompiledType): void {
    const missing = missingAtEnd(type, frame.state);
    if (missing.length === 0) return;
    const m = missing[0]!;
    const element = frame.name;
    this.issues.add('schema.element.missing', () => ({ element, missing: m.name, min: m.min, count: m.count }), tok.line, tok.column, this.path);
  }

  /** Decoding text costs more than scanning it: decode only what a check or the caller needs. */
  private needOf(frame: Frame): TextNeed {
    const type = frame.type;
    if (type?.mode === 'empty') return TextNeed.Presence;
    if (!type || type.mode !== 'text') return TextNeed.None;
    if (type.text?.checkSummary && !frame.headerField && !frame.keptText && !(this.bilans?.inBilan && this.bilans.decodeText)) return TextNeed.Summary;
    return TextNeed.String;
  }

  private summaryProblem(frame: Frame, type: CompiledType): ReturnType<NonNullable<CompiledType['text']>['check']> {
    const decoded = frame.text;
    const chars = frame.textChars + codePointLength(decoded);
    const nonBlank = frame.textNonBlank || NOT_SPACE.test(decoded);
    return type.text!.checkSummary!(chars, nonBlank, frame.textCr || decoded.includes('\r'));
  }

  /** End-of-file cross-checks (skipped after a fatal error: the file is incomplete). */
  finish(): void {
    if (!this.malformed && !this.stopped && this.compiled) this.identity.finish();
  }
}
