import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Membership } from '../../shared/caller.ts';
import { createMembersRepository } from './members.repository.ts';

/** The lookup the access hook uses: `userId`'s membership of the organisation, if any. */
export function createMembershipFinder(db: Kysely<Database>) {
  const members = createMembersRepository(db);
  return async (organizationId: string, userId: string): Promise<Membership | undefined> => {
    const row = await members.findMemberByUser(organizationId, userId);
    return row && { organizationId, memberId: row.id, userId, role: row.role, billingRights: row.billing_rights };
  };
}
