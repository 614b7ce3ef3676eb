import type { Membership, SupportCaller } from '../shared/caller.ts';

/**
 * The membership an operator acts with under a support access: an administrator's, flagged as
 * support (no member row: `memberId` is empty, so nothing keyed by a member is theirs).
 */
export function supportAsMember(organizationId: string, userId: string, support: SupportCaller): Membership {
  return { organizationId, memberId: '', userId, role: 'admin', billingRights: true, teamBilling: null, support };
}
