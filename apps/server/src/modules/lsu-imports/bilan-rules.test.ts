// The bilan rules on hand-made bilans (no database): each rule alone, and the national wording.
import { describe, expect, it } from 'vitest';
import { renderMessage, type BilanMessage } from '@preau/contracts';
import type { LsuBilan, LsuNode } from '@preau/lsu';
import type { BaseSnapshot } from './base-snapshot.ts';
import { judgeBilan } from './bilan-rules.ts';

const node = (name: string, attributes: Record<string, string> = {}, children: LsuNode[] = [], text?: string): LsuNode => ({
  name, attributes, children, ...(text !== undefined ? { text, textNonBlank: text.trim() !== '' } : {}),
});

function snapshot(overrides: Partial<BaseSnapshot> = {}): BaseSnapshot {
  return {
    baseId: 'b', organizationId: 'o', uai: '0381234K', degree: 'college', schoolYear: '2025-2026', acceptedVersions: ['10.0'], provisionalNewerVersions: false,
    pupils: new Map([['1200000', { id: 'p1' }]]),
    classes: new Map([['6A', { id: 'c1', code: '6A', label: '6e A', nationalId: null, dataSource: 'editor_import', assessmentMode: 'grades' }]]),
    periods: [1, 2, 3].map((index) => ({ id: `per${index}`, index, count: 3, startDate: '2025-09-01', endDate: '2025-11-30' })),
    teachers: new Set(['MME|LEVEQUE', '|LEVEQUE']),
    teacherVerdicts: new Map(),
    ...overrides,
  };
}

function periodic(acquis: LsuNode[], extra: LsuNode[] = [], period: Partial<{ index: number; count: number; startDate: string; endDate: string }> = {}): LsuBilan {
  return {
    kind: 'periodic', ordinal: 1, line: 10,
    pupil: { id: 'EL_1', nationalId: '1200000', lastName: 'Ménard', firstName: 'Hugo', classCode: '6A' },
    period: { id: 'P_1', index: 1, count: 3, ...period },
    teachers: [{ id: 'ENS_1', civility: 'MME', lastName: 'Lévêque', firstName: 'Noémie' }],
    content: node('bilan-periodique', {}, [node('liste-acquis', {}, acquis), ...extra]),
  };
}

/** A message as the French reader sees it. */
const french = (m: BilanMessage | undefined) => m && { level: m.level, code: m.code, message: renderMessage(m, 'fr') };

const graded = node('acquis', { 'discipline-ref': 'DI_FR', 'moyenne-eleve': '12.5' }, [node('appreciation', {}, [], 'Bien.')]);

