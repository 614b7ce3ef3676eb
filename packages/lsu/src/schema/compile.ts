/** Turns a rule set of the DSL into the lookup structures the validator walks. */
import type { AttributeRule, ComplexType, Particle, RuleSet, SimpleType } from './dsl.ts';
import { compileSimple, type CompiledSimple } from './simple-types.ts';

export interface CompiledAttribute {
  name: string;
  rule: AttributeRule;
  simple: CompiledSimple;
  /** Bit of this attribute in the per-element "seen" mask. */
  bit: number;
  /** Number of this attribute among all those of its rule set (indexes per-check tables). */
  index: number;
  isId: boolean;
  isRef: boolean;
  /** A reference that may name a teacher: a bilan being collected notes the IDs it gives. */
  namesTeacher: boolean;
  /**
   * Values found valid, by the tokenizer's intern slot (`TagToken.attrSlots`): a value equal to
   * the one in its slot needs no check. Content-addressed, so shared by every check.
   */
  validBySlot: (string | undefined)[] | undefined;
}

export interface CompiledParticle {
  /** Tells a particle from a content model's `StepFailure`. */
  failed: false;
  name: string;
  min: number;
  max: number;
  type: CompiledType;
  /** What the element is for the bilan trackers (ROLE_* bits), computed once here. */
  role: number;
}

export const ROLE_KEPT = 1;
export const ROLE_PERIODIC = 2;
export const ROLE_CYCLE = 4;
export const ROLE_PUPIL = 8;

export interface CompiledUnique {
  selector: string;
  fields: string[];
  /** The fields' declarations on the selected child's type (undefined if it has no such attribute). */
  fieldAttributes: (CompiledAttribute | undefined)[];
}

export interface CompiledType {
  name: string;
  mode: 'empty' | 'text' | 'sequence' | 'all' | 'choice';
  /** For `choice`: how many children (choices) the element holds at least and at most. */
  choiceMin: number;
  choiceMax: number;
  attributes: Map<string, CompiledAttribute>;
  required: CompiledAttribute[];
  /** Bits of the required attributes. */
  requiredMask: number;
  text: CompiledSimple | undefined;
  particles: CompiledParticle[];
  uniques: CompiledUnique[];
  /**
   * The declarations the attributes of the last start tag of this type resolved to, by position:
   * files write an element's attributes in the same order every time, so a name compared with
   * the one at its position replaces most lookups in `attributes`.
   */
  lastAttrNames: string[];
  lastAttrDecls: (CompiledAttribute | undefined)[];
}

/** Positions of `CompiledType.lastAttrNames` (made full at once, so their element kind never changes). */
export const LAST_ATTRIBUTES = 32;
const lastAttrNames = (): string[] => new Array<string>(LAST_ATTRIBUTES).fill('');
const lastAttrDecls = (): (CompiledAttribute | undefined)[] => new Array<CompiledAttribute | undefined>(LAST_ATTRIBUTES).fill(undefined);

export interface CompiledRuleSet {
  rules: RuleSet;
  root: CompiledParticle;
  /** Attributes declared by all its types (`CompiledAttribute.index` is below it). */
  attributeCount: number;
}

const cache = new WeakMap<RuleSet, CompiledRuleSet>();

/** Compiles (once) a rule set. Throws on a reference to an undeclared type: a bug of the rule file. */
export function compileRuleSet(rules: RuleSet): CompiledRuleSet {
  const known = cache.get(rules);
  if (known) return known;
  const simples = new Map<SimpleType, CompiledSimple>();
  const simple = (t: SimpleType): CompiledSimple => {
    let c = simples.get(t);
    if (!c) simples.set(t, (c = compileSimple(t)));
    return c;
  };
  const roleOf = (name: string): number =>
    (rules.kept.includes(name) ? ROLE_KEPT : 0) | (name === rules.bilans.periodic ? ROLE_PERIODIC : 0) |
    (name === rules.bilans.cycle ? ROLE_CYCLE : 0) | (name === rules.bilans.pupilKind ? ROLE_PUPIL : 0);
  for (const rule of Object.values(rules.labels)) {
    if (!rules.kept.includes(rule.kind)) throw new Error(`Rule set ${rules.id}: labels read ${rule.kind}, which is not kept`);
  }
  const complexes = new Map<string, CompiledType>();
  let attributeCount = 0;
  const textTypes = new Map<SimpleType, CompiledType>();

  const typeOf = (ref: string | SimpleType): CompiledType => {
    if (typeof ref !== 'string') {
      let t = textTypes.get(ref);
      if (!t) {
        t = {
          name: ref.name, mode: 'text', choiceMin: 0, choiceMax: 0, attributes: new Map(), required: [], requiredMask: 0, text: simple(ref), particles: [], uniques: [],
          lastAttrNames: lastAttrNames(), lastAttrDecls: lastAttrDecls(),
        };
        textTypes.set(ref, t);
      }
      return t;
    }
    const existing = complexes.get(ref);
    if (existing) return existing;
    const def: ComplexType | undefined = rules.types[ref];
    if (!def) throw new Error(`Rule set ${rules.id}: type ${ref} is not declared`);
    const compiled: CompiledType = {
      name: ref,
      mode: def.sequence ? 'sequence' : def.all ? 'all' : def.choice ? 'choice' : def.text ? 'text' : 'empty',
      choiceMin: def.choice?.min ?? 0,
      choiceMax: def.choice?.max ?? 0,
      attributes: new Map(),
      required: [],
      requiredMask: 0,
      text: def.text ? simple(def.text) : undefined,
      particles: [],
      uniques: [],
      lastAttrNames: lastAttrNames(),
      lastAttrDecls: lastAttrDecls(),
    };
    complexes.set(ref, compiled);
    let bit = 0;
    for (const [name, rule] of Object.entries(def.attributes ?? {})) {
      const base = rule.type.base;
      const isRef = base === 'IDREF' || base === 'IDREFS';
      const attribute: CompiledAttribute = {
        name, rule, simple: simple(rule.type), bit: bit++, index: attributeCount++, isId: base === 'ID', isRef,
        namesTeacher: isRef && rule.targets?.includes(rules.bilans.teacherKind) === true, validBySlot: undefined,
      };
      if (attribute.bit > 30) throw new Error(`Rule set ${rules.id}: too many attributes on ${ref}`);
      compiled.attributes.set(name, attribute);
      if (rule.required) {
        compiled.required.push(attribute);
        compiled.requiredMask |= 1 << attribute.bit;
      }
    }
    compiled.particles = (def.sequence ?? def.all ?? def.choice?.options ?? []).map((p: Particle): CompiledParticle => ({ failed: false, name: p.name, min: p.min, max: p.max, type: typeOf(p.type), role: roleOf(p.name) }));
    compiled.uniques = (def.unique ?? []).map((u) => {
      const selected = compiled.particles.find((p) => p.name === u.selector);
      if (!selected) throw new Error(`Rule set ${rules.id}: unique on ${ref} selects unknown child ${u.selector}`);
      return { selector: u.selector, fields: u.fields, fieldAttributes: u.fields.map((f) => selected.type.attributes.get(f)) };
    });
    return compiled;
  };

  const result: CompiledRuleSet = { rules, root: { failed: false, name: rules.root.name, min: 1, max: 1, type: typeOf(rules.root.type), role: 0 }, attributeCount: 0 };
  for (const name of Object.keys(rules.types)) typeOf(name);
  result.attributeCount = attributeCount;
  cache.set(rules, result);
  return result;
}
