/** SQL of base files, the deletion queue and quotas; every tenant query names the organisation. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BaseFilesTable } from './base-files.tables.ts';

export type BaseFileRow = Selectable<BaseFilesTable>;

interface NewFile {
  id: string;
  organizationId: string;
  baseId: string;
  kind: BaseFileRow['kind'];
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  pupilId: string | null;
  classId: string | null;
}

export function createBaseFilesRepository(db: Kysely<Database>) {
  return {
    async insert(trx: Kysely<Database>, file: NewFile, createdByUserId: string | null): Promise<void> {
      await trx
        .insertInto('base_files')
        .values({
          id: file.id,
          organization_id: file.organizationId,
          base_id: file.baseId,
          kind: file.kind,
          storage_key: file.storageKey,
          content_type: file.contentType,
          size_bytes: file.sizeBytes,
          sha256: file.sha256,
          pupil_id: file.pupilId,
          class_id: file.classId,
          created_by_user_id: createdByUserId,
        })
        .execute();
    },

    find(organizationId: string, id: string): Promise<BaseFileRow | undefined> {
      return db.selectFrom('base_files').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    },

    async remove(trx: Kysely<Database>, organizationId: string, ids: readonly string[]): Promise<void> {
      await trx.deleteFrom('base_files').where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
    },

    /** Serialises the quota checks of one organisation's uploads until the transaction ends. */
    async lockOrganization(trx: Kysely<Database>, organizationId: string): Promise<void> {
      await sql`select id from organization where id = ${organizationId} for no key update`.execute(trx);
    },

    async usedBytes(executor: Kysely<Database>, organizationId: string): Promise<number> {
      const row = await executor
        .selectFrom('base_files')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size_bytes'), sql<number>`0`).as('used'))
        .where('organization_id', '=', organizationId)
        .executeTakeFirstOrThrow();
      return Number(row.used);
    },

    async usageByBase(organizationId: string): Promise<{ baseId: string; usedBytes: number }[]> {
      const rows = await db
        .selectFrom('base_files')
        .select((eb) => ['base_id', eb.fn.sum<number>('size_bytes').as('used')])
        .where('organization_id', '=', organizationId)
        .groupBy('base_id')
        .orderBy('base_id')
        .execute();
      return rows.map((row) => ({ baseId: row.base_id, usedBytes: Number(row.used) }));
    },

    /** The operator's quota (null: no limit), or undefined when none was set. */
    async findQuota(organizationId: string, executor: Kysely<Database> = db): Promise<number | null | undefined> {
      const row = await executor.selectFrom('organization_storage_quotas').select('quota_bytes').where('organization_id', '=', organizationId).executeTakeFirst();
      return row?.quota_bytes;
    },

    async setQuota(organizationId: string, quotaBytes: number | null | undefined, userId: string): Promise<void> {
      if (quotaBytes === undefined) {
        await db.deleteFrom('organization_storage_quotas').where('organization_id', '=', organizationId).execute();
        return;
      }
      await db
        .insertInto('organization_storage_quotas')
        .values({ organization_id: organizationId, quota_bytes: quotaBytes, updated_by_user_id: userId })
        .onConflict((oc) => oc.column('organization_id').doUpdateSet({ quota_bytes: quotaBytes, updated_by_user_id: userId, updated_at: new Date() }))
        .execute();
    },

    /** Up to `limit` queued keys, locked so that another process drains others. */
    async takeDeletions(trx: Kysely<Database>, limit: number): Promise<string[]> {
      const rows = await trx.selectFrom('storage_deletions').select('storage_key').orderBy('queued_at').limit(limit).forUpdate().skipLocked().execute();
      return rows.map((row) => row.storage_key);
    },

    async forgetDeletions(trx: Kysely<Database>, keys: readonly string[]): Promise<void> {
      if (keys.length > 0) await trx.deleteFrom('storage_deletions').where('storage_key', 'in', keys).execute();
    },

    /** The organisation's bases' names (with their school year) by id; undefined when there is no such organisation. */
    async baseNamesOf(organizationId: string): Promise<Map<string, string> | undefined> {
      const organization = await db.selectFrom('organization').select('id').where('id', '=', organizationId).executeTakeFirst();
      if (!organization) return undefined;
      const bases = await db.selectFrom('school_bases').select(['id', 'name', 'school_year']).where('organization_id', '=', organizationId).orderBy('name').orderBy('school_year').execute();
      return new Map(bases.map((base) => [base.id, `${base.name} (${base.school_year})`]));
    },

    /** Which of `keys` a row names (system scope: the sweep looks at every organisation's objects). */
    async knownKeys(keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await db.selectFrom('base_files').select('storage_key').where('storage_key', 'in', keys).execute();
      return new Set(rows.map((row) => row.storage_key));
    },
  };
}
