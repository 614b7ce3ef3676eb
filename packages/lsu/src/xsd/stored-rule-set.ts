/**
 * A compiled rule set as data: the part read from the XSD (tree, types, facets, uniques, reference
 * kinds) as JSON, to be stored once and loaded at start without compiling the schema again. The
 * reading part (bilans, labels, projections) is code: it is re-attached from the family's supplement.
 */
import type { ComplexType, Particle, RuleSet, SimpleType } from '../schema/dsl.ts';
import { UNBOUNDED } from '../schema/dsl.ts';
import { compileRuleSet } from '../schema/compile.ts';
import type { LsuFamily } from '../types.ts';
import { FAMILY_SUPPLEMENTS } from './supplement.ts';

const FORMAT = 1;

/** The JSON form: `max` unbounded is written -1 (JSON has no Infinity). */
interface StoredRuleSet {
  format: typeof FORMAT;
  id: string;
  family: LsuFamily;
  versions: string[];
  namespace: string;
  root: Particle;
  types: Record<string, ComplexType>;
}

/** The JSON text of a rule set's schema part. */
export function storeRuleSet(rules: RuleSet): string {
  const { id, family, versions, namespace, root, types } = rules;
  const stored: StoredRuleSet = { format: FORMAT, id, family, versions, namespace, root, types };
  return JSON.stringify(stored, (key, value: unknown) => (key === 'max' && value === UNBOUNDED ? -1 : value));
}

/** A rule set from its stored JSON, with its family's reading; throws on JSON that is not one (checked by the engine's compiler). */
export function loadStoredRuleSet(json: string): RuleSet {
  // Equal simple types become one object again: the engine compiles and memoises each object once.
  const simples = new Map<string, SimpleType>();
  const stored = JSON.parse(json, (key, value: unknown) => {
    if (key === 'max' && value === -1) return UNBOUNDED;
    if (value && typeof value === 'object' && 'base' in value && 'name' in value) {
      const k = JSON.stringify(value);
      const known = simples.get(k);
      if (known) return known;
      simples.set(k, value as SimpleType);
    }
    return value;
  }) as Partial<StoredRuleSet>;
  if (stored.format !== FORMAT || (stored.family !== 'college' && stored.family !== 'ecole')) throw new Error('Not a stored LSU rule set');
  const { id, family, versions, namespace, root, types } = stored as StoredRuleSet;
  const rules: RuleSet = { id, family, versions, namespace, root, types, ...FAMILY_SUPPLEMENTS[family].reading };
  compileRuleSet(rules);
  return rules;
}
