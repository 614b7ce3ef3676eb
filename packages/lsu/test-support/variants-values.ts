/**
 * Values that break exactly one facet (or the built-in lexical space) of a simple type, and
 * boundary values that must stay valid. Derived from the facets read from the XSD.
 */
import { resolveSimple, type XsdModel } from './xsd-model.ts';
import type { VariantExpectation } from './variant-kit.ts';

export interface ValueCase { rule: string; value: string; expect: VariantExpectation }

const INTEGER_LEXICAL: Record<string, RegExp> = {
  'xs:positiveInteger': /^\+?0*[1-9]\d*$/,
  'xs:nonNegativeInteger': /^(\+?\d+|-0+)$/,
  'xs:int': /^[+-]?\d+$/,
  'xs:decimal': /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
};

/** Lexical violations of built-in types, with what libxml2 says about them. */
const BASE_CASES: Record<string, ValueCase[]> = {
  'xs:positiveInteger': [{ rule: 'base:xs:positiveInteger', value: '0', expect: 'invalid' }, { rule: 'base:xs:positiveInteger', value: 'P12', expect: 'invalid' }],
  'xs:nonNegativeInteger': [{ rule: 'base:xs:nonNegativeInteger', value: '-1', expect: 'invalid' }],
  'xs:int': [{ rule: 'base:xs:int', value: '2147483648', expect: 'invalid' }, { rule: 'base:xs:int', value: '1.5', expect: 'invalid' }],
  'xs:decimal': [{ rule: 'base:xs:decimal', value: '12,5', expect: 'invalid' }, { rule: 'base:xs:decimal', value: '9/20', expect: 'invalid' }, { rule: 'base:xs:decimal', value: 'Abs', expect: 'invalid' }],
  'xs:boolean': [{ rule: 'base:xs:boolean', value: 'yes', expect: 'invalid' }, { rule: 'base:xs:boolean', value: 'TRUE', expect: 'invalid' }],
  'xs:date': [
    { rule: 'base:xs:date', value: '01/12/2024', expect: 'invalid' }, { rule: 'base:xs:date', value: '2024-12-01T10:00:00', expect: 'invalid' },
    { rule: 'impossible-date:xs:date', value: '2025-02-30', expect: 'invalid' }, { rule: 'impossible-date:xs:date', value: '2025-02-29', expect: 'invalid' },
  ],
  'xs:dateTime': [
    { rule: 'base:xs:dateTime', value: '2024-12-01', expect: 'invalid' }, { rule: 'base:xs:dateTime', value: '2024-12-01 10:00:00', expect: 'invalid' },
    { rule: 'impossible-date:xs:dateTime', value: '2025-02-30T10:00:00', expect: 'invalid' },
  ],
  'xs:ID': [{ rule: 'base:xs:ID', value: '01', expect: 'invalid' }, { rule: 'base:xs:ID', value: 'EL 1', expect: 'invalid' }],
  'xs:IDREF': [{ rule: 'base:xs:IDREF', value: '1X', expect: 'invalid' }],
};

/** Values libxml2 accepts although a careless validator might not. */
const BASE_EDGES: Record<string, string[]> = {
  'xs:decimal': ['20', '20.00', '0', '12.500', '+5', '.5', '-0', '019.99'],
  'xs:boolean': ['1', '0', ' true '],
  'xs:date': ['2025-12-01Z', '2025-12-01+02:00', '2024-02-29'],
  'xs:dateTime': ['2025-12-01T10:00:00Z', '2025-12-01T10:00:00.5', '2024-02-29T23:59:59+01:00'],
};

