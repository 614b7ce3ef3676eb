/**
 * The added LSU versions a process checks imports with: their stored rule sets, read once when the
 * process starts and again only when the stored list changes (a version added by the operator route
 * or the CLI, in this process or another). Checking costs one query of ids per import; the rule sets
 * themselves are never compiled from XSD again.
 */
import type { Kysely } from 'kysely';
import { loadStoredRuleSet, type RuleSet } from '@preau/lsu';
import { findAddedVersionsKey, listAddedVersions } from './lsu-versions.repository.ts';

/** The added rule sets as loaded: `stored` (their JSON) travels to the parse workers, keyed by `key`. */
export interface LoadedRuleSets {
  /** The ids of the added versions, sorted and comma-joined ('' when none). */
  key: string;
  stored: readonly string[];
  ruleSets: readonly RuleSet[];
}

const NONE: LoadedRuleSets = { key: '', stored: [], ruleSets: [] };

/** The process's added rule sets over `db`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an instance table outside the modules' typed schema.
export function createAddedRuleSets(db: Kysely<any>) {
  let loaded = NONE;
  let loading: Promise<LoadedRuleSets> | undefined;

  async function load(): Promise<LoadedRuleSets> {
    const versions = await listAddedVersions(db);
    const stored = versions.map((v) => v.rules);
    loaded = { key: versions.map((v) => v.id).sort().join(','), stored, ruleSets: stored.map(loadStoredRuleSet) };
    return loaded;
  }

  /** Reads every stored rule set (at start, and after this process added one); one read at a time. */
  function reload(): Promise<LoadedRuleSets> {
    loading ??= load().finally(() => (loading = undefined));
    return loading;
  }

  return {
    reload,
    /** The loaded set, read again first when the stored list of ids differs from it. */
    async current(): Promise<LoadedRuleSets> {
      if ((await findAddedVersionsKey(db)) === loaded.key) return loaded;
      return reload();
    },
  };
}

export type AddedRuleSets = ReturnType<typeof createAddedRuleSets>;
