import { sql, type Kysely, type Selectable } from 'kysely';
import type { CopyColumnType } from '../../db/copy-binary.ts';
import type { Database } from '../../db/schema.ts';
import type { BasePart } from './base-parts.ts';
import type { HostingLoadsTable } from './hosting-files.tables.ts';

export type HostingLoadRow = Selectable<HostingLoadsTable>;

/** Import states whose history is carried: finished ones (a queued or running import stays behind). */
const FINISHED_IMPORTS = ['done', 'error', 'failed'] as const;

/** The condition keeping the finished imports and their bilans (nothing for the other parts). */
function onlyFinished(organizationId: string, baseId: string, part: BasePart) {
  const finished = sql.join(FINISHED_IMPORTS.map((s) => sql.lit(s)));
  if (part.table === 'lsu_imports') return sql`and state in (${finished})`;
  if (part.table === 'lsu_import_bilans') return sql`and import_id in (select id from lsu_imports where organization_id = ${organizationId} and base_id = ${baseId} and state in (${finished}))`;
  return sql``;
}

/** The condition keeping the base's rows of `part`. */
function rowsOfPart(organizationId: string, baseId: string, part: BasePart) {
  return sql`organization_id = ${organizationId} and base_id = ${baseId} ${onlyFinished(organizationId, baseId, part)}`;
}

