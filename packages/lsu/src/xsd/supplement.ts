/**
 * Préau's checks and readings that an XSD cannot say, per family: the kinds of element each IDREF
 * attribute points at, which string attributes carry a date that must exist, and how bilans, labels
 * and the pupil page read the file. Carried over from the newest hand-written rule set of the family,
 * keyed by attribute and element names, so a compiled schema gets them without new code.
 */
import type { RuleSet } from '../schema/dsl.ts';
import { college10 } from '../rules/college-10.ts';
import { college7 } from '../rules/college-7.ts';
import { college3 } from '../rules/college-3.ts';
import { ecole1a, ecole1b } from '../rules/ecole-1.ts';
import type { LsuFamily } from '../types.ts';

/** What a compiled rule set takes from its family. */
export interface FamilySupplement {
  family: LsuFamily;
  /** IDREF / IDREFS attribute name → element kinds it may point at. */
  refTargets: ReadonlyMap<string, readonly string[]>;
  /** Attributes (of a string type) whose leading date must be a day that exists. */
  realDates: ReadonlySet<string>;
  /** The reading part of a rule set: header, bilans, kept kinds, labels, projections. */
  reading: Pick<RuleSet, 'header' | 'bilans' | 'kept' | 'labels' | 'project'>;
}

/**
 * Builds a family's supplement from its hand-written rule sets, newest first (the reading comes from
 * the newest). Throws if an attribute name has two different target lists.
 */
function supplementOf(newest: RuleSet, ...older: RuleSet[]): FamilySupplement {
  const refTargets = new Map<string, readonly string[]>();
  const realDates = new Set<string>();
  for (const rules of [newest, ...older]) collect(rules, refTargets, realDates);
  const { header, bilans, kept, labels, project } = newest;
  return { family: newest.family, refTargets, realDates, reading: { header, bilans, kept, labels, project } };
}

function collect(rules: RuleSet, refTargets: Map<string, readonly string[]>, realDates: Set<string>): void {
  for (const [typeName, type] of Object.entries(rules.types)) {
    for (const [name, attribute] of Object.entries(type.attributes ?? {})) {
      if (attribute.type.realDate) realDates.add(name);
      if (!attribute.targets) continue;
      const known = refTargets.get(name);
      if (known && known.join() !== attribute.targets.join()) throw new Error(`${rules.id}: ${typeName}@${name} has other targets than elsewhere`);
      refTargets.set(name, attribute.targets);
    }
  }
}

/** The supplement of each family, from its newest hand-written rule set. */
export const FAMILY_SUPPLEMENTS: Readonly<Record<LsuFamily, FamilySupplement>> = {
  college: supplementOf(college10, college7, college3),
  ecole: supplementOf(ecole1b, ecole1a),
};
