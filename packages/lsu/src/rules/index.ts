/**
 * The rule sets the engine knows, and how a file's `schemaVersion` picks one. Adding a version
 * means writing its rule file and listing it here; the engine does not change.
 */
import { patchAttributes, req, type RuleSet } from '../schema/dsl.ts';
import { college10 } from './college-10.ts';
import { college7 } from './college-7.ts';
import { college3 } from './college-3.ts';
import { ecole1a, ecole1b } from './ecole-1.ts';

import { oneOf } from './common-types.ts';

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

/** A copy of `accept` with one more token, keeping the rule sets bound to it. */
export function acceptAlso(accept: readonly string[], token: string): readonly string[] {
  const copy = [...accept, token];
  const bound = boundRuleSets.get(accept);
  if (bound) boundRuleSets.set(copy, bound);
  return copy;
}

/** Picks the rule set for `schemaVersion`, given the accepted versions. */
export function selectRuleSet(schemaVersion: string, accept: readonly string[]): Selection {
  const extra = boundRuleSets.get(accept);
  const rules = extra?.find((r) => r.versions.includes(schemaVersion)) ?? RULE_SETS.find((r) => r.versions.includes(schemaVersion));
  const known = extra ? [...new Set([...extra.flatMap((r) => r.versions), ...KNOWN_VERSIONS])] : KNOWN_VERSIONS;
  if (!rules && accept.includes(PROVISIONAL_NEWER_COLLEGE)) {
    const provisional = provisionalRuleSet(schemaVersion, [...(extra ?? []), ...RULE_SETS]);
    if (provisional) return { ok: true, rules: provisional };
  }
  if (!rules) return { ok: false, code: 'schema.version_unknown', known, accepted: accept };
  const firstRevision = schemaVersion === '1.0' && !accept.includes('1.0') && accept.includes(ECOLE_FIRST_REVISION);
  if (!accept.includes(schemaVersion) && !firstRevision) {
    return { ok: false, code: 'schema.version_not_accepted', known, accepted: accept };
  }
  return { ok: true, rules: firstRevision && !extra?.includes(rules) ? ecole1a : rules };
}

/**
 * Token of `accept` (off unless listed) by which a file declaring a collège version newer than any
 * known is checked, provisionally, against the newest known collège rule set.
 */
export const PROVISIONAL_NEWER_COLLEGE = 'college-newer-provisional';

const provisionalCache = new WeakMap<RuleSet, Map<string, RuleSet>>();

/**
 * The newest collège rule set among `candidates`, its `schemaVersion` widened to `declared`, when
 * `declared` is a well-formed version newer than all of theirs; undefined otherwise (an unknown
 * older or malformed version stays refused).
 */
function provisionalRuleSet(declared: string, candidates: readonly RuleSet[]): RuleSet | undefined {
  if (!/^[1-9][0-9]*\.[0-9]+$/.test(declared)) return undefined;
  const newestOf = (r: RuleSet) => Math.max(...r.versions.map(Number));
  const college = candidates.filter((r) => r.family === 'college').sort((a, b) => newestOf(b) - newestOf(a))[0];
  if (!college || Number(declared) <= newestOf(college)) return undefined;
  let byVersion = provisionalCache.get(college);
  if (!byVersion) provisionalCache.set(college, (byVersion = new Map()));
  let rules = byVersion.get(declared);
  if (!rules) {
    const root = typeof college.root.type === 'string' ? college.root.type : undefined;
    if (!root) return undefined;
    const accepted = college.types[root]?.attributes?.schemaVersion?.type.enumeration ?? [];
    rules = {
      ...college,
      id: `${college.id}~${declared}`,
      versions: [declared],
      provisional: { declared, checkedAgainst: college.id },
      types: { ...college.types, [root]: patchAttributes(college.types[root], { schemaVersion: req(oneOf('SchemaVersion', [...accepted, declared])) }) },
    };
    byVersion.set(declared, rules);
  }
  return rules;
}