/** XSD regular expression → anchored JS one (enough for the LSU patterns). */
export function xsdPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern.replace(/(?<!\\)\./g, '[^\\n\\r]')})$`, 'u');
}

const PATTERN_CANDIDATES = ['5', '4', '3', '2', '9', '03', '   ', '2024-01-01 10:00:00', '2024-01-01T10:00'];

/** Cases for one simple type (`current` is the value found in the base document). */
export function valueCases(model: XsdModel, type: string, current: string): ValueCase[] {
  const { builtin, facets, name, list } = resolveSimple(model, type);
  if (list) return [];
  const cases: ValueCase[] = [...(BASE_CASES[builtin] ?? []).map((c) => ({ ...c }))];
  const facet = (kind: string) => facets.find((f) => f.kind === kind)?.value;
  const lengthOf = (v: string) => [...v].length;
  const [min, max, len] = [facet('minLength'), facet('maxLength'), facet('length')].map((v) => (v === undefined ? undefined : Number(v)));
  const patterns = facets.filter((f) => f.kind === 'pattern').map((f) => xsdPattern(f.value));
  const enums = facets.filter((f) => f.kind === 'enumeration').map((f) => f.value);
  const filler = (n: number, ch = 'é') => ch.repeat(n);
  if (enums.length > 0) cases.push({ rule: `enumeration:${name}`, value: 'ZZ_INCONNU', expect: 'invalid' }, { rule: `enumeration:${name}`, value: `${enums[0]?.toLowerCase()}x`, expect: 'invalid' });
  if (len !== undefined) {
    cases.push({ rule: `length:${name}`, value: filler(len + 1, 'A'), expect: 'invalid' }, { rule: `length:${name}`, value: filler(len - 1, 'A'), expect: 'invalid' });
    if (patterns.length === 0) cases.push({ rule: `edge:length:${name}`, value: filler(len), expect: 'valid' });
  }
  if (min !== undefined && min > 0) cases.push({ rule: `minLength:${name}`, value: '', expect: 'invalid' });
  const fits = (v: string) => patterns.every((p) => p.test(v));
  if (max !== undefined) {
    // A repeated date still matches StringDateTime's `(…)+` pattern, so only the length is broken.
    const tooLong = [filler(max + 1), '2025-12-01'.repeat(10).slice(0, max + 1)].find(fits) ?? filler(max + 1);
    cases.push({ rule: `maxLength:${name}`, value: tooLong, expect: 'invalid' });
    if (fits(filler(max))) cases.push({ rule: `edge:maxLength:${name}`, value: filler(max), expect: 'valid' }, { rule: `edge:maxLength-astral:${name}`, value: filler(max, '😀'), expect: 'valid' });
  }
  if (patterns.length > 0 && builtin === 'xs:string' && patterns.some((p) => p.test('a\nb'))) {
    cases.push({ rule: `pattern:${name}`, value: '   ', expect: 'invalid' }, { rule: `pattern:${name}`, value: '\t', expect: 'invalid' });
    cases.push({ rule: `pattern-cr:${name}`, value: max !== undefined && max < 20 ? 'a\rb' : 'Texte\rsuite', expect: 'invalid' });
    if (min === 0) cases.push({ rule: `pattern-empty:${name}`, value: '', expect: 'invalid' });
    const short = max !== undefined && max < 20;
    cases.push({ rule: `edge:pattern-lf:${name}`, value: short ? 'a\nb' : 'Ligne un\nligne deux', expect: 'valid' }, { rule: `edge:pattern-spaces:${name}`, value: short ? ' é ' : '  Texte entouré  ', expect: 'valid' });
  } else if (patterns.length > 0) {
    const lexical = INTEGER_LEXICAL[builtin];
    const value = PATTERN_CANDIDATES.find((v) => (!lexical || lexical.test(v)) && (min === undefined || lengthOf(v) >= min) && (max === undefined || lengthOf(v) <= max) && !patterns.every((p) => p.test(v)));
    if (value === undefined) throw new Error(`no pattern counter-example for ${name}`);
    cases.push({ rule: `pattern:${name}`, value, expect: 'invalid' });
  }
  if (enums.length === 0 && INTEGER_LEXICAL[builtin] && builtin !== 'xs:decimal') {
    cases.push({ rule: `edge:collapse:${name}`, value: `  ${current}  `, expect: 'valid' }, { rule: `edge:leading-zero:${name}`, value: `0${current}`, expect: patterns.length > 0 ? 'invalid' : 'valid' });
  }
  const maxInc = facet('maxInclusive');
  const minInc = facet('minInclusive');
  const fraction = facet('fractionDigits');
  const total = facet('totalDigits');
  if (maxInc !== undefined) cases.push({ rule: `maxInclusive:${name}`, value: builtin === 'xs:decimal' ? (Number(maxInc) + 0.01).toFixed(2) : String(Number(maxInc) + 1), expect: 'invalid' }, { rule: `edge:maxInclusive:${name}`, value: maxInc, expect: 'valid' });
  if (minInc !== undefined) cases.push({ rule: `minInclusive:${name}`, value: (Number(minInc) - 0.01).toFixed(2), expect: 'invalid' }, { rule: `edge:minInclusive:${name}`, value: minInc, expect: 'valid' });
  if (fraction !== undefined) cases.push({ rule: `fractionDigits:${name}`, value: `1.${'1'.repeat(Number(fraction) + 1)}`, expect: 'invalid' });
  if (total !== undefined) cases.push({ rule: `totalDigits:${name}`, value: `1.${'2'.repeat(Number(total))}`, expect: 'invalid' });
  if (builtin === 'xs:decimal') for (const value of BASE_EDGES['xs:decimal'] ?? []) cases.push({ rule: `edge:lexical:${name}`, value, expect: 'valid' });
  else for (const value of BASE_EDGES[builtin] ?? []) cases.push({ rule: `edge:lexical:${builtin}`, value, expect: 'valid' });
  if (builtin === 'xs:string' && patterns.some((p) => p.source.includes('\\d{4}'))) {
    cases.push({ rule: `impossible-date:${name}`, value: '2025-02-30T10:00:00', expect: 'blind-spot' }, { rule: `impossible-date:${name}`, value: '2025-13-45', expect: 'blind-spot' });
    cases.push({ rule: `edge:date-only:${name}`, value: '2025-12-01', expect: 'valid' });
  }
  return cases;
}
