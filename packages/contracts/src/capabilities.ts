import { Type, type Static } from 'typebox';

/**
 * The actions of the server's one authorisation table (`ACCESS_TABLE` in
 * apps/server/src/http/access-table.ts), by name. The table is typed by this list and a server test
 * checks they hold the same names, so the console can switch on them.
 */
export const ACCESS_ACTIONS = [
  'health.read',
  'instance.read',
  'docs.read',
  'auth.identity',
  'dev.outbox.read',
  'billing.provider.read',
  'billing.provider.update',
  'billing.operator.read',
  'billing.operator.manage',
  'billing.read',
  'billing.manage',
  'lsuVersions.read',
  'lsuVersions.add',
  'me.read',
  'me.update',
  'me.phone.verify',
  'organizations.list',
  'organizations.create',
  'organization.read',
  'organization.rename',
  'members.list',
  'members.update',
  'members.remove',
  'invitations.create',
  'invitations.list',
  'invitations.cancel',
  'invitations.resend',
  'invitations.mine',
  'invitations.respond',
  'invitations.preview',
  'bases.list',
  'bases.create',
  'base.read',
  'base.manage',
  'base.profiles.list',
  'base.profiles.manage',
  'base.structure.read',
  'base.structure.write',
  'lsuImports.create',
  'lsuImports.read',
  'pupilBilans.read',
  'apiTokens.manage',
  'storage.read',
  'storage.quota.manage',
  'pupilPhotos.read',
  'pupilPhotos.write',
  'baseDocuments.read',
  'baseDocuments.manage',
  'baseDocuments.readLog',
  'baseLetters.manage',
  'uploads.resumable',
  'teams.list',
  'teams.read',
  'teams.manage',
  'teams.members.manage',
  'members.access.read',
  'base.access.read',
  'billing.access.read',
  'supportAccess.manage',
  'operator.support.read',
  'search.read',
  'pupilData.read',
  'minorsData.read',
  'minorsData.manage',
  'minorsData.retention.read',
  'minorsData.retention.manage',
  'hosting.credentials.send',
  'hosting.credentials.sendFromBase',
  'hosting.password.reset',
  'hosting.signIn',
  'hosting.session',
  'base.rollover',
  'bases.rolloverSettings',
  'audit.read',
  'audit.manage',
  'base.audit.read',
  'hostingFiles.export',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/**
 * Capabilities the table alone cannot say, derived on the server from the organisation's role rules
 * (apps/server/src/modules/members/member-rules.ts): `members.appoint_owner`, make someone legal
 * owner (by invitation or by a change of role).
 */
export const DERIVED_CAPABILITIES = ['members.appoint_owner'] as const;
export type DerivedCapability = (typeof DERIVED_CAPABILITIES)[number];

/** What the caller may do: an action of the access table, or a capability derived from the role rules. */
export type Capability = AccessAction | DerivedCapability;
export const CAPABILITIES: readonly Capability[] = [...ACCESS_ACTIONS, ...DERIVED_CAPABILITIES];

/**
 * The caller's capabilities on a resource, computed by the server from the access table: on an
 * organisation, the actions its role rules allow the caller's role (plus the derived ones); on a
 * school base, the actions its base rules allow the caller's role or base profile in the base's state.
 */
export const CapabilitiesSchema = Type.Array(Type.Unsafe<Capability>(Type.String({ enum: [...CAPABILITIES] })), {
  description: 'What the caller may do here: access-table action names (and derived capabilities such as members.appoint_owner)',
});
export type Capabilities = Static<typeof CapabilitiesSchema>;

/** Whether `capabilities` (an organisation's or a base's) include `capability`; false while unknown. */
export function can(holder: { capabilities: readonly Capability[] } | undefined, capability: Capability): boolean {
  return holder?.capabilities.includes(capability) ?? false;
}
