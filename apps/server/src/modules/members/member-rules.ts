import type { Role, UpdateMember } from '@preau/contracts';
import { AppError } from '../../shared/app-error.ts';
import type { MemberRow, MemberSwitches } from './members.repository.ts';

/** What the rules read of a member (not when they joined). */
type MemberFacts = Omit<MemberRow, 'created_at'>;

/** Roles that may change roles, remove members and invite. */
export const MANAGER_ROLES: readonly Role[] = ['owner', 'admin'];

/** Whether a member with `role` may make someone legal owner (by invitation or by a change of role). */
export function mayAppointOwner(role: Role): boolean {
  return role === 'owner';
}

/** Switches a member gets with a role when nobody chose them. */
export function defaultSwitches(role: Role): MemberSwitches {
  switch (role) {
    case 'owner':
    case 'admin':
      return { billing_rights: true, billing_reminders_email: true, billing_reminders_sms: false };
    case 'collaborator':
    case 'external':
      return { billing_rights: false, billing_reminders_email: false, billing_reminders_sms: false };
  }
}

/**
 * The switches after an update. Legal owners and administrators always hold billing rights;
 * externals hold no billing right nor reminder; collaborators hold whatever is chosen. Asking for a
 * combination the role cannot have is refused rather than silently ignored.
 */
export function decideSwitches(target: MemberFacts, newRole: Role, requested: UpdateMember): MemberSwitches {
  const roleChanged = newRole !== target.role;
  const fallback = defaultSwitches(newRole);
  const next: MemberSwitches = {
    billing_rights: requested.billingRights ?? (roleChanged ? fallback.billing_rights : target.billing_rights),
    billing_reminders_email: requested.billingRemindersEmail ?? target.billing_reminders_email,
    billing_reminders_sms: requested.billingRemindersSms ?? target.billing_reminders_sms,
  };
  if (newRole === 'owner' || newRole === 'admin') {
    if (requested.billingRights === false) throw new AppError('unprocessable', 'member.switch_not_applicable');
    return { ...next, billing_rights: true };
  }
  if (newRole === 'external') {
    if (requested.billingRights || requested.billingRemindersEmail || requested.billingRemindersSms) {
      throw new AppError('unprocessable', 'member.switch_not_applicable');
    }
    return fallback;
  }
  return next;
}

/** Refuses a change of `target` by `actor` that the role rules forbid (owner rows locked by the caller). */
export function assertMayChangeMember(
  actor: MemberFacts,
  target: MemberFacts,
  newRole: Role | 'removed',
  lockedOwnerIds: readonly string[],
): void {
  if (!MANAGER_ROLES.includes(actor.role)) {
    throw new AppError('forbidden', 'forbidden');
  }
  if (target.role === 'owner' && actor.role !== 'owner') {
    throw new AppError('forbidden', 'member.owner_protected');
  }
  if (newRole === 'owner' && target.role !== 'owner' && !mayAppointOwner(actor.role)) {
    throw new AppError('forbidden', 'member.owner_grant_forbidden');
  }
  const losesOwnership = target.role === 'owner' && newRole !== 'owner';
  if (losesOwnership && lockedOwnerIds.filter((id) => id !== target.id).length === 0) {
    throw new AppError('conflict', 'member.last_owner');
  }
}
