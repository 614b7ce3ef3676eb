import { describe, expect, it } from 'vitest';
import { BILAN_MESSAGES } from './bilans.ts';
import { MESSAGES, renderMessage } from './catalogue.ts';
import { IMPORT_MESSAGES } from './imports.ts';

describe('import and bilan messages', () => {
  it('are in the catalogue as written, none shadowed by a code of another kind', () => {
    const own: Record<string, unknown> = { ...IMPORT_MESSAGES, ...BILAN_MESSAGES };
    expect(Object.keys(own)).toHaveLength(Object.keys(IMPORT_MESSAGES).length + Object.keys(BILAN_MESSAGES).length);
    for (const [code, entry] of Object.entries(own)) expect([code, (MESSAGES as Record<string, unknown>)[code]]).toEqual([code, entry]);
  });

  it('name a bilan by its period or, in the .cycle variant, by its cycle', () => {
    const about = { pupil: 'MÉNARD Hugo', class: '6A', schoolYear: '2025-2026', registry: 'SIECLE' };
    expect(renderMessage({ code: 'class.unknown', params: { ...about, periodIndex: 1, periodCount: 3 } }, 'en')).toBe(
      'The class referred to in the bilan of pupil MÉNARD Hugo (6A) for period 1 / 3 (2025-2026) is unknown in the SIECLE database. Check the data in SIECLE, then in the assessment software.',
    );
    expect(renderMessage({ code: 'class.unknown.cycle', params: { ...about, cycle: 3 } }, 'fr')).toContain('pour le cycle 3 ( 2025-2026 ) est inconnue');
  });
});
