/**
 * Collège rule set for schemaVersion 4.0 to 7.0 (ministry schema of December 2023), written as
 * the changes from 10.0: integer `id-be`, free-text averages with the `*-non-note*` booleans,
 * optional `date-verrou`, 600-character subject appraisals, and the CTR accompaniment code.
 */
import { opt, patchAttributes, patchParticle, req, type RuleSet } from '../schema/dsl.ts';
import { college10, C as C10 } from './college-10.ts';
import { oneOf, T } from './common-types.ts';

export const C7 = {
  ...C10,
  MoyenneAlphanumerique: { name: 'MoyenneAlphanumerique', base: 'string', minLength: 1, maxLength: 8 },
  CodeModalite: oneOf('CodeModalite', [...(C10.CodeModalite.enumeration ?? []), 'CTR']),
} as const;

const t = college10.types;

export const college7: RuleSet = {
  ...college10,
  id: 'college-7.0',
  versions: ['4.0', '5.0', '6.0', '7.0'],
  types: {
    ...t,
    LsunBilans: patchAttributes(t.LsunBilans, {
      schemaVersion: req(oneOf('SchemaVersion', ['2.0', '3.0', '4.0', '5.0', '6.0', '7.0'])),
    }),
    Eleve: patchAttributes(t.Eleve, { 'id-be': req(T.positiveInteger) }),
    BilanPeriodique: patchAttributes(t.BilanPeriodique, { 'date-verrou': opt(C10.StringDateTime) }),
    BilanCycle: patchAttributes(t.BilanCycle, { 'date-verrou': opt(C10.StringDateTime) }),
    Acquis: patchAttributes(patchParticle(t.Acquis, 'appreciation', { type: T.Chaine600 }), {
      'moyenne-eleve': opt(C7.MoyenneAlphanumerique),
      'moyenne-structure': opt(C7.MoyenneAlphanumerique),
      'statut-evaluation-eleve': null,
      'statut-evaluation-structure': null,
      'eleve-non-note': opt(T.boolean),
      'structure-non-notee': opt(T.boolean),
    }),
    ModaliteAccompagnement: patchAttributes(t.ModaliteAccompagnement, { code: req(C7.CodeModalite) }),
  },
};