/** SQL of base files: a base's rows page by page, the loading base's rows, the loads. Every function takes the organisation id first. */
export function createHostingFilesRepository(db: Kysely<Database>) {
  return {
    /** The base with its organisation's name. */
    async findBase(organizationId: string, baseId: string) {
      return db.selectFrom('school_bases').selectAll().where('organization_id', '=', organizationId).where('id', '=', baseId).executeTakeFirst();
    },

    /** The organisation's hosting number. */
    async findHostingNumber(organizationId: string): Promise<string | undefined> {
      const row = await db.selectFrom('organization').select('hosting_number').where('id', '=', organizationId).executeTakeFirst();
      return row?.hosting_number;
    },

    /** Whether the organisation has a base (any year, any state but loading) of this UAI. */
    async hasSchool(organizationId: string, uai: string): Promise<boolean> {
      const row = await db.selectFrom('school_bases').select('id').where('organization_id', '=', organizationId).where('uai', '=', uai).where('state', '<>', 'loading').executeTakeFirst();
      return row !== undefined;
    },

    /** The active base (neither loading nor replaced) of a UAI and school year, locked when `lock`. */
    async findActiveBase(organizationId: string, uai: string, schoolYear: string, lock = false) {
      let query = db
        .selectFrom('school_bases')
        .select(['id', 'state', 'uai', 'school_year'])
        .where('organization_id', '=', organizationId)
        .where('uai', '=', uai)
        .where('school_year', '=', schoolYear)
        .where('state', '<>', 'loading')
        .where('replaced_at', 'is', null);
      if (lock) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    /** The query of every row of `part` of the base as one JSON array text per row (for a COPY). */
    partAsJsonLines(organizationId: string, baseId: string, part: BasePart) {
      return sql<{ line: string }>`
        select json_build_array(${sql.join(part.columns.map((c) => sql.ref(c)))})::text from ${sql.table(part.table)}
        where ${rowsOfPart(organizationId, baseId, part)}
      `;
    },

    /** The query of every row of `part` of the base, its columns as they are, each cast to its type in `types` (for a binary COPY). */
    partColumns(organizationId: string, baseId: string, part: BasePart, types: readonly CopyColumnType[]) {
      const columns = part.columns.map((c, i) => sql`cast(${sql.ref(c)} as ${sql.raw(types[i]!)})`);
      return sql<Record<string, unknown>>`
        select ${sql.join(columns)} from ${sql.table(part.table)}
        where ${rowsOfPart(organizationId, baseId, part)}
      `;
    },

    /** Up to `limit` rows of `part` of the base after id `afterId`, in id order, as arrays in the part's column order. */
    async pageOfPart(organizationId: string, baseId: string, part: BasePart, afterId: string, limit: number): Promise<{ id: string; values: unknown[] }[]> {
      const only = onlyFinished(organizationId, baseId, part);
      const { rows } = await sql<Record<string, unknown>>`
        select ${sql.join(part.columns.map((c) => sql.ref(c)))} from ${sql.table(part.table)}
        where organization_id = ${organizationId} and base_id = ${baseId} and id > ${afterId} ${only}
        order by id limit ${limit}
      `.execute(db);
      return rows.map((row) => ({ id: row.id as string, values: part.columns.map((c) => row[c] ?? null) }));
    },

    /** Inserts rows of `part` into base `baseId` (values already remapped, JSON columns as text). */
    async insertRows(organizationId: string, baseId: string, part: BasePart, rows: readonly (readonly unknown[])[]): Promise<void> {
      if (rows.length === 0) return;
      const columns = ['organization_id', 'base_id', ...part.columns];
      const values = rows.map((row) => sql`(${sql.join([organizationId, baseId, ...row].map((v) => sql`${v}`))})`);
      await sql`insert into ${sql.table(part.table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(db);
    },

    /** Inserts the base being loaded, in state `loading`. */
    async insertLoadingBase(organizationId: string, base: { id: string; uai: string; name: string; degree: 'ecole' | 'college'; schoolYear: string }, at: Date): Promise<void> {
      await db
        .insertInto('school_bases')
        .values({ id: base.id, organization_id: organizationId, uai: base.uai, name: base.name, degree: base.degree, school_year: base.schoolYear, state: 'loading', created_at: at, updated_at: at })
        .execute();
    },

    /** Sets the loading base's settings. */
    async setSettings(organizationId: string, baseId: string, settings: { acceptedVersions: string[]; acceptNewerProvisionally: boolean }): Promise<void> {
      await db
        .updateTable('school_bases')
        .set({ accepted_versions: settings.acceptedVersions, accept_newer_provisionally: settings.acceptNewerProvisionally })
        .where('organization_id', '=', organizationId)
        .where('id', '=', baseId)
        .execute();
    },

    /** Deletes a base still loading and everything written into it (bilans have no foreign key: deleted first). */
    async deleteLoadingBase(organizationId: string, baseId: string): Promise<void> {
      await db.deleteFrom('lsu_import_bilans').where('organization_id', '=', organizationId).where('base_id', '=', baseId).execute();
      await db.deleteFrom('school_bases').where('organization_id', '=', organizationId).where('id', '=', baseId).where('state', '=', 'loading').execute();
    },

    /** Sets a base's state and replacement time. */
    async setBaseState(organizationId: string, baseId: string, state: 'stopped' | 'archived', replacedAt: Date | null, at: Date): Promise<void> {
      await db.updateTable('school_bases').set({ state, replaced_at: replacedAt, updated_at: at }).where('organization_id', '=', organizationId).where('id', '=', baseId).execute();
    },

    async insertLoad(organizationId: string, load: { id: string; fileName: string; at: Date }): Promise<void> {
      await db
        .insertInto('hosting_loads')
        .values({ id: load.id, organization_id: organizationId, file_name: load.fileName, started_at: load.at, heartbeat_at: load.at })
        .execute();
    },

    async updateLoad(organizationId: string, loadId: string, patch: Partial<Omit<HostingLoadRow, 'id' | 'organization_id' | 'parts' | 'error'>> & { parts?: string; error?: string | null }): Promise<void> {
      await db.updateTable('hosting_loads').set(patch).where('organization_id', '=', organizationId).where('id', '=', loadId).execute();
    },

    async findLoad(organizationId: string, loadId: string): Promise<HostingLoadRow | undefined> {
      return db.selectFrom('hosting_loads').selectAll().where('organization_id', '=', organizationId).where('id', '=', loadId).executeTakeFirst();
    },

    /** The organisation's loads, newest first. */
    async listLoads(organizationId: string, limit: number): Promise<HostingLoadRow[]> {
      return db.selectFrom('hosting_loads').selectAll().where('organization_id', '=', organizationId).orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
    },

    /** Running loads of the organisation (or, with `undefined`, of any: the system scope's recovery) whose heartbeat is older than `before`. */
    async findStaleLoads(organizationId: string | undefined, before: Date): Promise<HostingLoadRow[]> {
      let query = db.selectFrom('hosting_loads').selectAll().where('state', '=', 'running').where('heartbeat_at', '<=', before);
      if (organizationId !== undefined) query = query.where('organization_id', '=', organizationId);
      return query.execute();
    },

    /** Whether the organisation has a running load with a heartbeat after `since`. */
    async hasLiveLoad(organizationId: string, since: Date): Promise<boolean> {
      const row = await db.selectFrom('hosting_loads').select('id').where('organization_id', '=', organizationId).where('state', '=', 'running').where('heartbeat_at', '>', since).executeTakeFirst();
      return row !== undefined;
    },
  };
}
