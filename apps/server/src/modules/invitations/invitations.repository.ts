import { sql, type Kysely, type Selectable } from 'kysely';
import type { BaseProfile, Locale, Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { InvitationTable, StoredInvitationStatus } from './invitations.tables.ts';

export type InvitationRow = Selectable<InvitationTable>;
/** An invitation with its organisation's name and the inviter's name (null once their account is gone). */
export type InvitationViewRow = InvitationRow & { organization_name: string; invited_by_name: string | null };
export interface AccountRow {
  id: string;
  name: string;
  email: string;
  email_verified: boolean;
  locale: Locale;
}

/**
 * SQL for invitations: organisation-side functions take the organisation id first. The invitee's
 * side (`…ForEmail`) looks across organisations for the invitations addressed to the caller's own
 * e-mail (system scope); accounts are not organisation data.
 */
export function createInvitationsRepository(db: Kysely<Database>) {
  const invitationViews = () =>
    db
      .selectFrom('invitation')
      .innerJoin('organization', 'organization.id', 'invitation.organization_id')
      .leftJoin('user', 'user.id', 'invitation.invited_by_user_id')
      .selectAll('invitation')
      .select(['organization.name as organization_name', 'user.name as invited_by_name']);

  return {
    /**
     * Stores a pending invitation, or refreshes the pending one already addressed to this e-mail
     * (new role, inviter and expiry) rather than duplicating it; returns the invitation's id.
     */
    async upsertPendingInvitation(
      organizationId: string,
      values: { id: string; email: string; role: Role; invitedByUserId: string | null; expiresAt: Date; now: Date },
    ): Promise<string> {
      const row = await db
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
        .onConflict((oc) =>
          oc
            .columns(['organization_id', 'email'])
            // A literal, not a parameter: PostgreSQL picks the partial unique index only when it can
            // see the condition, which a prepared statement's generic plan could not.
            .where('status', '=', sql.lit('pending'))
            .doUpdateSet((eb) => ({
              role: eb.ref('excluded.role'),
              invited_by_user_id: eb.ref('excluded.invited_by_user_id'),
              expires_at: eb.ref('excluded.expires_at'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Gives a pending invitation a new inviter and expiry (a resend). */
    /** The invitee joins team `teamId` (until `endsOn`) on accepting. */
    async linkTeam(organizationId: string, invitationId: string, teamId: string, endsOn: string | null): Promise<void> {
      await db.insertInto('invitation_teams').values({ invitation_id: invitationId, team_id: teamId, organization_id: organizationId, ends_on: endsOn })
        .onConflict((oc) => oc.columns(['invitation_id', 'team_id']).doUpdateSet({ ends_on: endsOn }))
        .execute();
    },

    /** The invitee receives `profile` on base `baseId` (until `endsOn`) on accepting. */
    async linkBaseProfile(organizationId: string, invitationId: string, baseId: string, profile: BaseProfile, endsOn: string | null): Promise<void> {
      await db.insertInto('invitation_base_profiles').values({ invitation_id: invitationId, organization_id: organizationId, base_id: baseId, profile, ends_on: endsOn })
        .onConflict((oc) => oc.columns(['invitation_id', 'base_id']).doUpdateSet({ profile, ends_on: endsOn }))
        .execute();
    },

    /** Gives the new member `memberId` the base profiles their invitation names. */
    async grantInvitedBaseProfiles(organizationId: string, invitationId: string, memberId: string): Promise<void> {
      await db.insertInto('base_profiles')
        .columns(['base_id', 'organization_id', 'member_id', 'profile', 'ends_on'])
        .expression((eb) => eb.selectFrom('invitation_base_profiles')
          .select(['base_id', 'organization_id', eb.val(memberId).as('member_id'), 'profile', 'ends_on'])
          .where('organization_id', '=', organizationId)
          .where('invitation_id', '=', invitationId))
        .onConflict((oc) => oc.columns(['base_id', 'member_id']).doNothing())
        .execute();
    },

    /** Puts the new member `memberId` in the teams their invitation names. */
    async joinInvitedTeams(organizationId: string, invitationId: string, memberId: string): Promise<void> {
      await db.insertInto('team_members')
        .columns(['team_id', 'organization_id', 'member_id', 'ends_on'])
        .expression((eb) => eb.selectFrom('invitation_teams')
          .select(['team_id', 'organization_id', eb.val(memberId).as('member_id'), 'ends_on'])
          .where('organization_id', '=', organizationId)
          .where('invitation_id', '=', invitationId))
        .onConflict((oc) => oc.columns(['team_id', 'member_id']).doNothing())
        .execute();
    },

    async refreshInvitation(
      organizationId: string,
      invitationId: string,
      values: { invitedByUserId: string; expiresAt: Date; now: Date },
    ): Promise<void> {
      await db
        .updateTable('invitation')
        .set({
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

    /** The invitation `invitationId` with its names, if it is addressed to `email`. */
    async findInvitationViewForEmail(invitationId: string, email: string): Promise<InvitationViewRow | undefined> {
      return invitationViews()
        .where('invitation.id', '=', invitationId)
        .where('invitation.email', '=', email)
        .executeTakeFirst();
    },

    /**
     * Any organisation's invitation by its id, with its names: the public invitation page, whose
     * random id (mailed only to the invitee) is the token (system scope, like the `…ForEmail` reads).
     */
    async findInvitationViewAcrossOrganizations(invitationId: string): Promise<InvitationViewRow | undefined> {
      return invitationViews().where('invitation.id', '=', invitationId).executeTakeFirst();
    },

    /** The account's e-mail (lower-case), verification state, name and language. */
    async findAccount(userId: string): Promise<AccountRow | undefined> {
      return db
        .selectFrom('user')
        .select(['id', 'name', 'locale', 'email_verified'])
        .select((eb) => eb.fn<string>('lower', ['email']).as('email'))
        .where('id', '=', userId)
        .executeTakeFirst();
    },

    /** Languages of the accounts that exist among these (lower-case) e-mails. */
    async findLocalesByEmail(emails: readonly string[]): Promise<Map<string, Locale>> {
      if (emails.length === 0) return new Map();
      const rows = await db
        .selectFrom('user')
        .select(['locale'])
        .select((eb) => eb.fn<string>('lower', ['email']).as('email'))
        .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
        .execute();
      return new Map(rows.map((r) => [r.email, r.locale]));
    },
  };
}

