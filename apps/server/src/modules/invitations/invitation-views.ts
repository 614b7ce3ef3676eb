import type { Invitation, InvitationStatus } from '@preau/contracts';
import type { InvitationRow, InvitationViewRow } from './invitations.repository.ts';

/** How long an invitation can be accepted, from its creation or its last resend. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The status people see: a pending invitation past its expiry reads as expired. */
export function invitationStatus(row: InvitationRow, now: Date): InvitationStatus {
  if (row.status === 'pending' && row.expires_at.getTime() <= now.getTime()) return 'expired';
  return row.status;
}

/** The contract's view of an invitation row. */
export function toInvitation(row: InvitationViewRow, now: Date): Invitation {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    email: row.email,
    role: row.role,
    status: invitationStatus(row, now),
    invitedBy: row.invited_by_name ?? '',
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

/** Lower-cased, trimmed addresses without duplicates, in the order given. */
export function normalizeEmails(emails: readonly string[]): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()))];
}
