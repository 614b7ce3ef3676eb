/**
 * The small declarative language rule sets are written in. A rule set names complex types
 * (attributes, then either empty content, text of a simple type, a sequence or an `all` group
 * of element particles), the simple types of values with their facets, the `unique` constraints
 * of each container and, for every IDREF, the kinds of element it may point at.
 */
import type { LsuPeriod, LsuPupil, LsuTeacherRef, LsuFamily, LsuLabels } from '../types.ts';

export type SimpleBase =
  | 'string'
  | 'int'
  | 'integer'
  | 'positiveInteger'
  | 'nonNegativeInteger'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'dateTime'
  | 'ID'
  | 'IDREF'
  | 'IDREFS';

/** A simple type: a built-in base restricted by facets. */
export interface SimpleType {
  /** Name used in messages, e.g. `Chaine600`. */
  name: string;
  base: SimpleBase;
  length?: number;
  minLength?: number;
  maxLength?: number;
  /** XSD regular expressions; a value must match each of them (anchored). */
  patterns?: string[];
  enumeration?: string[];
  minInclusive?: string;
  maxInclusive?: string;
  minExclusive?: string;
  maxExclusive?: string;
  totalDigits?: number;
  fractionDigits?: number;
  /** Beyond the XSD: the `YYYY-MM-DD` part of the value must be a day that exists. */
  realDate?: boolean;
}

export interface AttributeRule {
  type: SimpleType;
  required: boolean;
  /** For IDREF and IDREFS: element names the reference may point at. */
  targets?: string[];
}

export interface Particle {
  name: string;
  /** A complex type name of the rule set, or a simple type for a text-only element. */
  type: string | SimpleType;
  min: number;
  max: number;
}

export interface UniqueRule {
  /** Child element the constraint selects. */
  selector: string;
  /** Attributes whose values, together, must not repeat among the selected children. */
  fields: string[];
}

export interface ComplexType {
  attributes?: Record<string, AttributeRule>;
  /** Text content of this simple type (simpleContent); absent with `sequence`/`all` = empty. */
  text?: SimpleType;
  sequence?: Particle[];
  all?: Particle[];
  /**
   * A repeated choice as the whole content: between `min` and `max` children, each one of the
   * options (elements that occur once per choice; a file's element may repeat across choices).
   */
  choice?: { min: number; max: number; options: Particle[] };
  unique?: UniqueRule[];
}

export interface RuleSet {
  /** Identifier of the rule set, e.g. `college-10.0`. */
  id: string;
  /** Set when a file of a newer, unknown version is checked against this (older) rule set, provisionally. */
  provisional?: { declared: string; checkedAgainst: string };
  family: LsuFamily;
  /** `schemaVersion` values this rule set validates. */
  versions: string[];
  namespace: string;
  root: Particle;
  types: Record<string, ComplexType>;
  /** Element names of the header fields inside the root's `entete`. */
  header: { uai: string; editor: string; application: string };
  bilans: {
    periodic: string;
    cycle: string;
    pupilRef: string;
    periodRef: string;
    cycleAttr: string;
    pupilKind: string;
    periodKind: string;
    teacherKind: string;
  };
  /** Element kinds whose attributes (and text, for a text-only one: `KEPT_TEXT`) are kept to resolve bilans and build labels. */
  kept: string[];
  /** The report's labels: for each kind of declaration bilans refer to, how it reads (kinds listed in `kept`). */
  labels: LabelRules;
  /** Builds the public records from kept attributes; `lookup` finds another kept element by ID. */
  project: {
    pupil(attrs: Record<string, string>, lookup: KeptLookup): LsuPupil;
    period(attrs: Record<string, string>): LsuPeriod;
    teacher(attrs: Record<string, string>): LsuTeacherRef;
  };
}

/** Finds a kept element's attributes by ID. */
export type KeptLookup = (id: string) => Record<string, string> | undefined;

/** How the declarations of one element kind become labels of the report. */
export interface LabelRule<T> {
  /** Element name of the declarations; it must be listed in `kept`. */
  kind: string;
  project(attrs: Record<string, string>, lookup: KeptLookup): T;
}

/** One rule per category of `LsuLabels` the family has. */
export type LabelRules = { [K in keyof LsuLabels]?: LabelRule<LsuLabels[K][string]> };

/** Key of a kept text-only element's text among its kept attributes (no attribute can be named so). */
export const KEPT_TEXT = '#text';

export const UNBOUNDED = Number.POSITIVE_INFINITY;

/**
 * The ministry's "not blank" pattern: at least one non-whitespace character and no carriage return
 * (XSD `.` excludes CR and LF, and only LF is re-admitted). The engine checks text carrying only
 * this pattern on bytes, without decoding it.
 */
export const NON_BLANK = '(.|\\n)*[^\\s](.|\\n)*';

/** An element particle: `el('eleve', 'Eleve', 1, UNBOUNDED)`. */
export function el(name: string, type: string | SimpleType, min = 1, max = 1): Particle {
  return { name, type, min, max };
}

/** A required attribute. */
export function req(type: SimpleType, targets?: string[]): AttributeRule {
  return targets ? { type, required: true, targets } : { type, required: true };
}

/** An optional attribute. */
export function opt(type: SimpleType, targets?: string[]): AttributeRule {
  return targets ? { type, required: false, targets } : { type, required: false };
}

/** A collection element's type: one or more `item` children of type `itemType`. */
export function collection(item: string, itemType: string | SimpleType, unique?: UniqueRule[]): ComplexType {
  return unique ? { sequence: [el(item, itemType, 1, UNBOUNDED)], unique } : { sequence: [el(item, itemType, 1, UNBOUNDED)] };
}

/** `unique(selector, ...fields)`. */
export function unique(selector: string, ...fields: string[]): UniqueRule {
  return { selector, fields };
}

/** Copy of `type` with attributes added or replaced, and those mapped to null removed. */
export function patchAttributes(type: ComplexType | undefined, changes: Record<string, AttributeRule | null>): ComplexType {
  if (!type) throw new Error('patchAttributes: unknown type');
  const attributes: Record<string, AttributeRule> = { ...type.attributes };
  for (const [name, rule] of Object.entries(changes)) {
    if (rule === null) delete attributes[name];
    else attributes[name] = rule;
  }
  return { ...type, attributes };
}

/** Copy of a sequence type with the particle `name` replaced. */
export function patchParticle(type: ComplexType | undefined, name: string, particle: Partial<Particle>): ComplexType {
  if (!type?.sequence) throw new Error(`patchParticle: no sequence holding ${name}`);
  return { ...type, sequence: type.sequence.map((p) => (p.name === name ? { ...p, ...particle } : p)) };
}
