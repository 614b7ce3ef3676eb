import { describe, expect, it } from 'vitest';
import { MESSAGES, renderMessage } from './catalogue.ts';
import { LETTER_MESSAGES } from './base-documents.ts';
import { BILAN_MESSAGES } from './bilans.ts';
import { BILLING_DOCUMENT_MESSAGES } from './billing-documents.ts';
import { CSV_LINE_MESSAGES } from './csv.ts';
import { ERROR_MESSAGES } from './errors.ts';
import { FIELD_MESSAGES } from './fields.ts';
import { IMPORT_MESSAGES } from './imports.ts';
import { PAYMENT_TEXT_MESSAGES } from './payments.ts';
import { PUPIL_EXPORT_TEXTS } from './minors-data.ts';
import { formatMessage, type LocalizedMessage, type MessageText } from './format.ts';

const holes = (text: MessageText): string[] =>
  [...new Set([typeof text === 'string' ? text : `${text.one} ${text.other}`].flatMap((t) => [...t.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!)))].sort();

describe('message catalogue', () => {
  it('gives every code a French and an English text with the same placeholders', () => {
    const problems: string[] = [];
    for (const [code, entry] of Object.entries(MESSAGES as Record<string, LocalizedMessage>)) {
      for (const locale of ['fr', 'en'] as const) {
        const text: MessageText = entry[locale];
        const forms = typeof text === 'string' ? [text] : [text.one, text.other];
        if (forms.some((form) => form.trim() === '')) problems.push(`${code}: empty ${locale} text`);
        if (typeof text !== 'string' && !holes(text).includes('count')) problems.push(`${code}: plural ${locale} text without {{count}}`);
      }
      if (holes(entry.fr).join() !== holes(entry.en).join()) problems.push(`${code}: fr {{${holes(entry.fr).join()}}} ≠ en {{${holes(entry.en).join()}}}`);
    }
    expect(problems).toEqual([]);
  });

  it('defines each code in one kind only, so merging the kinds overwrites none', () => {
    const kinds = [ERROR_MESSAGES, FIELD_MESSAGES, CSV_LINE_MESSAGES, IMPORT_MESSAGES, BILAN_MESSAGES, BILLING_DOCUMENT_MESSAGES, LETTER_MESSAGES, PAYMENT_TEXT_MESSAGES, PUPIL_EXPORT_TEXTS].map((kind) => Object.keys(kind));
    const twice = kinds.flat().filter((code, i, all) => all.indexOf(code) !== i);
    expect(twice).toEqual([]);
    expect(Object.keys(MESSAGES)).toHaveLength(kinds.flat().length);
  });

  it('renders parameters and plural forms in both languages', () => {
    expect(renderMessage({ code: 'structure_import.refused', params: { count: 1 } }, 'fr')).toBe("1 ligne refusée : rien n'a été appliqué.");
    expect(renderMessage({ code: 'structure_import.refused', params: { count: 12 } }, 'en')).toBe('12 lines refused: nothing was applied.');
    expect(renderMessage({ code: 'validation.max_length', params: { limit: 100 } }, 'fr')).toBe('Trop long (maximum : 100).');
    expect(renderMessage({ code: 'base.uai_check_letter', params: { uai: '0751234A', letter: 'J', expected: '0751234J' } }, 'en')).toBe(
      'The check letter of the UAI code 0751234A should be J (0751234J).',
    );
  });

  it('writes numbers and plurals the way each language does', () => {
    const text = { one: '{{count}} ligne refusée', other: '{{count}} lignes refusées' };
    expect(formatMessage(text, { count: 0 }, 'fr')).toBe('0 ligne refusée');
    expect(formatMessage(text, { count: 11919 }, 'fr')).toBe('11\u202f919 lignes refusées');
    expect(formatMessage({ one: '{{count}} line', other: '{{count}} lines' }, { count: 1 }, 'en')).toBe('1 line');
    expect(formatMessage('Moyenne : {{value}}', { value: 14.7 }, 'fr')).toBe('Moyenne : 14,7');
    expect(formatMessage('Élève {{id}}', {}, 'fr')).toBe('Élève …');
  });

  it('writes amounts in cents as money, and renders a message named by a parameter in the same language', () => {
    const params = { balanceCents: 4_000, amountCents: 144_000 };
    expect(renderMessage({ code: 'balance.insufficient', params }, 'fr')).toBe('Le solde prépayé (40,00\u00a0€) ne couvre pas 1\u202f440,00\u00a0€ : rien n’a été payé.');
    expect(renderMessage({ code: 'balance.insufficient', params }, 'en')).toBe('The prepaid balance (€40.00) does not cover €1,440.00: nothing was paid.');
    expect(formatMessage('{{totalCents}}', { totalCents: 1_050, currency: 'USD' }, 'en')).toBe('US$10.50');
    const malformed = { line: 3, column: 7, detailMessage: 'statement_xml.tag_mismatch', name: 'Stmt', expected: 'Ntry' };
    expect(renderMessage({ code: 'statement.malformed', params: malformed }, 'en')).toContain('(end tag </Stmt> found; expected </Ntry>)');
    expect(renderMessage({ code: 'statement.malformed', params: malformed }, 'fr')).toContain('(balise fermante </Stmt> trouvée ; attendu : </Ntry>)');
    expect(renderMessage({ code: 'statement.malformed', params: { ...malformed, detailMessage: 'not a code' } }, 'en')).toContain('(not a code)');
  });

  it('renders a code it does not know as the code itself', () => {
    expect(renderMessage({ code: 'forbidden' }, 'en')).toBe('Your role does not allow this.');
    expect(renderMessage({ code: 'some.future_code', params: {} }, 'fr')).toBe('some.future_code');
  });
});
