import { describe, expect, it } from 'vitest';
import { NOMENCLATURES, nomenclatureLabel } from './nomenclatures.ts';

describe('LSU nomenclatures', () => {
  it('labels every code in French and English', () => {
    for (const [kind, list] of Object.entries(NOMENCLATURES)) {
      for (const [code, label] of Object.entries(list)) {
        expect(label.fr.trim(), `${kind} ${code}`).not.toBe('');
        expect(label.en.trim(), `${kind} ${code}`).not.toBe('');
      }
    }
  });

  it('reads a code by its label, and an unknown code as undefined', () => {
    expect(nomenclatureLabel('digitalSkill', 'CN_INF_MEN', 'fr')).toBe("Mener une recherche et une veille d'information");
    expect(nomenclatureLabel('regionalLanguage', 'BRE', 'en')).toBe('Breton');
    expect(nomenclatureLabel('accompaniment', 'PPRE', 'fr')).toBe('Programme personnalisé de réussite éducative');
    expect(nomenclatureLabel('parcours', 'constructor', 'fr')).toBeUndefined();
    expect(nomenclatureLabel('epiTheme', undefined, 'fr')).toBeUndefined();
  });
});
