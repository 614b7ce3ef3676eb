import type { Kysely } from 'kysely';
import type { UpdateBillingProvider } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';

/** SQL of the provider's identity (instance level: no organisation to scope it by). */
export function createProviderRepository(db: Kysely<Database>) {
  return {
    async find(): Promise<{ settings: UpdateBillingProvider; updatedAt: Date } | undefined> {
      const row = await db.selectFrom('billing_provider').select(['settings', 'updated_at']).executeTakeFirst();
      return row && { settings: row.settings, updatedAt: row.updated_at };
    },

    async save(settings: UpdateBillingProvider, userId: string, at: Date): Promise<void> {
      const values = { settings: JSON.stringify(settings), updated_at: at, updated_by_user_id: userId };
      await db
        .insertInto('billing_provider')
        .values(values)
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
  };
}
