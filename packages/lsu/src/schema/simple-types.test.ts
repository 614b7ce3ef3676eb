import { describe, expect, it } from 'vitest';
import { compileSimple } from './simple-types.ts';
import { xsdRegex } from './xsd-regex.ts';
import { NON_BLANK, type SimpleType } from './dsl.ts';

const verdict = (type: SimpleType, value: string): string => compileSimple(type).check(value)?.code ?? 'ok';

describe('XSD regular expressions', () => {
  it('are anchored and follow the XSD meaning of ., \\s and \\d', () => {
    expect(xsdRegex('[1-4]').test('3')).toBe(true);
    expect(xsdRegex('[1-4]').test('03')).toBe(false);
    const nonBlank = xsdRegex(NON_BLANK);
    expect(['a', ' a\n b ', 'é😀'].map((v) => nonBlank.test(v))).toEqual([true, true, true]);
    expect(['', ' \t\n', 'a\rb'].map((v) => nonBlank.test(v))).toEqual([false, false, false]);
    expect(xsdRegex('\\d{2}').test('٣٤')).toBe(true);
    expect(xsdRegex('a^b$').test('a^b$')).toBe(true);
  });

  it('stays linear on long texts', () => {
    expect(xsdRegex(NON_BLANK).test(`${' '.repeat(200_000)}x`)).toBe(true);
  });
});

describe('simple types', () => {
  const chaine: SimpleType = { name: 'Chaine5', base: 'string', minLength: 1, maxLength: 5, patterns: [NON_BLANK] };
  it('count lengths in code points and keep whitespace of strings', () => {
    expect(verdict(chaine, '😀😀😀😀😀')).toBe('ok');
    expect(verdict(chaine, 'éééééé')).toBe('facet.maxLength');
    expect(verdict(chaine, '')).toBe('facet.empty');
    expect(verdict(chaine, '   ')).toBe('facet.pattern');
    expect(verdict({ name: 'Uai', base: 'string', length: 8 }, ' 0382032')).toBe('ok');
  });

  it('check the same strings from their length and blankness alone', () => {
    const summary = compileSimple(chaine).checkSummary!;
    expect(summary(5, true, false)).toBeNull();
    expect(summary(6, true, false)?.code).toBe('facet.maxLength');
    expect(summary(3, false, false)?.code).toBe('facet.pattern');
    expect(summary(3, true, true)?.code).toBe('facet.pattern');
  });

  it('collapse whitespace of integers, decimals, booleans and dates before checking', () => {
    const position: SimpleType = { name: 'P', base: 'positiveInteger', patterns: ['[1-4]'] };
    expect([' 3 ', '03', '0', '5', 'x'].map((v) => verdict(position, v))).toEqual(['ok', 'facet.pattern', 'facet.pattern', 'facet.pattern', 'type.integer']);
    expect(verdict({ name: 'int', base: 'int' }, '2147483648')).toBe('facet.maxInclusive');
    expect(verdict({ name: 'int', base: 'int' }, '-2147483648')).toBe('ok');
    expect(verdict({ name: 'n', base: 'nonNegativeInteger', maxInclusive: '999' }, '1000')).toBe('facet.maxInclusive');
    expect(['true', ' 1 ', 'yes'].map((v) => verdict({ name: 'b', base: 'boolean' }, v))).toEqual(['ok', 'ok', 'type.boolean']);
  });

  it('check decimals with ranges, total and fraction digits on the value, not its spelling', () => {
    const average: SimpleType = { name: 'M', base: 'decimal', minInclusive: '0.00', maxInclusive: '20.00', fractionDigits: 2, totalDigits: 4 };
    const values = ['12.5', '012.5', '20', '-0', '12.50', '20.001', '12,5', '1.125', '-0.01', '.5', '5.'];
    expect(values.map((v) => verdict(average, v))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'facet.maxInclusive', 'type.decimal', 'facet.fractionDigits', 'facet.minInclusive', 'ok', 'ok']);
  });

  it('check that dates exist', () => {
    const date: SimpleType = { name: 'd', base: 'date' };
    expect(['2024-02-29', '2025-02-29', '2025-13-01', '2025-12-01Z', '2025-12-01T10:00:00', '01/12/2025'].map((v) => verdict(date, v)))
      .toEqual(['ok', 'date.impossible', 'date.impossible', 'ok', 'type.date', 'type.date']);
    const dateTime: SimpleType = { name: 'dt', base: 'dateTime' };
    expect(['2025-12-01T10:00:00', '2025-12-01T24:00:00', '2025-12-01T25:00:00', '2025-12-01'].map((v) => verdict(dateTime, v)))
      .toEqual(['ok', 'ok', 'date.impossible', 'type.dateTime']);
    const stringDate: SimpleType = { name: 'S', base: 'string', patterns: ['(\\d{4}-\\d{2}-\\d{2})+(T\\d{2}:\\d{2}:\\d{2})?'], realDate: true };
    expect(['2024-12-01', '2024-13-45T99:99:99', '2024-12-01 10:00:00'].map((v) => verdict(stringDate, v))).toEqual(['ok', 'date.impossible', 'facet.pattern']);
  });

  it('check ID syntax and IDREFS lists', () => {
    expect(['EL_1', 'é1', '1EL', 'a:b', ''].map((v) => verdict({ name: 'ID', base: 'ID' }, v))).toEqual(['ok', 'ok', 'type.ncname', 'type.ncname', 'type.ncname']);
    const refs: SimpleType = { name: 'R', base: 'IDREFS', minLength: 2 };
    expect(['A B', ' A  B ', 'A', '', 'A 1'].map((v) => verdict(refs, v))).toEqual(['ok', 'ok', 'facet.minItems', 'idrefs.empty', 'type.ncname']);
  });

  it('give unique constraints typed keys', () => {
    const integer = compileSimple({ name: 'i', base: 'positiveInteger' });
    expect(integer.key('01')).toBe(integer.key(' 1'));
    const decimal = compileSimple({ name: 'd', base: 'decimal' });
    expect(decimal.key('12.50')).toBe(decimal.key('012.5'));
  });
});
