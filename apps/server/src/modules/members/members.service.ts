import type { Kysely } from 'kysely';
import type { Member, UpdateMember } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { Membership } from '../../shared/caller.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Mailer } from '../mail/mailer.ts';
import { renderMail } from '../mail/mail.templates.ts';
import { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import { assertMayChangeMember, decideSwitches, MANAGER_ROLES } from './member-rules.ts';
import { roleChangedMail, type RoleChangedVars } from './member.mails.ts';
import { createMembersRepository, type MemberWithUserRow } from './members.repository.ts';

/** Where a mail that could not be sent is reported; the change it announces stays committed. */
export interface MailFailureLog {
  error(details: object, message: string): void;
}

export interface MembersServiceDeps {
  db: Kysely<Database>;
  mailer: Pick<Mailer, 'send'>;
  /** Console address, for links in e-mails. */
  publicUrl: string;
  log: MailFailureLog;
}

/** Listing members, changing their role and switches, removing them. */
export function createMembersService(deps: MembersServiceDeps) {
  const members = createMembersRepository(deps.db);

  /** Sends the role-change summary in the member's language; a failure is logged, not thrown. */
  async function sendRoleChangedMail(member: MemberWithUserRow, vars: RoleChangedVars): Promise<void> {
    try {
      await deps.mailer.send({ to: member.email, ...renderMail(roleChangedMail, member.locale, vars) });
    } catch (error) {
      deps.log.error({ err: error, memberId: member.id }, 'role change e-mail could not be sent');
    }
  }

  return {
    /** Members of the organisation; collaborators and externals do not see externals (but themselves). */
    async listMembers(organizationId: string, caller: Membership): Promise<Member[]> {
      const includeExternals = MANAGER_ROLES.includes(caller.role);
      const rows = await members.listMembers(organizationId, { includeExternals, callerUserId: caller.userId });
      return rows.map(toMember);
    },

    /** Changes a member's role or switches under the role rules, then e-mails them a summary. */
    async updateMember(organizationId: string, caller: Membership, memberId: string, patch: UpdateMember): Promise<Member> {
      const change = await deps.db.transaction().execute(async (trx) => {
        const repository = createMembersRepository(trx);
        const ownerIds = await repository.lockOwnerIds(organizationId);
        const actor = await repository.findMemberById(organizationId, caller.memberId);
        const target = await repository.findMemberById(organizationId, memberId);
        if (!actor) throw new AppError('forbidden', 'forbidden');
        if (!target) throw memberNotFound();
        const newRole = patch.role ?? target.role;
        assertMayChangeMember(actor, target, newRole, ownerIds);
        const switches = decideSwitches(target, newRole, patch);
        await repository.updateMember(organizationId, memberId, { role: newRole, ...switches });
        const updated = { ...target, role: newRole, ...switches };
        const organization = await createOrganizationsRepository(trx).findOrganization(organizationId);
        return { before: target, after: updated, actorName: actor.name, organizationName: organization?.name ?? '' };
      });
      if (hasChanged(change.before, change.after)) {
        await sendRoleChangedMail(change.after, {
          memberName: change.after.name,
          organizationName: change.organizationName,
          oldRole: change.before.role,
          newRole: change.after.role,
          switches: toMember(change.after),
          changedBy: change.actorName,
          consoleUrl: deps.publicUrl,
        });
      }
      return toMember(change.after);
    },

    /** Removes a member under the role rules (the last legal owner stays). */
    async removeMember(organizationId: string, caller: Membership, memberId: string): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        const repository = createMembersRepository(trx);
        const ownerIds = await repository.lockOwnerIds(organizationId);
        const actor = await repository.findMemberById(organizationId, caller.memberId);
        const target = await repository.findMemberById(organizationId, memberId);
        if (!actor) throw new AppError('forbidden', 'forbidden');
        if (!target) throw memberNotFound();
        assertMayChangeMember(actor, target, 'removed', ownerIds);
        await repository.deleteMember(organizationId, memberId);
      });
    },

  };
}

export type MembersService = ReturnType<typeof createMembersService>;

function memberNotFound(): AppError {
  return new AppError('not_found', 'member.not_found');
}

function hasChanged(before: MemberWithUserRow, after: MemberWithUserRow): boolean {
  return (
    before.role !== after.role ||
    before.billing_rights !== after.billing_rights ||
    before.billing_reminders_email !== after.billing_reminders_email ||
    before.billing_reminders_sms !== after.billing_reminders_sms
  );
}

/** The contract's view of a member row. */
export function toMember(row: MemberWithUserRow): Member {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    billingRights: row.billing_rights,
    billingRemindersEmail: row.billing_reminders_email,
    billingRemindersSms: row.billing_reminders_sms,
    joinedAt: row.joined_at,
  };
}
