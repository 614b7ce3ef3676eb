import type { Kysely, Selectable } from 'kysely';
import type { Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { OrganizationTable } from './organizations.tables.ts';

export type OrganizationRow = Selectable<OrganizationTable>;
export type OrganizationWithRoleRow = OrganizationRow & { role: Role; billing_rights: boolean };

const ORGANIZATION_COLUMNS = [
  'organization.id',
  'organization.name',
  'organization.hosting_number',
  'organization.support_code',
  'organization.created_at',
] as const;

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

    /** The organisation with the given member's role, if `userId` belongs to it. */
    async findOrganizationForMember(organizationId: string, userId: string): Promise<OrganizationWithRoleRow | undefined> {
      return db
        .selectFrom('organization')
        .innerJoin('member', 'member.organization_id', 'organization.id')
        .select([...ORGANIZATION_COLUMNS, 'member.role', 'member.billing_rights'])
        .where('organization.id', '=', organizationId)
        .where('member.user_id', '=', userId)
        .executeTakeFirst();
    },

    /** Every organisation `userId` belongs to, with their role, by name: across organisations, for the caller's own list. */
    async listOrganizationsOfUser(userId: string): Promise<OrganizationWithRoleRow[]> {
      return db
        .selectFrom('organization')
        .innerJoin('member', 'member.organization_id', 'organization.id')
        .select([...ORGANIZATION_COLUMNS, 'member.role', 'member.billing_rights'])
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

