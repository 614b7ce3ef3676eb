/**
 * What a caller may do, read off the one authorisation table (access-table.ts) rather than written
 * again: services send it with an organisation or a base so the console shows only what the access
 * hook would let through. Pure: no request, no database.
 */
import type { BaseProfile, BaseState, Capability, Role } from '@preau/contracts';
import type { CapabilityRules } from '../shared/caller.ts';
import { mayAppointOwner } from '../modules/members/member-rules.ts';
import { ACCESS_TABLE, holdsBillingRights, isBaseRule, isBillingRule, type AccessRule, type Action } from './access-table.ts';
import { refusesClients } from './base-access.ts';

const ENTRIES = Object.entries(ACCESS_TABLE) as [Action, AccessRule][];

/** The organisation-level capabilities of `role` (and billing switch): the actions whose role or billing rule lets it in, and the derived ones. */
export function organizationCapabilities(role: Role, billingRights: boolean): Capability[] {
  const allowed = (rule: AccessRule) => (Array.isArray(rule) && rule.includes(role)) || (isBillingRule(rule) && holdsBillingRights(role, billingRights));
  const actions: Capability[] = ENTRIES.filter(([, rule]) => allowed(rule)).map(([action]) => action);
  if (mayAppointOwner(role)) actions.push('members.appoint_owner');
  return actions;
}

/**
 * The base-level capabilities of a member with `role` and `profile` (null: none) on a base in
 * `state`: the actions whose base rule lists the role or the profile, less the client actions a
 * stopped or loading base refuses.
 */
export function baseCapabilities(role: Role, profile: BaseProfile | null, state: BaseState): Capability[] {
  return ENTRIES.filter(([, rule]) => {
    if (!isBaseRule(rule)) return false;
    const allowed = rule.base.roles.includes(role) || (profile !== null && rule.base.profiles.includes(profile));
    return allowed && !(rule.base.client && refusesClients(state));
  }).map(([action]) => action);
}

/** The capability rules the services send with organisations and bases. */
export const accessTableCapabilities: CapabilityRules = { organization: organizationCapabilities, base: baseCapabilities };
