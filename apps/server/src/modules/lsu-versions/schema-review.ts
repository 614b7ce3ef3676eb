/**
 * What an operator reviews before adding an LSU schema: the compiled rule set, what the compiler
 * asks them to review, and what changed against the previous version of its family. Pure: the CLI
 * (`preau lsu versions add`) and the operator routes share it.
 */
import { createHash } from 'node:crypto';
import { compileLsuSchema, diffRuleSets, type RuleSet, type SchemaChange, type XsdWarning } from '@preau/lsu';

export interface SchemaReview {
  rules: RuleSet;
  warnings: XsdWarning[];
  /** The version it is compared with (undefined: the first of its family). */
  previous: RuleSet | undefined;
  changes: SchemaChange[];
  sourceSha256: string;
}

const newest = (rules: Pick<RuleSet, 'versions'>): number => Math.max(...rules.versions.map(Number).filter((n) => !Number.isNaN(n)));

/** The version a new one is compared with: the newest of its family older than it, else the newest of its family. */
export function previousOf(rules: RuleSet, known: readonly RuleSet[]): RuleSet | undefined {
  const family = known.filter((r) => r.family === rules.family && r.id !== rules.id).sort((a, b) => newest(b) - newest(a));
  return family.find((r) => newest(r) < newest(rules)) ?? family[0];
}

/** Compiles `bytes` and compares the result with `known` (built-in and added rule sets). Throws XsdError when the schema is refused. */
export function reviewSchema(bytes: Uint8Array, known: readonly RuleSet[]): SchemaReview {
  const { rules, warnings } = compileLsuSchema(bytes);
  const previous = previousOf(rules, known);
  return {
    rules,
    warnings,
    previous,
    changes: previous ? diffRuleSets(previous, rules) : [],
    sourceSha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
