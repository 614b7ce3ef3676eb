import type { Kysely, Selectable } from 'kysely';
import type { Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { InvitationTable, StoredInvitationStatus } from './invitations.tables.ts';

export type InvitationRow = Selectable<InvitationTable>;
/** An invitation with its organisation's name and the inviter's name (null once their account is gone). */
export type InvitationViewRow = InvitationRow & { organization_name: string; invited_by_name: string | null };

/** SQL for invitations: organisation-side functions take the organisation id first. */
export function createInvitationsRepository(db: Kysely<Database>) {
  const invitationViews = () =>
    db
      .selectFrom('invitation')
      .innerJoin('organization', 'organization.id', 'invitation.organization_id')
      .leftJoin('user', 'user.id', 'invitation.invited_by_user_id')
      .selectAll('invitation')
      .select(['organization.name as organization_name', 'user.name as invited_by_name']);

  return {
    /** Stores a new pending invitation. */
    async insertInvitation(
      organizationId: string,
      values: { id: string; email: string; role: Role; invitedByUserId: string; expiresAt: Date; now: Date },
    ): Promise<void> {
      await db
        .insertInto('invitation')
        .values({
          id: values.id,
          organization_id: organizationId,
          email: values.email,
          role: values.role,
          status: 'pending',
          invited_by_user_id: values.invitedByUserId,
          expires_at: values.expiresAt,
          created_at: values.now,
          updated_at: values.now,
        })
        .execute();
    },

    /** The pending (possibly expired) invitation of this address, locked for the transaction. */
    async findPendingInvitationByEmail(organizationId: string, email: string): Promise<InvitationRow | undefined> {
      return db
        .selectFrom('invitation')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('email', '=', email)
        .where('status', '=', 'pending')
        .forUpdate()
        .executeTakeFirst();
    },

    /** Gives a pending invitation a new role, inviter and expiry (a refresh or a resend). */
    async refreshInvitation(
      organizationId: string,
      invitationId: string,
      values: { role: Role; invitedByUserId: string; expiresAt: Date; now: Date },
    ): Promise<void> {
      await db
        .updateTable('invitation')
        .set({
          role: values.role,
          invited_by_user_id: values.invitedByUserId,
          expires_at: values.expiresAt,
          updated_at: values.now,
        })
        .where('organization_id', '=', organizationId)
        .where('id', '=', invitationId)
        .execute();
    },

    /** One invitation of the organisation, locked for the transaction. */
    async lockInvitation(organizationId: string, invitationId: string): Promise<InvitationRow | undefined> {
      return db
        .selectFrom('invitation')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('id', '=', invitationId)
        .forUpdate()
        .executeTakeFirst();
    },

    /** Invitations of the organisation as shown to its managers, newest first. */
    async listInvitationViews(organizationId: string, ids?: readonly string[]): Promise<InvitationViewRow[]> {
      let query = invitationViews().where('invitation.organization_id', '=', organizationId);
      if (ids) query = ids.length === 0 ? query.where((eb) => eb.val(false)) : query.where('invitation.id', 'in', ids);
      return query.orderBy('invitation.created_at', 'desc').orderBy('invitation.email').execute();
    },

    /** Moves an invitation to a final state. */
    async setInvitationStatus(
      organizationId: string,
      invitationId: string,
      status: StoredInvitationStatus,
      now: Date,
    ): Promise<void> {
      await db
        .updateTable('invitation')
        .set({ status, updated_at: now })
        .where('organization_id', '=', organizationId)
        .where('id', '=', invitationId)
        .execute();
    },

    /** Invitations addressed to `email` across organisations, newest first (the invitee's side). */
    async listInvitationViewsForEmail(email: string): Promise<InvitationViewRow[]> {
      return invitationViews()
        .where('invitation.email', '=', email)
        .orderBy('invitation.created_at', 'desc')
        .execute();
    },

    /** The invitation `invitationId` if it is addressed to `email`, locked for the transaction. */
    async lockInvitationForEmail(invitationId: string, email: string): Promise<InvitationRow | undefined> {
      return db
        .selectFrom('invitation')
        .selectAll()
        .where('id', '=', invitationId)
        .where('email', '=', email)
        .forUpdate()
        .executeTakeFirst();
    },
  };
}

export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;
