import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Locale, Role } from '@preau/contracts';
import { isoTimestamp } from '../../db/iso-timestamp.ts';
import type { Database } from '../../db/schema.ts';
import type { MemberTable } from './members.tables.ts';

export type MemberRow = Selectable<MemberTable>;
/** A member with the account's name, e-mail and language, and when they joined (ISO text). */
export type MemberWithUserRow = Omit<MemberRow, 'created_at'> & { joined_at: string; name: string; email: string; locale: Locale };
export type MemberSwitches = Pick<MemberRow, 'billing_rights' | 'billing_reminders_email' | 'billing_reminders_sms'>;

/** SQL for members; every function is scoped by the organisation id (its first argument). */
export function createMembersRepository(db: Kysely<Database>) {
  const membersWithUsers = () =>
    db
      .selectFrom('member')
      .innerJoin('user', 'user.id', 'member.user_id')
      .select(['member.id', 'member.organization_id', 'member.user_id', 'member.role', 'member.billing_rights', 'member.billing_reminders_email', 'member.billing_reminders_sms'])
      .select(isoTimestamp('member.created_at').as('joined_at'))
      .select(['user.name', 'user.email', 'user.locale']);

  return {
    /** Adds `userId` to the organisation; the unique (organisation, user) pair guards duplicates. */
    async insertMember(
      organizationId: string,
      values: { id: string; userId: string; role: Role } & MemberSwitches,
    ): Promise<MemberRow> {
      const { id, userId, role, ...switches } = values;
      return db
        .insertInto('member')
        .values({ id, organization_id: organizationId, user_id: userId, role, ...switches })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** The membership of `userId` in the organisation, if any. */
    async findMemberByUser(organizationId: string, userId: string): Promise<MemberRow | undefined> {
      return db
        .selectFrom('member')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },

    /** Whether an account with this e-mail (lower-case) already belongs to the organisation. */
    async isEmailMember(organizationId: string, email: string): Promise<boolean> {
      const row = await db
        .selectFrom('member')
        .innerJoin('user', 'user.id', 'member.user_id')
        .select('member.id')
        .where('member.organization_id', '=', organizationId)
        .where((eb) => eb(eb.fn('lower', ['user.email']), '=', email))
        .executeTakeFirst();
      return row !== undefined;
    },

    /** One member with its account, scoped to the organisation. */
    async findMemberById(organizationId: string, memberId: string): Promise<MemberWithUserRow | undefined> {
      return membersWithUsers()
        .where('member.organization_id', '=', organizationId)
        .where('member.id', '=', memberId)
        .executeTakeFirst();
    },

    /** Members by name; externals left out unless asked for (the caller's own row always stays). */
    async listMembers(
      organizationId: string,
      options: { includeExternals: boolean; callerUserId: string },
    ): Promise<MemberWithUserRow[]> {
      let query = membersWithUsers().where('member.organization_id', '=', organizationId);
      if (!options.includeExternals) {
        query = query.where((eb) =>
          eb.or([eb('member.role', '!=', 'external'), eb('member.user_id', '=', options.callerUserId)]),
        );
      }
      return query.orderBy('user.name').orderBy('member.created_at').execute();
    },

    /**
     * Locks the organisation's legal-owner rows until the transaction ends and returns their ids,
     * so two concurrent demotions or removals cannot both pass the "last owner" check.
     */
    async lockOwnerIds(organizationId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('member')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('role', '=', 'owner')
        .orderBy('id')
        .forUpdate()
        .execute();
      return rows.map((r) => r.id);
    },

    /** Applies a change of role or switches. */
    async updateMember(
      organizationId: string,
      memberId: string,
      patch: Updateable<Pick<MemberTable, 'role'>> & Partial<MemberSwitches>,
    ): Promise<void> {
      await db
        .updateTable('member')
        .set(patch)
        .where('organization_id', '=', organizationId)
        .where('id', '=', memberId)
        .execute();
    },

    /** Removes the member from the organisation. */
    async deleteMember(organizationId: string, memberId: string): Promise<void> {
      await db.deleteFrom('member').where('organization_id', '=', organizationId).where('id', '=', memberId).execute();
    },
  };
}

