/**
 * Storage of added LSU schema versions (table `lsu_schema_versions`, instance-wide: no tenant). Plain
 * SQL on any Kysely, so the CLI and the migrations' tests may call it too.
 */
import { sql, type Kysely } from 'kysely';
import { loadStoredRuleSet, type RuleSet, type SchemaChange, type XsdWarning } from '@preau/lsu';

export interface AddedVersion {
  id: string;
  family: string;
  versions: string[];
  rules: string;
  warnings: XsdWarning[];
  changes: SchemaChange[];
  previousId: string | null;
  sourceSha256: string;
  addedAt: string;
}

interface Row {
  id: string;
  family: string;
  versions: string[];
  rules: string;
  warnings: XsdWarning[] | string;
  changes: SchemaChange[] | string;
  previous_id: string | null;
  source_sha256: string;
  added_at: string;
}

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** Every added version, oldest first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an instance table outside the modules' typed schema.
export async function listAddedVersions(db: Kysely<any>): Promise<AddedVersion[]> {
  const { rows } = await sql<Row>`select id, family, versions, rules, warnings, changes, previous_id, source_sha256,
    to_char(added_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS"Z"') as added_at from lsu_schema_versions order by added_at, id`.execute(db);
  return rows.map((r) => ({
    id: r.id, family: r.family, versions: r.versions, rules: r.rules, warnings: json(r.warnings), changes: json(r.changes),
    previousId: r.previous_id, sourceSha256: r.source_sha256, addedAt: r.added_at,
  }));
}

/** Stores a version; false when its id is already stored (nothing changed). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an instance table outside the modules' typed schema.
export async function insertAddedVersion(db: Kysely<any>, v: Omit<AddedVersion, 'addedAt'>): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`insert into lsu_schema_versions (id, family, versions, rules, warnings, changes, previous_id, source_sha256)
    values (${v.id}, ${v.family}, ${sql.val(v.versions)}::text[], ${v.rules}, ${JSON.stringify(v.warnings)}::jsonb, ${JSON.stringify(v.changes)}::jsonb, ${v.previousId}, ${v.sourceSha256})
    on conflict (id) do nothing returning id`.execute(db);
  return rows.length === 1;
}

/** The ids of the added versions, sorted and comma-joined: how a process sees whether its loaded set is still the stored one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an instance table outside the modules' typed schema.
export async function findAddedVersionsKey(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ key: string | null }>`select string_agg(id, ',' order by id) as key from lsu_schema_versions`.execute(db);
  return rows[0]?.key ?? '';
}

/** The added versions of a family, with their `schemaVersion` values (a base's accepted versions may name them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an instance table outside the modules' typed schema.
export async function listAddedVersionValues(db: Kysely<any>, family: string): Promise<string[]> {
  const { rows } = await sql<{ version: string }>`select distinct unnest(versions) as version from lsu_schema_versions where family = ${family}`.execute(db);
  return rows.map((r) => r.version);
}

/** The added rule sets, ready for `acceptWithRuleSets` (read at start, never compiled from XSD again). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an instance table outside the modules' typed schema.
export async function loadAddedRuleSets(db: Kysely<any>): Promise<RuleSet[]> {
  return (await listAddedVersions(db)).map((v) => loadStoredRuleSet(v.rules));
}
