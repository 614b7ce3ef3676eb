/** Compiles a simple type of the DSL into a value checker with the XSD's semantics. */
import { NON_BLANK, type SimpleType } from './dsl.ts';
import { xsdRegex } from './xsd-regex.ts';
import {
  canonicalDecimal, checkDate, checkDateTime, codePointLength, collapse, compareDecimal, isNcName,
  leadingDateExists, parseDecimal, type DecimalParts,
} from './lexical.ts';

/** What is wrong with a value: a stable code and the message parameters. */
export interface ValueProblem {
  code: string;
  params: Record<string, string | number>;
}

export interface CompiledSimple {
  name: string;
  def: SimpleType;
  /** Null when the value is valid. */
  check(value: string): ValueProblem | null;
  /** The value as `unique` constraints compare it (whitespace processed, numbers canonical). */
  key(value: string): string;
  /** IDREFS and IDREF: the referenced IDs, whitespace-separated and collapsed. */
  isList: boolean;
  /** For plain strings: the same check from the character count and blankness of the text. */
  checkSummary?: (chars: number, nonBlank: boolean, hasCr: boolean) => ValueProblem | null;
}

const INTEGER_BOUNDS: Partial<Record<SimpleType['base'], [string | undefined, string | undefined]>> = {
  int: ['-2147483648', '2147483647'],
  integer: [undefined, undefined],
  positiveInteger: ['1', undefined],
  nonNegativeInteger: ['0', undefined],
};

const problem = (code: string, params: Record<string, string | number> = {}): ValueProblem => ({ code, params });

/** Builds the checker of one simple type; results for short values are remembered. */
export function compileSimple(def: SimpleType): CompiledSimple {
  const compiled = compileUncached(def);
  // String and single-name checks are cheaper than a lookup; numbers, dates and lists are not.
  const cheap = def.base === 'string' || def.base === 'ID' || def.base === 'IDREF';
  const patterns = def.patterns ?? [];
  let checkSummary: CompiledSimple['checkSummary'];
  if (def.base === 'string' && !def.enumeration && !def.realDate && patterns.every((p) => p === NON_BLANK)) {
    const nonBlankRequired = patterns.length > 0;
    const lengths = shaped(def);
    checkSummary = (chars, nonBlank, hasCr) => {
      const length = lengthProblem(lengths, chars);
      if (length) return length;
      return nonBlankRequired && (!nonBlank || hasCr) ? problem('facet.pattern', { pattern: NON_BLANK }) : null;
    };
  }
  // Every compiled type has the same properties in the same order: the validator's calls stay monomorphic.
  return {
    name: compiled.name,
    def,
    check: cheap ? compiled.check : remember(compiled.check),
    key: cheap ? compiled.key : remember(compiled.key),
    isList: compiled.isList,
    checkSummary,
  };
}

const MEMO_MAX_VALUE = 40;
const MEMO_MAX_ENTRIES = 4096;

/**
 * LSU values repeat a lot (references, averages, dates, codes): remembering the verdict for short
 * values turns most checks into one Map lookup on a string the tokenizer already interned.
 */
function remember<R>(fn: (value: string) => R): (value: string) => R {
  const memo = new Map<string, R>();
  return (value) => {
    if (value.length > MEMO_MAX_VALUE) return fn(value);
    const known = memo.get(value);
    if (known !== undefined || memo.has(value)) return known as R;
    const result = fn(value);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
    memo.set(value, result);
    return result;
  };
}

