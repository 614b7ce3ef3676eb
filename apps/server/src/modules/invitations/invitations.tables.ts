import type { ColumnType } from 'kysely';
import type { BaseProfile, Role } from '@preau/contracts';

/** Stored states; `expired` is derived from `expires_at` for pending rows. */
export type StoredInvitationStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';

/** `invitation`: an e-mail invitation to join an organisation with a role. */
export interface InvitationTable {
  id: string;
  organization_id: string;
  email: string;
  role: Role;
  status: StoredInvitationStatus;
  invited_by_user_id: string | null;
  expires_at: Date;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}

/** `invitation_base_profiles`: the profile on a base an invited address receives when it accepts. */
export interface InvitationBaseProfileTable {
  invitation_id: string;
  organization_id: string;
  base_id: string;
  profile: BaseProfile;
  ends_on: string | null;
}

export interface InvitationsTables {
  invitation: InvitationTable;
  invitation_base_profiles: InvitationBaseProfileTable;
}
