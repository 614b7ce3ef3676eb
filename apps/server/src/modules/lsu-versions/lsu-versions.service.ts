import type { Kysely } from 'kysely';
import type { LsuSchemaChange, LsuVersion, LsuVersionReview } from '@preau/contracts';
import { BUILT_IN_RULE_SETS, describeChange, loadStoredRuleSet, storeRuleSet, XsdError, type SchemaChange } from '@preau/lsu';
import { AppError } from '../../shared/app-error.ts';
import type { AddedRuleSets } from './added-rule-sets.ts';
import { insertAddedVersion, listAddedVersions } from './lsu-versions.repository.ts';
import { reviewSchema, type SchemaReview } from './schema-review.ts';

export interface LsuVersionsServiceDeps {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an instance table outside the modules' typed schema.
  db: Kysely<any>;
  /** The process's added rule sets, read again once a version is added (its imports use it at once). */
  addedRuleSets?: Pick<AddedRuleSets, 'reload'>;
}

/** The instance's LSU versions, for its operators: list them, review an official schema, add it. */
export function createLsuVersionsService(deps: LsuVersionsServiceDeps) {
  const { db } = deps;

  /** Compiles and compares; 422 `lsu_version.schema_refused` when the schema leaves the supported subset or is none. */
  async function review(bytes: Uint8Array): Promise<{ review: SchemaReview; answer: LsuVersionReview }> {
    const stored = await listAddedVersions(db);
    let compiled: SchemaReview;
    try {
      compiled = reviewSchema(bytes, [...BUILT_IN_RULE_SETS, ...stored.map((v) => loadStoredRuleSet(v.rules))]);
    } catch (error) {
      if (!(error instanceof XsdError)) throw error;
      const detail = Object.entries(error.params).map(([k, v]) => `${k}=${String(v)}`).join(', ');
      throw new AppError('unprocessable', 'lsu_version.schema_refused', { reason: error.code, line: error.line, detail });
    }
    const { rules } = compiled;
    return {
      review: compiled,
      answer: {
        id: rules.id, family: rules.family, versions: [...rules.versions], previousId: compiled.previous?.id ?? null,
        changes: compiled.changes.map(toChange), warnings: compiled.warnings, sourceSha256: compiled.sourceSha256,
        alreadyAdded: stored.some((v) => v.id === rules.id),
      },
    };
  }

  return {
    /** Built-in versions (newest first), then added ones (oldest first) with the review they were added with. */
    async listVersions(): Promise<LsuVersion[]> {
      const builtIn: LsuVersion[] = BUILT_IN_RULE_SETS.map((r) => ({
        id: r.id, family: r.family, versions: [...r.versions], builtIn: true, addedAt: null, previousId: null, changes: [], warnings: [],
      }));
      const added = (await listAddedVersions(db)).map((v): LsuVersion => ({
        id: v.id, family: v.family === 'ecole' ? 'ecole' : 'college', versions: v.versions, builtIn: false, addedAt: v.addedAt, previousId: v.previousId,
        changes: v.changes.map(toChange), warnings: v.warnings,
      }));
      return [...builtIn, ...added];
    },

    /** What adding the schema would add (nothing is stored). */
    async reviewVersion(bytes: Uint8Array): Promise<LsuVersionReview> {
      return (await review(bytes)).answer;
    },

    /**
     * Stores the schema the operator reviewed (`sha256`: its review's `sourceSha256`, else 409
     * `lsu_version.not_reviewed`); 409 `lsu_version.already_added` when its id is stored.
     */
    async addVersion(bytes: Uint8Array, sha256: string): Promise<LsuVersionReview> {
      const { review: compiled, answer } = await review(bytes);
      if (compiled.sourceSha256 !== sha256) throw new AppError('conflict', 'lsu_version.not_reviewed');
      const { rules } = compiled;
      const stored = await insertAddedVersion(db, {
        id: rules.id, family: rules.family, versions: [...rules.versions], rules: storeRuleSet(rules), warnings: compiled.warnings,
        changes: compiled.changes, previousId: compiled.previous?.id ?? null, sourceSha256: compiled.sourceSha256,
      });
      if (!stored) throw new AppError('conflict', 'lsu_version.already_added', { id: rules.id });
      await deps.addedRuleSets?.reload();
      return { ...answer, alreadyAdded: true };
    },
  };
}

export type LsuVersionsService = ReturnType<typeof createLsuVersionsService>;

function toChange(change: SchemaChange): LsuSchemaChange {
  return { code: change.code, path: change.path, params: change.params, text: describeChange(change) };
}
