import type { ColumnType } from 'kysely';
import type { BaseProfile, BillingRight } from '@preau/contracts';

/** `teams`: a work team of an organisation, and its optional leader. */
export interface TeamTable {
  id: string;
  organization_id: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  colour: string;
  leader_member_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** `team_members`: who is in a team, until when (`ends_on`, a Paris date; null: no end). */
export interface TeamMemberTable {
  team_id: string;
  organization_id: string;
  member_id: string;
  ends_on: string | null;
  /** The day the leader was told this membership ends within a week. */
  warned_on: ColumnType<string | null, string | null | undefined, string | null>;
  added_at: ColumnType<Date, Date | undefined, never>;
}

/** `team_products`: what a team gives: a profile on one base, or a right on billing. */
export interface TeamProductTable {
  id: string;
  team_id: string;
  organization_id: string;
  kind: 'base' | 'billing';
  base_id: string | null;
  base_profile: BaseProfile | null;
  billing_right: BillingRight | null;
}

/** `invitation_teams`: the teams an invited address joins when it accepts. */
export interface InvitationTeamTable {
  invitation_id: string;
  team_id: string;
  organization_id: string;
  ends_on: string | null;
}

export interface TeamsTables {
  teams: TeamTable;
  team_members: TeamMemberTable;
  team_products: TeamProductTable;
  invitation_teams: InvitationTeamTable;
}
