/**
 * What a caller may do, read off the one authorisation table (access-table.ts) rather than written
 * again: services send it with an organisation or a base so the console shows only what the access
 * hook would let through. Pure: no request, no database.
 */
import type { BaseProfile, BaseState, BillingRight, Capability, Role } from '@preau/contracts';
import type { CapabilityRules } from '../shared/caller.ts';
import { mayAppointOwner } from '../modules/members/member-rules.ts';
import { ACCESS_TABLE, isBaseRule, isBillingRule, isTeamRule, NOT_FOR_SUPPORT, passesBillingRule, type AccessRule, type Action } from './access-table.ts';
import { clientRefusal } from './base-access.ts';

const ENTRIES = Object.entries(ACCESS_TABLE) as [Action, AccessRule][];

/**
 * The organisation-level capabilities of `role` (with the billing switch and the billing right the
 * member's teams give): the actions whose role, billing or team rule lets it in, and the derived ones.
 * A team's leader may also manage that team's members: the team says so (`mayManageMembers`).
 */
export function organizationCapabilities(role: Role, billingRights: boolean, teamBilling: BillingRight | null = null): Capability[] {
  const allowed = (rule: AccessRule) =>
    (Array.isArray(rule) && rule.includes(role)) ||
    (isBillingRule(rule) && passesBillingRule(rule, role, billingRights, teamBilling)) ||
    (isTeamRule(rule) && rule.team.roles.includes(role));
  const actions: Capability[] = ENTRIES.filter(([, rule]) => allowed(rule)).map(([action]) => action);
  if (mayAppointOwner(role)) actions.push('members.appoint_owner');
  return actions;
}

/** Actions that only read (every route of theirs is a GET). */
const READING = /\.(read|list|readLog)$/;

/** Keeps, of `capabilities`, what the support may do: never NOT_FOR_SUPPORT, and only reading unless `write`. */
function forSupport(capabilities: Capability[], write: boolean): Capability[] {
  return capabilities.filter((c) => !NOT_FOR_SUPPORT.has(c as Action) && c !== 'members.appoint_owner' && (write || READING.test(c)));
}

/** The support's organisation-level capabilities inside a granted access: an administrator's, limited. */
export function supportCapabilities(write: boolean): Capability[] {
  return forSupport(organizationCapabilities('admin', true), write);
}

/**
 * The base-level capabilities of a member with `role` and `profile` (null: none) on a base in
 * `state`: the actions whose base rule lists the role or the profile, less the client actions a
 * stopped or loading base refuses, and those that change something on an archived one.
 */
export function baseCapabilities(role: Role, profile: BaseProfile | null, state: BaseState, support?: { write: boolean }): Capability[] {
  const actions: Capability[] = ENTRIES.filter(([action, rule]) => {
    if (!isBaseRule(rule)) return false;
    const allowed = rule.base.roles.includes(role) || (profile !== null && rule.base.profiles.includes(profile));
    return allowed && !(rule.base.client && clientRefusal(state, READING.test(action)));
  }).map(([action]) => action);
  return support ? forSupport(actions, support.write) : actions;
}

/** The capability rules the services send with organisations and bases. */
export const accessTableCapabilities: CapabilityRules = { organization: organizationCapabilities, support: supportCapabilities, base: baseCapabilities };
