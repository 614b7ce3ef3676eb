import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BillingAddressesTable } from './billing.tables.ts';

export type AddressRow = Selectable<BillingAddressesTable>;
type Executor = Kysely<Database> | Transaction<Database>;

/** SQL of an organisation's billing addresses. */
export function createAddressesRepository(db: Executor) {
  return {
    async list(organizationId: string): Promise<(AddressRow & { used: boolean })[]> {
      return db
        .selectFrom('billing_addresses as a')
        .selectAll('a')
        .select(sql<boolean>`exists (select 1 from billing_documents d where d.organization_id = a.organization_id and d.address_id = a.id and d.state <> 'draft')`.as('used'))
        .where('a.organization_id', '=', organizationId)
        .orderBy('a.archived_at', (o) => o.desc().nullsFirst())
        .orderBy('a.is_default', 'desc')
        .orderBy('a.name')
        .execute();
    },

    async find(organizationId: string, id: string): Promise<AddressRow | undefined> {
      return db.selectFrom('billing_addresses').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    },

    async findDefault(organizationId: string): Promise<AddressRow | undefined> {
      return db.selectFrom('billing_addresses').selectAll().where('organization_id', '=', organizationId).where('is_default', '=', true).executeTakeFirst();
    },

    /** Whether an issued document names the address (it may then be archived, never deleted). */
    async isUsed(organizationId: string, id: string): Promise<boolean> {
      const row = await db.selectFrom('billing_documents').select('id').where('organization_id', '=', organizationId).where('address_id', '=', id).where('state', '<>', 'draft').limit(1).executeTakeFirst();
      return row !== undefined;
    },

    async insert(row: Omit<AddressRow, 'created_at' | 'updated_at' | 'address'> & { address: string }): Promise<void> {
      await db.insertInto('billing_addresses').values(row).execute();
    },

    async update(organizationId: string, id: string, values: Partial<Omit<AddressRow, 'id' | 'organization_id' | 'created_at' | 'address'>> & { address?: string }): Promise<void> {
      await db.updateTable('billing_addresses').set(values).where('organization_id', '=', organizationId).where('id', '=', id).execute();
    },

    /** Makes no address the default (before another becomes it). */
    async clearDefault(organizationId: string): Promise<void> {
      await db.updateTable('billing_addresses').set({ is_default: false }).where('organization_id', '=', organizationId).where('is_default', '=', true).execute();
    },

    async promoteOldestActive(organizationId: string): Promise<void> {
      const oldest = await db.selectFrom('billing_addresses').select('id').where('organization_id', '=', organizationId).where('archived_at', 'is', null).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
      if (oldest) await db.updateTable('billing_addresses').set({ is_default: true }).where('organization_id', '=', organizationId).where('id', '=', oldest.id).execute();
    },

    async delete(organizationId: string, id: string): Promise<void> {
      await db.deleteFrom('billing_addresses').where('organization_id', '=', organizationId).where('id', '=', id).execute();
    },

    /** Products naming the address for their renewal fall back to the default. */
    async detachFromProducts(organizationId: string, id: string): Promise<void> {
      await db.updateTable('billing_products').set({ address_id: null }).where('organization_id', '=', organizationId).where('address_id', '=', id).execute();
    },
  };
}
