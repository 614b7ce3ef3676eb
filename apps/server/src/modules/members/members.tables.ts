import type { ColumnType } from 'kysely';
import type { Role } from '@preau/contracts';

/** `member`: an account's membership of an organisation, its role and billing switches. */
export interface MemberTable {
  id: string;
  organization_id: string;
  user_id: string;
  role: Role;
  billing_rights: ColumnType<boolean, boolean | undefined, boolean>;
  billing_reminders_email: ColumnType<boolean, boolean | undefined, boolean>;
  billing_reminders_sms: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface MembersTables {
  member: MemberTable;
}
