/**
 * `preau lsu versions`: the LSU schema versions this instance knows, built in or added.
 * `preau lsu versions add FILE.xsd [--dry-run]`: compiles an official schema, prints what changed
 * against the previous version of its family and what needs review, then stores it (exit 0 added,
 * 1 already added, 2 schema refused or unreadable).
 */
import { readFile } from 'node:fs/promises';
import { BUILT_IN_RULE_SETS, describeChange, storeRuleSet, XsdError } from '@preau/lsu';
import type { Config } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { insertAddedVersion, listAddedVersions, loadAddedRuleSets } from '../modules/lsu-versions/lsu-versions.repository.ts';
import { reviewSchema } from '../modules/lsu-versions/schema-review.ts';

interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs `preau lsu versions …`; `args` holds the arguments after `lsu versions`. */
export async function runLsuVersionsCommand(args: string[], config: Config, io: Output): Promise<number> {
  const [action = 'list', file, ...flags] = args;
  if (!(action === 'list' && !file) && !(action === 'add' && file && flags.every((f) => f === '--dry-run'))) {
    io.stderr('Usage: preau lsu versions [list] | preau lsu versions add FILE.xsd [--dry-run]\n');
    return 2;
  }
  const database = await createDatabase(config);
  try {
    await migrateToLatest(database.db);
    if (action === 'list') return await list(database.db, io);
    return await add(database.db, file!, flags.includes('--dry-run'), io);
  } finally {
    await database.close();
  }
}

async function list(db: Parameters<typeof listAddedVersions>[0], io: Output): Promise<number> {
  for (const r of BUILT_IN_RULE_SETS) io.stdout(`${r.id}\tbuilt-in\t${r.versions.join(',')}\n`);
  for (const v of await listAddedVersions(db)) {
    io.stdout(`${v.id}\tadded ${v.addedAt}\t${v.versions.join(',')}\t${v.previousId ? `after ${v.previousId}, ` : ''}${v.changes.length} change(s), ${v.warnings.length} warning(s)\n`);
    for (const w of v.warnings) io.stdout(`  warning ${w.code} ${JSON.stringify(w.params)} (schema line ${w.line})\n`);
  }
  return 0;
}

async function add(db: Parameters<typeof listAddedVersions>[0], file: string, dryRun: boolean, io: Output): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.stderr(`Cannot read the schema ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  let review;
  try {
    review = reviewSchema(bytes, [...BUILT_IN_RULE_SETS, ...(await loadAddedRuleSets(db))]);
  } catch (error) {
    if (!(error instanceof XsdError)) throw error;
    io.stderr(`${file}:${error.line}: schema refused ${error.code} ${JSON.stringify(error.params)}\n`);
    return 2;
  }
  const { rules, warnings, previous, changes } = review;
  io.stdout(`${rules.id} (${rules.family}, schemaVersion ${rules.versions.join(', ')})${previous ? ` compared with ${previous.id}:` : ': first of its family'}\n`);
  for (const change of changes) io.stdout(`  ${describeChange(change)}\n`);
  if (previous && changes.length === 0) io.stdout('  no change\n');
  for (const w of warnings) io.stdout(`  review: ${w.code} ${JSON.stringify(w.params)} (schema line ${w.line})\n`);
  if (dryRun) return 0;
  const stored = await insertAddedVersion(db, {
    id: rules.id, family: rules.family, versions: rules.versions, rules: storeRuleSet(rules), warnings, changes,
    previousId: previous?.id ?? null, sourceSha256: review.sourceSha256,
  });
  // Each import compares the stored ids with the ones its process loaded: no restart is needed.
  io.stdout(stored ? `Added ${rules.id}: running servers check their next imports with it (no restart needed).\n` : `${rules.id} was already added: nothing changed.\n`);
  return stored ? 0 : 1;
}
