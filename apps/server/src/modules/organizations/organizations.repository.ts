import { sql, type Kysely, type Selectable } from 'kysely';
import type { BillingRight, Role } from '@preau/contracts';
import { accessDay, teamBillingSql } from '../effective-access/effective-access.ts';
import type { Database } from '../../db/schema.ts';
import type { OrganizationTable } from './organizations.tables.ts';

export type OrganizationRow = Selectable<OrganizationTable>;
export type OrganizationWithRoleRow = OrganizationRow & { role: Role; billing_rights: boolean; premium_support: boolean; team_billing?: BillingRight | null };

const ORGANIZATION_COLUMNS = [
  'organization.id',
  'organization.name',
  'organization.hosting_number',
  'organization.support_code',
  'organization.premium_support_code',
  'organization.created_at',
] as const;

/** Whether the organisation holds premium support now: a running product of the catalogue's `support` kind. */
export const holdsPremiumSupportSql = sql<boolean>`exists (
  select 1 from billing_products bp join billing_catalogue_items ci on ci.id = bp.catalogue_item_id
  where bp.organization_id = organization.id and ci.kind = 'support' and bp.ended_on is null)`;

/**
 * SQL for organisations; run it on the database or inside a transaction. Every function is scoped by
 * the organisation id, except `listOrganizationsOfUser`: the caller's own organisations, across them
 * (system scope).
 */
export function createOrganizationsRepository(db: Kysely<Database>) {
  return {
    /** Inserts the organisation unless its hosting number or support code is taken (then undefined). */
    async insertOrganizationIfCodesFree(values: {
      id: string;
      name: string;
      hostingNumber: string;
      supportCode: string;
    }): Promise<OrganizationRow | undefined> {
      return db
        .insertInto('organization')
        .values({
          id: values.id,
          name: values.name,
          hosting_number: values.hostingNumber,
          support_code: values.supportCode,
        })
        .onConflict((oc) => oc.doNothing())
        .returning(ORGANIZATION_COLUMNS)
        .executeTakeFirst();
    },

    /** The organisation, and whether it holds premium support. */
    async findOrganization(organizationId: string): Promise<(OrganizationRow & { premium_support: boolean }) | undefined> {
      return db
        .selectFrom('organization')
        .select([...ORGANIZATION_COLUMNS, holdsPremiumSupportSql.as('premium_support')])
        .where('organization.id', '=', organizationId)
        .executeTakeFirst();
    },

    /** Every organisation `userId` belongs to, with their role and the billing right their teams give on `at`, by name: across organisations, for the caller's own list. */
    async listOrganizationsOfUser(userId: string, at: Date): Promise<OrganizationWithRoleRow[]> {
      return db
        .selectFrom('organization')
        .innerJoin('member', 'member.organization_id', 'organization.id')
        .select([...ORGANIZATION_COLUMNS, 'member.role', 'member.billing_rights', holdsPremiumSupportSql.as('premium_support'), teamBillingSql(sql.ref('member.id'), accessDay(at)).as('team_billing')])
        .where('member.user_id', '=', userId)
        .orderBy('organization.name')
        .orderBy('organization.created_at')
        .execute();
    },

    /** Renames the organisation; false when it does not exist. */
    async renameOrganization(organizationId: string, name: string): Promise<boolean> {
      const result = await db
        .updateTable('organization')
        .set({ name })
        .where('id', '=', organizationId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

