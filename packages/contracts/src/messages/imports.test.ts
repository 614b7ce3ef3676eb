import { describe, expect, it } from 'vitest';
import { renderMessage } from './catalogue.ts';

describe('import and bilan messages', () => {
  it('name a bilan by its period or, in the .cycle variant, by its cycle', () => {
    const about = { pupil: 'MÉNARD Hugo', class: '6A', schoolYear: '2025-2026', registry: 'SIECLE' };
    expect(renderMessage({ code: 'class.unknown', params: { ...about, periodIndex: 1, periodCount: 3 } }, 'en')).toBe(
      'The class referred to in the bilan of pupil MÉNARD Hugo (6A) for period 1 / 3 (2025-2026) is unknown in the SIECLE database. Check the data in SIECLE, then in the assessment software.',
    );
    expect(renderMessage({ code: 'class.unknown.cycle', params: { ...about, cycle: 3 } }, 'fr')).toContain('pour le cycle 3 ( 2025-2026 ) est inconnue');
  });
});
