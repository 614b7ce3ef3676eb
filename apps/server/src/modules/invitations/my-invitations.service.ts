import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Invitation, InvitationPreview } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { defaultSwitches } from '../members/member-rules.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import { invitationStatus, toInvitation } from './invitation-views.ts';
import { createInvitationsRepository, type AccountRow } from './invitations.repository.ts';
import { invitationNotFound, invitationNotPending } from './invitations.service.ts';
import type { Clock } from '../../shared/clock.ts';

export interface MyInvitationsServiceDeps {
  db: Kysely<Database>;
  now: Clock;
  newId?: () => string;
}

/**
 * The invitee's side: invitations addressed to the signed-in account's e-mail.
 *
 * Knowing an invitation's id (a random UUID sent only in the mail) proves access to the mailbox, so
 * an account whose e-mail is not verified yet may open and answer an invitation by its id (the mail's
 * link), but the list by e-mail is only shown once the address is verified: otherwise anyone could
 * sign up with someone else's address and pick up their invitations.
 */
export function createMyInvitationsService(deps: MyInvitationsServiceDeps) {
  const now = deps.now;
  const newId = deps.newId ?? randomUUID;
  const invitations = createInvitationsRepository(deps.db);

  async function account(userId: string): Promise<AccountRow> {
    const row = await invitations.findAccount(userId);
    if (!row) throw new AppError('unauthenticated', 'unauthenticated');
    return row;
  }

  async function answer(userId: string, invitationId: string, answerWith: 'accepted' | 'declined'): Promise<void> {
    const me = await account(userId);
    await deps.db.transaction().execute(async (trx) => {
      const repository = createInvitationsRepository(trx);
      const row = await repository.lockInvitationForEmail(invitationId, me.email);
      if (!row) throw invitationNotFound();
      const at = now();
      const status = invitationStatus(row, at);
      if (status === 'expired' && answerWith === 'accepted') {
        throw new AppError('conflict', 'invitation.expired');
      }
      if (status !== 'pending' && status !== 'expired') throw invitationNotPending();
      if (answerWith === 'accepted') {
        const members = createMembersRepository(trx);
        if (await members.findMemberByUser(row.organization_id, me.id)) {
          throw new AppError('conflict', 'invitation.already_member');
        }
        const values = { id: newId(), userId: me.id, role: row.role, ...defaultSwitches(row.role) };
        await members.insertMember(row.organization_id, values);
        await repository.joinInvitedTeams(row.organization_id, row.id, values.id);
        await repository.grantInvitedBaseProfiles(row.organization_id, row.id, values.id);
      }
      await repository.setInvitationStatus(row.organization_id, row.id, answerWith, at);
    });
  }

  /** One invitation addressed to the account's e-mail (the page the mail links to). */
  async function getMyInvitation(userId: string, invitationId: string): Promise<Invitation> {
    const me = await account(userId);
    const row = await invitations.findInvitationViewForEmail(invitationId, me.email);
    if (!row) throw invitationNotFound();
    return toInvitation(row, now());
  }

  return {
    /** Invitations addressed to the account's e-mail, newest first (none until the e-mail is verified). */
    async listMyInvitations(userId: string): Promise<Invitation[]> {
      const me = await account(userId);
      if (!me.email_verified) return [];
      const at = now();
      return (await invitations.listInvitationViewsForEmail(me.email)).map((row) => toInvitation(row, at));
    },

    getMyInvitation,

    /**
     * The public invitation page: what the invitee needs to see before signing in or up, for a
     * pending invitation only; an unknown, expired or answered one is an error with its code, and
     * nothing more of it is told.
     */
    async previewInvitation(invitationId: string): Promise<InvitationPreview> {
      const row = await invitations.findInvitationViewAcrossOrganizations(invitationId);
      if (!row) throw new AppError('not_found', 'invitation.link_unknown');
      const status = invitationStatus(row, now());
      if (status === 'expired') throw new AppError('conflict', 'invitation.expired');
      if (status !== 'pending') throw invitationNotPending();
      return {
        organizationName: row.organization_name,
        invitedBy: row.invited_by_name ?? '',
        email: row.email,
        role: row.role,
        expiresAt: row.expires_at.toISOString(),
      };
    },

    /** Accepts: the account joins the organisation with the invitation's role. */
    async acceptInvitation(userId: string, invitationId: string): Promise<Invitation> {
      await answer(userId, invitationId, 'accepted');
      return getMyInvitation(userId, invitationId);
    },

    /** Declines: the invitation can no longer be accepted. */
    async declineInvitation(userId: string, invitationId: string): Promise<Invitation> {
      await answer(userId, invitationId, 'declined');
      return getMyInvitation(userId, invitationId);
    },
  };
}

export type MyInvitationsService = ReturnType<typeof createMyInvitationsService>;
