import { describe, expect, it } from 'vitest';
import { renderMessage } from '@preau/contracts';
import type { ImportBilanRow } from './lsu-imports.repository.ts';
import { toImportedBilan } from './lsu-imports.views.ts';

const about = { pupil: 'MÉNARD Hugo', class: '6A', periodIndex: 1, periodCount: 3, schoolYear: '2025-2026' };
const row = (messages: ImportBilanRow['messages']) =>
  ({
    id: 'b1', kind: 'periodic', status: 'alert', pupil_national_id: '1200000', pupil_last_name: 'MÉNARD', pupil_first_name: 'Hugo', pupil_id: null,
    class_code: '6A', period_index: 1, period_count: 3, cycle: null, messages,
  }) as unknown as ImportBilanRow;

describe('bilan views', () => {
  it('name the subjects a message cites by the labels their file declared', () => {
    const bilan = toImportedBilan(row([{ level: 'alert', code: 'assessment.averages_ignored', params: { ...about, subjects: 'DI_020700S, DI_030201S, DI_X' } }]), {
      disciplines: { DI_020700S: { code: '020700', label: 'Français' }, DI_030201S: { code: '030201', label: 'Anglais LV1' } },
    });
    expect(bilan.messages[0]?.params.subjects).toBe('Français, Anglais LV1, DI_X');
    expect(renderMessage(bilan.messages[0]!, 'fr')).toContain('Des moyennes sont saisies en Français, Anglais LV1, DI_X dans le bilan');
  });

  it('read a message stored before its plural took count', () => {
    const bilan = toImportedBilan(row([{ level: 'error', code: 'content.missing_domains', params: { ...about, filled: 2 } }]));
    expect(renderMessage(bilan.messages[0]!, 'fr')).toContain('2 domaines renseignés sur les 3');
  });
});
