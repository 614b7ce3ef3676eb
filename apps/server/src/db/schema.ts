import type { RequestCountersTables } from '../http/request-counters.tables.ts';
import type { ApiTokensTables } from '../modules/api-tokens/api-tokens.tables.ts';
import type { AuditTables } from '../modules/audit/audit.tables.ts';
import type { AuthTables } from '../modules/auth/auth.tables.ts';
import type { BaseDocumentsTables } from '../modules/base-documents/base-documents.tables.ts';
import type { BaseFilesTables } from '../modules/base-files/base-files.tables.ts';
import type { BaseRolloverTables } from '../modules/base-rollover/base-rollover.tables.ts';
import type { BasesTables } from '../modules/bases/bases.tables.ts';
import type { BillingTables } from '../modules/billing/billing.tables.ts';
import type { HostingTables } from '../modules/hosting/hosting.tables.ts';
import type { HostingFilesTables } from '../modules/hosting-files/hosting-files.tables.ts';
import type { HostingMigrationTables } from '../modules/hosting-migration/hosting-migration.tables.ts';
import type { InvitationsTables } from '../modules/invitations/invitations.tables.ts';
import type { LsuImportsTables } from '../modules/lsu-imports/lsu-imports.tables.ts';
import type { MembersTables } from '../modules/members/members.tables.ts';
import type { OperatorsTables } from '../modules/operators/operators.tables.ts';
import type { PaymentsTables } from '../modules/payments/payments.tables.ts';
import type { OrganizationsTables } from '../modules/organizations/organizations.tables.ts';
import type { PhoneVerificationsTables } from '../modules/profile/profile.tables.ts';
import type { RemindersTables } from '../modules/reminders/reminders.tables.ts';
import type { PupilPhotosTables } from '../modules/pupil-photos/pupil-photos.tables.ts';
import type { UploadsTables } from '../modules/uploads/uploads.tables.ts';
import type { TeamsTables } from '../modules/teams/teams.tables.ts';
import type { MinorsDataTables } from '../modules/minors-data/minors-data.tables.ts';
import type { SupportAccessTables } from '../modules/support-access/support-access.tables.ts';

/**
 * Every table Préau's own code queries, composed from each module's `<module>.tables.ts`.
 * A module adding tables writes its interface there and adds it to this `extends` list.
 */
export interface Database extends AuthTables, OrganizationsTables, MembersTables, InvitationsTables, BasesTables,
    ApiTokensTables, LsuImportsTables, OperatorsTables, BillingTables, BaseFilesTables, PupilPhotosTables, RequestCountersTables, BaseDocumentsTables,
    UploadsTables, TeamsTables, SupportAccessTables, PhoneVerificationsTables, PaymentsTables, RemindersTables, HostingTables, BaseRolloverTables, MinorsDataTables, AuditTables, HostingFilesTables, HostingMigrationTables {}
