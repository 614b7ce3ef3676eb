/**
 * Collège rule set for schemaVersion 2.0 and 3.0 (ministry schema of March 2020), written as the
 * changes from 7.0: no `id-lv` on disciplines, exactly 8 socle domains in a periodic bilan with an
 * optional positioning, `date-verrou` required, first address line required, no `D` modality.
 */
import { patchAttributes, patchParticle, req, opt, unique, type RuleSet } from '../schema/dsl.ts';
import { college7, C7 } from './college-7.ts';
import { oneOf, T } from './common-types.ts';

const t = college7.types;

export const college3: RuleSet = {
  ...college7,
  id: 'college-3.0',
  versions: ['2.0', '3.0'],
  types: {
    ...t,
    LsunBilans: patchAttributes(t.LsunBilans, { schemaVersion: req(oneOf('SchemaVersion', ['2.0', '3.0'])) }),
    Disciplines: { ...t.Disciplines, unique: [unique('discipline', 'code', 'modalite-election')] },
    Discipline: patchAttributes(t.Discipline, {
      'id-lv': null,
      'modalite-election': req(oneOf('ModaliteElection', ['S', 'O', 'F', 'L', 'R', 'X'])),
    }),
    SoclePeriodique: patchParticle(t.SoclePeriodique, 'domaine', { min: 8, max: 8 }),
    DomaineSocle: patchAttributes(t.DomaineSocle, { positionnement: opt(T.PositionnementSocle) }),
    BilanPeriodique: patchAttributes(t.BilanPeriodique, { 'date-verrou': req(C7.StringDateTime) }),
    BilanCycle: patchAttributes(t.BilanCycle, { 'date-verrou': req(C7.StringDateTime) }),
    Adresse: patchAttributes(t.Adresse, { ligne1: req(T.Chaine50) }),
  },
};
