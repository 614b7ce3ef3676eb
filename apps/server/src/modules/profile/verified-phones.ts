import type { Kysely } from 'kysely';
import type { Locale } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';

/** A member whose profile holds a verified number, with what a text to them needs. */
export interface VerifiedPhone {
  memberId: string;
  userId: string;
  name: string;
  locale: Locale;
  /** E.164. */
  phone: string;
}

/**
 * The verified numbers of an organisation's members, for the features that text them (hosting
 * passwords to legal owners, billing reminders). Members without a verified number are left out;
 * every query is scoped by the organisation id.
 */
export function createVerifiedPhones(db: Kysely<Database>) {
  const verifiedOf = (organizationId: string) =>
    db
      .selectFrom('member')
      .innerJoin('user', 'user.id', 'member.user_id')
      .select(['member.id as memberId', 'user.id as userId', 'user.name', 'user.locale', 'user.phone'])
      .where('member.organization_id', '=', organizationId)
      .where('user.phone', 'is not', null)
      .where('user.phone_verified_at', 'is not', null)
      .orderBy('user.name')
      .orderBy('member.id');
  const toVerified = (rows: { memberId: string; userId: string; name: string; locale: Locale; phone: string | null }[]): VerifiedPhone[] =>
    rows.flatMap((row) => (row.phone === null ? [] : [{ ...row, phone: row.phone }]));

  return {
    /** The verified numbers of the organisation's legal owners. */
    ofLegalOwners: async (organizationId: string): Promise<VerifiedPhone[]> =>
      toVerified(await verifiedOf(organizationId).where('member.role', '=', 'owner').execute()),

    /** The verified numbers of the given members of the organisation (other organisations' member ids are ignored). */
    ofMembers: async (organizationId: string, memberIds: readonly string[]): Promise<VerifiedPhone[]> =>
      memberIds.length === 0 ? [] : toVerified(await verifiedOf(organizationId).where('member.id', 'in', [...memberIds]).execute()),
  };
}
