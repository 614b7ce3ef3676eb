import { ROLES, type Role } from '@preau/contracts';

/** Roles a manager may hand out: only a legal owner grants legal owner. */
export function assignableRoles(myRole: Role): Role[] {
  return ROLES.filter((role) => role !== 'owner' || myRole === 'owner');
}