function compileUncached(original: SimpleType): CompiledSimple {
  const def = shaped(original);
  const patterns = (def.patterns ?? []).map((p) => ({ source: p, re: xsdRegex(p) }));
  const enumeration = def.enumeration ? new Set(def.enumeration) : undefined;
  const facets = (lexical: string): ValueProblem | null => {
    for (const p of patterns) if (!p.re.test(lexical)) return problem('facet.pattern', { pattern: p.source });
    if (enumeration && !enumeration.has(lexical)) return problem('facet.enumeration', { allowed: [...enumeration].join(', ') });
    if (def.realDate && !leadingDateExists(lexical)) return problem('date.impossible');
    return null;
  };
  const base = def.base;
  const plain = patterns.length === 0 && !enumeration && !def.realDate;
  const bounds = INTEGER_BOUNDS[base];
  if (bounds !== undefined || base === 'decimal') {
    const integer = bounds !== undefined;
    const min = parseBound(def.minInclusive ?? bounds?.[0]);
    const max = parseBound(def.maxInclusive ?? bounds?.[1]);
    const minExclusive = parseBound(def.minExclusive);
    const maxExclusive = parseBound(def.maxExclusive);
    const parse = (raw: string): DecimalParts | undefined => {
      const v = collapse(raw);
      return integer && !/^[+-]?[0-9]+$/.test(v) ? undefined : parseDecimal(v);
    };
    return {
      name: def.name, def, isList: false,
      check(raw) {
        const v = collapse(raw);
        const d = parse(raw);
        if (!d) return problem(integer ? 'type.integer' : 'type.decimal');
        const f = facets(v);
        if (f) return f;
        if (min && compareDecimal(d, min.parts) < 0) return problem('facet.minInclusive', { min: min.text });
        if (max && compareDecimal(d, max.parts) > 0) return problem('facet.maxInclusive', { max: max.text });
        if (minExclusive && compareDecimal(d, minExclusive.parts) <= 0) return problem('facet.minExclusive', { min: minExclusive.text });
        if (maxExclusive && compareDecimal(d, maxExclusive.parts) >= 0) return problem('facet.maxExclusive', { max: maxExclusive.text });
        if (def.totalDigits !== undefined && (d.int.length + d.frac.length) > def.totalDigits) return problem('facet.totalDigits', { max: def.totalDigits });
        if (def.fractionDigits !== undefined && d.frac.length > def.fractionDigits) return problem('facet.fractionDigits', { max: def.fractionDigits });
        return null;
      },
      key: (raw) => {
        const d = parse(raw);
        return d ? canonicalDecimal(d) : raw;
      },
    };
  }
  switch (base) {
    case 'string':
      return { name: def.name, def, isList: false, check: (v) => checkString(def, v) ?? facets(v), key: (v) => v };
    case 'boolean':
      return {
        name: def.name, def, isList: false,
        check: (raw) => (/^(true|false|1|0)$/.test(collapse(raw)) ? facets(collapse(raw)) : problem('type.boolean')),
        key: (raw) => (/^(true|1)$/.test(collapse(raw)) ? 'true' : 'false'),
      };
    case 'date':
    case 'dateTime':
      return {
        name: def.name, def, isList: false,
        check(raw) {
          // Not collapsed: libxml2, the reference verdict, refuses " 2025-09-01 " in an attribute.
          const v = raw;
          const verdict = base === 'date' ? checkDate(v) : checkDateTime(v);
          if (verdict === 'syntax') return problem(base === 'date' ? 'type.date' : 'type.dateTime');
          if (verdict === 'impossible') return problem('date.impossible');
          return facets(v);
        },
        key: collapse,
      };
    case 'ID':
    case 'IDREF':
      return {
        name: def.name, def, isList: false,
        check(raw) {
          const v = collapse(raw);
          if (!isNcName(v)) return problem('type.ncname');
          return plain ? null : facets(v);
        },
        key: collapse,
      };
    case 'IDREFS':
      return {
        name: def.name, def, isList: true,
        check(raw) {
          const v = collapse(raw);
          const items = v === '' ? [] : v.split(' ');
          if (items.length === 0) return problem('idrefs.empty');
          const bad = items.find((item) => !isNcName(item));
          if (bad !== undefined) return problem('type.ncname', { item: bad });
          if (def.minLength !== undefined && items.length < def.minLength) return problem('facet.minItems', { min: def.minLength, count: items.length });
          return facets(v);
        },
        key: collapse,
      };
    case 'int':
    case 'integer':
    case 'positiveInteger':
    case 'nonNegativeInteger':
      throw new Error(`Numeric base ${base} is compiled above`);
  }
}

/**
 * The type with every facet present (undefined when absent), in one order: the checks read
 * facets from objects of one shape, whatever the rule file wrote.
 */
function shaped(def: SimpleType): SimpleType {
  return {
    name: def.name, base: def.base, length: def.length, minLength: def.minLength, maxLength: def.maxLength, patterns: def.patterns,
    enumeration: def.enumeration, minInclusive: def.minInclusive, maxInclusive: def.maxInclusive, minExclusive: def.minExclusive,
    maxExclusive: def.maxExclusive, totalDigits: def.totalDigits, fractionDigits: def.fractionDigits, realDate: def.realDate,
  };
}

function checkString(def: SimpleType, v: string): ValueProblem | null {
  const { length, minLength, maxLength } = def;
  if (length === undefined && minLength === undefined && maxLength === undefined) return null;
  // UTF-16 length is an upper bound of the character count: count only when it matters.
  const n = v.length;
  const chars = (length !== undefined && n >= length) || (maxLength !== undefined && n > maxLength) || (minLength !== undefined && n < 2 * minLength) ? codePointLength(v) : n;
  return lengthProblem(def, chars);
}

function lengthProblem(def: SimpleType, chars: number): ValueProblem | null {
  const { length, minLength, maxLength } = def;
  if (length !== undefined && chars !== length) return problem('facet.length', { expected: length, count: chars });
  if (minLength !== undefined && chars < minLength) return problem(chars === 0 ? 'facet.empty' : 'facet.minLength', { min: minLength, count: chars });
  if (maxLength !== undefined && chars > maxLength) return problem('facet.maxLength', { max: maxLength, count: chars });
  return null;
}

function parseBound(text: string | undefined): { text: string; parts: DecimalParts } | undefined {
  if (text === undefined) return undefined;
  const parts = parseDecimal(text);
  if (!parts) throw new Error(`Bad numeric facet ${text}`);
  return { text, parts };
}
