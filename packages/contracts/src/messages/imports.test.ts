import { describe, expect, it } from 'vitest';
import { renderMessage } from './catalogue.ts';

describe('import and bilan messages', () => {
  it('name a bilan by its period or, in the .cycle variant, by its cycle', () => {
    const about = { pupil: 'MÉNARD Hugo', class: '6A', schoolYear: '2025-2026' };
    expect(renderMessage({ code: 'class.unknown', params: { ...about, periodIndex: 1, periodCount: 3 } }, 'en')).toBe(
      'Class 6A of the report of pupil MÉNARD Hugo for period 1/3 (2025-2026) is not in the Préau base structure: add it under Base structure, Classes tab (or correct its code in the assessment software), then import the file again.',
    );
    expect(renderMessage({ code: 'class.unknown.cycle', params: { ...about, cycle: 3 } }, 'fr')).toContain('pour le cycle 3 (2025-2026) n\'existe pas dans la structure de la base Préau');
  });

  it('send an unknown pupil to the base structure, not to the national registry', () => {
    const params = { pupil: 'MÉNARD Hugo', class: '6A', schoolYear: '2025-2026', periodIndex: 1, periodCount: 3, nationalId: '1200000' };
    const fr = renderMessage({ code: 'pupil.unknown', params }, 'fr');
    expect(fr).toContain("n'est pas dans la structure de la base Préau");
    expect(fr).toContain('Structure de la base, onglet Élèves');
    expect(fr).not.toContain('SIECLE');
    expect(renderMessage({ code: 'pupil.unknown', params }, 'en')).toContain('Base structure, Pupils tab');
  });

  it('count domains with real plurals', () => {
    const params = { pupil: 'MÉNARD Hugo', class: 'CE1', schoolYear: '2025-2026', periodIndex: 1, periodCount: 3 };
    expect(renderMessage({ code: 'content.missing_domains', params: { ...params, count: 1 } }, 'fr')).toContain('1 domaine renseigné sur');
    expect(renderMessage({ code: 'content.missing_domains', params: { ...params, count: 2 } }, 'fr')).toContain('2 domaines renseignés sur');
    expect(renderMessage({ code: 'content.missing_domains', params: { ...params, count: 1 } }, 'en')).toContain('1 domain filled in');
  });
});
