/**
 * The rule sets the engine knows, and how a file's `schemaVersion` picks one. Adding a version
 * means writing its rule file and listing it here; the engine does not change.
 */
import type { RuleSet } from '../schema/dsl.ts';
import { college10 } from './college-10.ts';
import { college7 } from './college-7.ts';
import { college3 } from './college-3.ts';
import { ecole1a, ecole1b } from './ecole-1.ts';

export { LSU_NAMESPACE } from './common-types.ts';

/** Newest first. `ecole1a` is only chosen through the `1.0a` token (see ecole-1.ts). */
export const RULE_SETS: readonly RuleSet[] = [college10, college7, college3, ecole1b];

/** Token that selects the first revision of école 1.0 in `accept`. */
export const ECOLE_FIRST_REVISION = '1.0a';

/** Every `schemaVersion` value a rule set exists for. */
export const KNOWN_VERSIONS: readonly string[] = RULE_SETS.flatMap((r) => r.versions);

export type Selection =
  | { ok: true; rules: RuleSet }
  | { ok: false; code: 'schema.version_unknown' | 'schema.version_not_accepted'; known: readonly string[]; accepted: readonly string[] };

/** Rule sets given with an `accept` list (compiled from an XSD, stored or not yet added), keyed by the list itself. */
const boundRuleSets = new WeakMap<readonly string[], readonly RuleSet[]>();

/**
 * A copy of `accept` that also makes `ruleSets` selectable, before the built-in ones for the
 * versions they declare: how a caller checks files against rule sets compiled from a schema
 * (`checkLsu(source, { accept: acceptWithRuleSets(['13.0'], [compiled]) })`). The list travels
 * to the validator unchanged, so the binding needs no other channel.
 */
export function acceptWithRuleSets(accept: readonly string[], ruleSets: readonly RuleSet[]): readonly string[] {
  const copy = [...accept];
  boundRuleSets.set(copy, ruleSets);
  return copy;
}

/** Picks the rule set for `schemaVersion`, given the accepted versions. */
export function selectRuleSet(schemaVersion: string, accept: readonly string[]): Selection {
  const extra = boundRuleSets.get(accept);
  const rules = extra?.find((r) => r.versions.includes(schemaVersion)) ?? RULE_SETS.find((r) => r.versions.includes(schemaVersion));
  const known = extra ? [...new Set([...extra.flatMap((r) => r.versions), ...KNOWN_VERSIONS])] : KNOWN_VERSIONS;
  if (!rules) return { ok: false, code: 'schema.version_unknown', known, accepted: accept };
  const firstRevision = schemaVersion === '1.0' && !accept.includes('1.0') && accept.includes(ECOLE_FIRST_REVISION);
  if (!accept.includes(schemaVersion) && !firstRevision) {
    return { ok: false, code: 'schema.version_not_accepted', known, accepted: accept };
  }
  return { ok: true, rules: firstRevision && !extra?.includes(rules) ? ecole1a : rules };
}
