import { sql, type Insertable, type Kysely, type Selectable, type ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RecordedPart, ResumableUploadsTable } from './uploads.tables.ts';

export type UploadRow = Selectable<ResumableUploadsTable>;

/** The caller's uploads: a member's in a base, or (both null) the organisation's hosting console's. */
function ofCaller(baseId: string | null, userId: string | null) {
  return (eb: ExpressionBuilder<Database, 'resumable_uploads'>) =>
    baseId === null || userId === null ? eb('hosting', '=', true) : eb.and([eb('hosting', '=', false), eb('base_id', '=', baseId), eb('user_id', '=', userId)]);
}

/** SQL of resumable uploads; every query names the organisation except the two the name says. */
export function createUploadsRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<ResumableUploadsTable>): Promise<void> {
      await db.insertInto('resumable_uploads').values(row).execute();
    },

    /** The upload `id` of `userId` in this base (both null: of the organisation's hosting console), whatever its state. */
    async findOfCaller(organizationId: string, baseId: string | null, id: string, userId: string | null): Promise<UploadRow | undefined> {
      return db.selectFrom('resumable_uploads').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).where(ofCaller(baseId, userId)).executeTakeFirst();
    },

    async recordReceived(organizationId: string, id: string, receivedBytes: number): Promise<void> {
      await db.updateTable('resumable_uploads').set({ received_bytes: receivedBytes }).where('organization_id', '=', organizationId).where('id', '=', id).where('state', '=', 'receiving').execute();
    },

    async markComplete(organizationId: string, id: string, completion: { sizeBytes: number; sha256: string; at: Date }): Promise<void> {
      await db
        .updateTable('resumable_uploads')
        .set({ state: 'complete', received_bytes: completion.sizeBytes, sha256: completion.sha256, completed_at: completion.at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where('state', '=', 'receiving')
        .execute();
    },

    /** Marks a complete upload of the caller claimed, once: the row when this call claimed it. */
    async claim(organizationId: string, baseId: string | null, id: string, userId: string | null, at: Date): Promise<UploadRow | undefined> {
      return db
        .updateTable('resumable_uploads')
        .set({ state: 'claimed', claimed_at: at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where(ofCaller(baseId, userId))
        .where('state', '=', 'complete')
        .returningAll()
        .executeTakeFirst();
    },

    async remove(organizationId: string, id: string): Promise<void> {
      await db.deleteFrom('resumable_uploads').where('organization_id', '=', organizationId).where('id', '=', id).execute();
    },

    /** Uploads past their expiry that nothing claimed (unfinished, or finished and left), every organisation's (the sweep, in the system scope). */
    async findExpiredAcrossOrganizations(now: Date, limit: number): Promise<Pick<UploadRow, 'id' | 'organization_id' | 'storage_key'>[]> {
      return db
        .selectFrom('resumable_uploads')
        .select(['id', 'organization_id', 'storage_key'])
        .where('state', 'in', ['receiving', 'complete'])
        .where('expires_at', '<', now)
        .orderBy('expires_at')
        .limit(limit)
        .execute();
    },

    /** The S3 parts recorded for an upload, by its storage key (the tus store knows only the key). */
    async findPartsUnscoped(storageKey: string): Promise<RecordedPart[]> {
      const row = await db.selectFrom('resumable_uploads').select('s3_parts').where('storage_key', '=', storageKey).executeTakeFirst();
      return row?.s3_parts ?? [];
    },

    /** Adds a part sent to S3, replacing one of the same number (a retried part), in one statement: parts are sent concurrently. */
    async recordPartUnscoped(storageKey: string, part: RecordedPart): Promise<void> {
      await db
        .updateTable('resumable_uploads')
        .set({
          s3_parts: sql<string>`(select coalesce(jsonb_agg(p), '[]'::jsonb) from jsonb_array_elements(s3_parts) p where (p->>'PartNumber')::int <> ${part.PartNumber}) || ${JSON.stringify([part])}::jsonb`,
        })
        .where('storage_key', '=', storageKey)
        .execute();
    },
  };
}

