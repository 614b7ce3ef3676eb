import { can, ROLES, type Organization, type Role } from '@preau/contracts';

/** Roles the caller may hand out in `organization`: legal owner only when the server says they may appoint one. */
export function assignableRoles(organization: Organization): Role[] {
  return ROLES.filter((role) => role !== 'owner' || can(organization, 'members.appoint_owner'));
}
