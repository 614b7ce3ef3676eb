import { describe, expect, it } from 'vitest';
import type { Locale } from '../common.ts';
import { MESSAGES, renderMessage, type MessageCode } from './catalogue.ts';
import type { LocalizedMessage, MessageParams, MessageText } from './format.ts';

// Every code the console can receive is a catalogue code: each must read as a finished sentence in
// both languages once given the parameters its text documents (its placeholders).
const LOCALES: readonly Locale[] = ['fr', 'en'];
const CODES = Object.keys(MESSAGES) as MessageCode[];

const forms = (text: MessageText): string[] => (typeof text === 'string' ? [text] : [text.one, text.other]);
const placeholders = (entry: LocalizedMessage): string[] =>
  [...new Set([...forms(entry.fr), ...forms(entry.en)].flatMap((form) => [...form.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!)))].sort();
const ellipses = (text: string): number => text.split('…').length - 1;

/** Each documented parameter as a recognisable string, `count` as each plural form's number. */
function sampleParams(entry: LocalizedMessage): MessageParams[] {
  const names = placeholders(entry);
  const named = Object.fromEntries(names.map((name) => [name, `‹${name}›`]));
  return names.includes('count') ? [1, 2].map((count) => ({ ...named, count })) : [named];
}

describe('every catalogue code in French and English', () => {
  it.each(LOCALES)('renders in %s with every documented parameter filled and no placeholder left', (locale) => {
    const problems: string[] = [];
    for (const code of CODES) {
      const entry: LocalizedMessage = MESSAGES[code];
      for (const params of sampleParams(entry)) {
        const text = renderMessage({ code, params }, locale);
        const template = forms(entry[locale]).join(' ');
        if (/\{\{|\}\}|\{\w+\}/.test(text)) problems.push(`${code}: leftover placeholder in "${text}"`);
        if (ellipses(text) > ellipses(template)) problems.push(`${code}: a parameter read as "…" in "${text}"`);
        if (text.trim() === '' || text === code) problems.push(`${code}: no text`);
        for (const name of placeholders(entry).filter((n) => n !== 'count')) {
          if (template.includes(`{{${name}}}`) && !text.includes(`‹${name}›`)) problems.push(`${code}: {{${name}}} not shown`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['fr', '12\u202f345,5', '123,46\u00a0€'],
    ['en', '12,345.5', '€123.46'],
  ] as const)('writes every numeric parameter the %s way (%s), amounts in cents as money (%s)', (locale, written, money) => {
    const problems: string[] = [];
    for (const code of CODES) {
      const entry: LocalizedMessage = MESSAGES[code];
      const names = placeholders(entry);
      if (names.length === 0) continue;
      const text = renderMessage({ code, params: Object.fromEntries(names.map((name) => [name, 12345.5])) }, locale);
      const holes = forms(entry[locale]).at(-1)!.match(/\{\{\w+\}\}/g) ?? [];
      const amounts = holes.filter((hole) => hole.endsWith('Cents}}')).length;
      if (text.split(written).length - 1 !== holes.length - amounts || text.split(money).length - 1 !== amounts) problems.push(`${code}: "${text}"`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the languages apart: an English text is not the French one', () => {
    const same = CODES.filter((code) => JSON.stringify(MESSAGES[code].fr) === JSON.stringify(MESSAGES[code].en));
    expect(same).toEqual([]);
  });
});
