import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BaseProfile, CatalogueMessage, CreateInvitations, Invitation, Locale, Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { Membership } from '../../shared/caller.ts';
import { AppError } from '../../shared/app-error.ts';
import { renderMail } from '../mail/mail.templates.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import type { MailFailureLog } from '../members/members.service.ts';
import { invitationMail } from './invitation.mails.ts';
import { INVITATION_TTL_MS, normalizeEmails, toInvitation } from './invitation-views.ts';
import { createInvitationsRepository, type InvitationViewRow } from './invitations.repository.ts';
import type { Clock } from '../../shared/clock.ts';

export interface InvitationsServiceDeps {
  db: Kysely<Database>;
  mailer: Pick<Mailer, 'send'>;
  /** Console address: the mail links to `${publicUrl}/invitations/{id}`. */
  publicUrl: string;
  log: MailFailureLog;
  /** Injectable clock (expiry tests). */
  now: Clock;
  newId?: () => string;
}

/** Invitations straight into a work team. */
export interface IntoTeam {
  teamId: string;
  endsOn: string | null;
  alongside?: (trx: Kysely<Database>) => Promise<void>;
}

/** The organisation side of invitations: invite, list, cancel, resend. */
export function createInvitationsService(deps: InvitationsServiceDeps) {
  const now = deps.now;
  const newId = deps.newId ?? randomUUID;
  const invitations = createInvitationsRepository(deps.db);

  async function mailInvitations(rows: InvitationViewRow[], fallbackLocale: Locale): Promise<void> {
    const locales = await invitations.findLocalesByEmail(rows.map((r) => r.email));
    for (const row of rows) {
      const vars = {
        organizationName: row.organization_name,
        invitedBy: row.invited_by_name ?? '',
        role: row.role,
        url: `${deps.publicUrl.replace(/\/+$/, '')}/invitations/${encodeURIComponent(row.id)}`,
        expiresAt: row.expires_at,
      };
      try {
        await deps.mailer.send({ to: row.email, ...renderMail(invitationMail, locales.get(row.email) ?? fallbackLocale, vars) });
      } catch (error) {
        deps.log.error({ err: error, invitationId: row.id }, 'invitation e-mail could not be sent');
      }
    }
  }

  async function inviterLocale(userId: string): Promise<Locale> {
    return (await invitations.findAccount(userId))?.locale ?? 'fr';
  }

  return {
    /**
     * Invites each address with the role (refreshing a pending invitation rather than duplicating it),
     * then mails them; with `intoTeam`, the invitee joins that team (until `endsOn`) on accepting, and
     * `alongside` writes in the same transaction (the team's other new places), so both commit or neither.
     */
    async inviteMembers(organizationId: string, caller: Membership, input: CreateInvitations, intoTeam?: IntoTeam): Promise<Invitation[]> {
      if (input.role === 'owner' && caller.role !== 'owner') {
        throw new AppError('forbidden', 'member.owner_grant_forbidden');
      }
      const emails = normalizeEmails(input.emails);
      const at = now();
      const ids = await deps.db.transaction().execute(async (trx) => {
        const members = createMembersRepository(trx);
        const alreadyMembers: Record<string, CatalogueMessage> = {};
        for (const [index, email] of emails.entries()) {
          if (await members.isEmailMember(organizationId, email)) alreadyMembers[`/emails/${index}`] = { code: 'invitation.email_already_member', params: { email } };
        }
        if (Object.keys(alreadyMembers).length > 0) {
          throw new AppError('conflict', 'invitation.already_member', {}, { fields: alreadyMembers });
        }
        const repository = createInvitationsRepository(trx);
        const expiresAt = new Date(at.getTime() + INVITATION_TTL_MS);
        const stored: string[] = [];
        for (const email of emails) {
          const values = { id: newId(), email, role: input.role, invitedByUserId: caller.userId, expiresAt, now: at };
          const id = await repository.upsertPendingInvitation(organizationId, values);
          if (intoTeam) await repository.linkTeam(organizationId, id, intoTeam.teamId, intoTeam.endsOn);
          stored.push(id);
        }
        await intoTeam?.alongside?.(trx);
        return stored;
      });
      const found = await invitations.listInvitationViews(organizationId, ids);
      const rows = ids.flatMap((id) => found.filter((row) => row.id === id));
      await mailInvitations(rows, await inviterLocale(caller.userId));
      return rows.map((row) => toInvitation(row, at));
    },

    /**
     * Invites each address with its role and, on accepting, its profile on base `baseId`, in one
     * transaction (`alongside` writes in it too), then mails them: the users recovered from a profiles
     * file in the hosting console, where nobody signed in invites (no inviter). A pending invitation
     * is refreshed, not duplicated.
     */
    async inviteIntoBase(organizationId: string, baseId: string, invitees: readonly { email: string; role: Role; profile: BaseProfile | null; endsOn: string | null }[], alongside?: (trx: Kysely<Database>) => Promise<void>): Promise<number> {
      const at = now();
      const ids = await deps.db.transaction().execute(async (trx) => {
        const repository = createInvitationsRepository(trx);
        const expiresAt = new Date(at.getTime() + INVITATION_TTL_MS);
        const stored: string[] = [];
        for (const invitee of invitees) {
          const id = await repository.upsertPendingInvitation(organizationId, { id: newId(), email: invitee.email, role: invitee.role, invitedByUserId: null, expiresAt, now: at });
          if (invitee.profile) await repository.linkBaseProfile(organizationId, id, baseId, invitee.profile, invitee.endsOn);
          stored.push(id);
        }
        await alongside?.(trx);
        return stored;
      });
      if (ids.length > 0) await mailInvitations(await invitations.listInvitationViews(organizationId, ids), 'fr');
      return ids.length;
    },

    /** Every invitation of the organisation, newest first, expired ones marked so. */
    async listInvitations(organizationId: string): Promise<Invitation[]> {
      const at = now();
      return (await invitations.listInvitationViews(organizationId)).map((row) => toInvitation(row, at));
    },

    /** Cancels a pending (or expired) invitation. */
    async cancelInvitation(organizationId: string, invitationId: string): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        const repository = createInvitationsRepository(trx);
        const row = await repository.lockInvitation(organizationId, invitationId);
        if (!row) throw invitationNotFound();
        if (row.status !== 'pending') throw invitationNotPending();
        await repository.setInvitationStatus(organizationId, invitationId, 'cancelled', now());
      });
    },

    /** Gives a pending or expired invitation a new expiry and sends its mail again. */
    async resendInvitation(organizationId: string, caller: Membership, invitationId: string): Promise<Invitation> {
      const at = now();
      await deps.db.transaction().execute(async (trx) => {
        const repository = createInvitationsRepository(trx);
        const row = await repository.lockInvitation(organizationId, invitationId);
        if (!row) throw invitationNotFound();
        if (row.status !== 'pending') throw invitationNotPending();
        if (row.role === 'owner' && caller.role !== 'owner') {
          throw new AppError('forbidden', 'member.owner_grant_forbidden');
        }
        const expiresAt = new Date(at.getTime() + INVITATION_TTL_MS);
        await repository.refreshInvitation(organizationId, invitationId, { invitedByUserId: caller.userId, expiresAt, now: at });
      });
      const rows = await invitations.listInvitationViews(organizationId, [invitationId]);
      await mailInvitations(rows, await inviterLocale(caller.userId));
      const [row] = rows;
      if (!row) throw invitationNotFound();
      return toInvitation(row, at);
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;

/** 404 for an invitation that does not exist or is not the caller's to see. */
export function invitationNotFound(): AppError {
  return new AppError('not_found', 'invitation.not_found');
}

/** 409 for an invitation already accepted, declined or cancelled. */
export function invitationNotPending(): AppError {
  return new AppError('conflict', 'invitation.not_pending');
}