describe('bilan rules', () => {
  it('imports a bilan that matches the base without a message (teacher matched without accents or case)', () => {
    expect(judgeBilan(periodic([graded]), snapshot())).toEqual({ status: 'success', messages: [], pupilId: 'p1', periodId: 'per1' });
  });

  it('rejects an unknown pupil, keeping the bilan out of the base', () => {
    const judgement = judgeBilan(periodic([graded]), snapshot({ pupils: new Map() }));
    expect(judgement).toMatchObject({ status: 'rejected', pupilId: null, periodId: null });
    expect(french(judgement.messages[0])?.message).toBe(
      "L'élève MÉNARD Hugo (6A), identifiant national 1200000, n'est pas dans la structure de la base Préau : son bilan pour la période 1/3 (2025-2026) n'est pas importé. Ajoutez l'élève dans Structure de la base, onglet Élèves (ou importez le fichier CSV des élèves), puis importez de nouveau le fichier.",
    );
  });

  it('rejects a class set to manual entry with the national M1 text', () => {
    const base = snapshot();
    base.classes.set('6A', { ...base.classes.get('6A')!, dataSource: 'manual_entry' });
    expect(judgeBilan(periodic([graded]), base).messages.map(french)).toEqual([{
      level: 'error', code: 'class.manual_entry',
      message: "La classe 6A est paramétrée en Saisie manuelle. Le bilan de l'élève MÉNARD Hugo (6A) pour la période 1/3 (2025-2026) ne sera pas importé.",
    }]);
  });

  it('rejects a period count or dates that differ, and a base without periods', () => {
    expect(judgeBilan(periodic([graded], [], { count: 2 }), snapshot()).messages.map((m) => m.code)).toEqual(['period.dates_differ']);
    expect(judgeBilan(periodic([graded], [], { startDate: '2025-09-01', endDate: '2025-11-29' }), snapshot()).messages.map((m) => m.code)).toEqual(['period.dates_differ']);
    const none = judgeBilan(periodic([graded]), snapshot({ periods: [] }));
    expect(none.messages.map(french)).toEqual([{ level: 'error', code: 'period.not_configured', message: 'Les périodes ne sont pas paramétrées dans Préau pour la classe 6e A (identifiant 6A) : ajoutez-les dans Structure de la base, onglet Périodes, puis importez de nouveau le fichier.' }]);
  });

  it('rejects a subject with neither result nor appreciation (collège) and fewer than 3 filled domains (école)', () => {
    const empty = node('acquis', { 'discipline-ref': 'DI_MA' });
    expect(judgeBilan(periodic([graded, empty]), snapshot()).messages.map((m) => french(m)?.message)).toEqual([
      "Le bilan de l'élève MÉNARD Hugo (6A) pour la période 1/3 (2025-2026) est incomplet : aucun résultat ni appréciation pour DI_MA. Il ne sera pas importé.",
    ]);
    const ecole = snapshot({ degree: 'ecole' });
    const domain = (code: string, attributes: Record<string, string> = {}) => node('acquis', { 'code-domaine': code, ...attributes });
    const three = [
      domain('FRA-RAC', { positionnement: '3' }),
      node('acquis', { 'code-domaine': 'MAT-RAC' }, [node('appreciation', {}, [], 'Progrès en calcul.')]),
      node('acquis', { 'code-domaine': 'QLM-RAC' }, [node('sous-domaines', {}, [domain('QLM-ETP', { positionnement: '2' })])]),
      domain('EPS-RAC'),
    ];
    expect(judgeBilan(periodic(three), ecole).status).toBe('success');
    expect(french(judgeBilan(periodic([three[0]!, three[3]!]), ecole).messages[0])?.message).toContain('1 domaine renseigné sur les 3 attendus au minimum');
  });

  it('alerts on an unknown teacher (civilité and last name), accompaniment modalities, and assessment mismatches', () => {
    const bilan = periodic([graded, node('acquis', { 'discipline-ref': 'DI_MA', positionnement: '2' })], [node('modalites-accompagnement', {}, [node('modalite-accompagnement', { code: 'PPRE' })])]);
    bilan.teachers.push({ id: 'ENS_2', civility: 'M', lastName: 'Lévêque', firstName: 'Joël' });
    const judgement = judgeBilan(bilan, snapshot());
    expect(judgement.status).toBe('alert');
    expect(judgement.messages.map((m) => m.code)).toEqual(['teacher.unknown', 'accompaniment.ignored', 'assessment.positioning_ignored']);
    expect(french(judgement.messages[0])?.message).toBe(
      "L'enseignant M Lévêque Joël n'est pas dans la structure de la base Préau : ajoutez-le dans Structure de la base, onglet Enseignants (ou vérifiez son nom dans le logiciel d'évaluation). Bilan de l'élève MÉNARD Hugo (6A) pour la période 1/3 (2025-2026).",
    );
    const base = snapshot();
    base.classes.set('6A', { ...base.classes.get('6A')!, assessmentMode: 'positioning' });
    expect(judgeBilan(periodic([graded]), base).messages.map((m) => m.code)).toEqual(['assessment.averages_ignored']);
  });

  it('judges a cycle bilan without period rules', () => {
    const cycle: LsuBilan = { kind: 'cycle', ordinal: 1, line: 1, cycle: 3, teachers: [], pupil: periodic([]).pupil, content: node('bilan-cycle') };
    expect(judgeBilan(cycle, snapshot({ periods: [] }))).toEqual({ status: 'success', messages: [], pupilId: 'p1', periodId: null });
    expect(french(judgeBilan(cycle, snapshot({ classes: new Map() })).messages[0])?.message).toContain('pour le cycle 3 (2025-2026) n\'existe pas dans la structure de la base Préau');
  });
});
