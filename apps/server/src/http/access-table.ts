import type { AccessAction, BaseProfile, BillingRight, Role } from '@preau/contracts';

/**
 * Who may call what: the one authorisation table. Every route names an action from this table in
 * its `config.action`; a route without one is refused at start-up, and an action gives access to
 * nobody unless listed here (deny by default).
 *
 * - `public`: anyone, signed in or not.
 * - `authenticated`: any signed-in account (the route itself scopes what it returns to the caller).
 * - `operator`: a signed-in operator of this instance (the provider's own pages); 403 for other
 *   accounts. Being an operator gives no access to an organisation's routes.
 * - `hosting`: a hosting console session (its own cookie, `http/hosting-session.ts`), acting for the one
 *   organisation it signed in to; 401 without one (a member's session is no hosting session). The
 *   route lives under /api/hosting/; where it names a base (`:baseId`), the base must be that
 *   organisation's (404 otherwise). A hosting session is valid on no other rule's routes.
 * - a list of roles: the caller must be a member of the organisation named by the route's
 *   `:orgId` parameter (or the resource's organisation) with one of these roles; otherwise 404
 *   when the caller is not a member at all (the organisation's existence is not revealed), 403
 *   when the role is not enough.
 * - a base rule: the route names a school base (`:baseId`, or a parameter with a base resolver);
 *   the caller is a member of the base's organisation (404 otherwise) with one of `roles`, or with one
 *   of `profiles` on this very base (403 otherwise); or, where `apiToken` is set, an API token bound to
 *   this base. A `client` route reads or changes the base's contents: a stopped base refuses it with
 *   403 `base.stopped` (management routes keep working on a stopped base).
 * - a billing rule: the caller is a member of the organisation (404 otherwise) who holds billing
 *   rights: legal owners and administrators always, collaborators whose billing switch is on,
 *   externals never (403 otherwise). `read` sees the billing pages, `manage` changes addresses,
 *   renewal switches, asks for pro forma and exports. A work team may also give its members `read` or
 *   `manage` (externals included: an external reaches what their teams give).
 * - a team rule: the caller is a member with one of `roles`, or the leader of the team named by the
 *   route's `:teamId` (403 otherwise).
 *
 * Base profiles and billing rights are a member's effective ones: the union of their direct grants and
 * of their teams' (`modules/teams/effective-access.ts`), expired ones left out.
 *
 * The provider's support: an operator reaches an organisation's routes only while a support access
 * the organisation granted runs (`modules/support-access`), as an administrator; never the actions of
 * `NOT_FOR_SUPPORT`, and only reading (GET, HEAD) unless the grant allows changes.
 */
export type AccessRule = 'public' | 'authenticated' | 'operator' | 'hosting' | readonly Role[] | BaseRule | BillingRule | TeamRule;

export interface BillingRule {
  readonly billing: 'read' | 'manage';
}

/** True for a rule about an organisation's billing. */
export function isBillingRule(rule: AccessRule): rule is BillingRule {
  return typeof rule === 'object' && 'billing' in rule;
}

/** Whether a member with `role` and the billing switch `billingRights` holds billing rights by their role. */
export function holdsBillingRights(role: Role, billingRights: boolean): boolean {
  return role === 'owner' || role === 'admin' || (role === 'collaborator' && billingRights);
}

/** Whether a member passes a billing rule: by role and switch, or by the best right their teams give. */
export function passesBillingRule(rule: BillingRule, role: Role, billingRights: boolean, teamBilling: BillingRight | null): boolean {
  if (holdsBillingRights(role, billingRights)) return true;
  return teamBilling === 'manage' || (rule.billing === 'read' && teamBilling === 'read');
}

export interface TeamRule {
  readonly team: { readonly roles: readonly Role[] };
}

/** True for a rule about a work team's members. */
export function isTeamRule(rule: AccessRule): rule is TeamRule {
  return typeof rule === 'object' && 'team' in rule;
}

export interface BaseRule {
  readonly base: {
    readonly roles: readonly Role[];
    readonly profiles: readonly BaseProfile[];
    readonly client: boolean;
    /** An API token bound to the base may call the route (automatic imports). */
    readonly apiToken?: boolean;
  };
}

/** True for a rule about a school base. */
export function isBaseRule(rule: AccessRule): rule is BaseRule {
  return typeof rule === 'object' && 'base' in rule;
}

const ALL_MEMBERS = ['owner', 'admin', 'collaborator', 'external'] as const satisfies readonly Role[];
const MANAGERS = ['owner', 'admin'] as const satisfies readonly Role[];
const EVERY_PROFILE = ['direction', 'secretariat', 'teacher', 'read_only'] as const satisfies readonly BaseProfile[];
const STRUCTURE_EDITORS = ['direction', 'secretariat'] as const satisfies readonly BaseProfile[];

export const ACCESS_TABLE = {
  'health.read': 'public',
  'instance.read': 'public', // first-run flag for the console's landing page
  'docs.read': 'public', // OpenAPI document and browsable docs under /api/docs
  'auth.identity': 'public', // better-auth's own routes under /api/auth/*
  'dev.outbox.read': 'operator', // the mail and SMS outboxes, each registered only without SMTP_URL / SMS_URL
  'billing.provider.read': 'operator',
  'billing.provider.update': 'operator',
  'billing.operator.read': 'operator', // catalogue, customers, their products and documents
  'billing.operator.manage': 'operator', // catalogue items, customers' products, draft, finalise, credit, record payments
  'billing.read': { billing: 'read' }, // history, a document and its PDFs, CSV, products, addresses
  'billing.manage': { billing: 'manage' }, // addresses, renewal switches, pro forma, e-mailed exports
  'lsuVersions.read': 'operator', // the LSU versions the instance knows, built in and added
  'lsuVersions.add': 'operator', // review an official schema, then add it (instance-wide: any base of its family may then accept it)
  'me.read': 'authenticated',
  'me.update': 'authenticated',
  'me.phone.verify': 'authenticated', // send a code by SMS to my profile's number, give it back
  'organizations.list': 'authenticated',
  'organizations.create': 'authenticated',
  'organization.read': ALL_MEMBERS,
  'organization.rename': MANAGERS,
  'members.list': ALL_MEMBERS,
  'members.update': MANAGERS,
  'members.remove': MANAGERS,
  'invitations.create': MANAGERS,
  'invitations.list': MANAGERS,
  'invitations.cancel': MANAGERS,
  'invitations.resend': MANAGERS,
  'invitations.mine': 'authenticated', // list mine, read one of mine: the service scopes them to the caller's e-mail
  // The invitation page before signing in: the id (random, mailed only) is the token; rate-limited per client address.
  'invitations.preview': 'public',
  'invitations.respond': 'authenticated', // accept/decline: the service checks the invitation is the caller's
  'bases.list': ALL_MEMBERS, // the service lists every base to managers, to others the bases they hold a profile on
  'bases.create': MANAGERS,
  'base.read': { base: { roles: MANAGERS, profiles: EVERY_PROFILE, client: false } },
  'base.manage': { base: { roles: MANAGERS, profiles: [], client: false } }, // rename, settings, put in service, stop
  'base.profiles.list': { base: { roles: MANAGERS, profiles: ['direction'], client: false } },
  'base.profiles.manage': { base: { roles: MANAGERS, profiles: [], client: false } },
  'base.structure.read': { base: { roles: MANAGERS, profiles: EVERY_PROFILE, client: true } },
  'base.structure.write': { base: { roles: MANAGERS, profiles: STRUCTURE_EDITORS, client: true } },
  // LSU imports: the base's direction and the organisation's managers; an API token may only post files.
  'lsuImports.create': { base: { roles: MANAGERS, profiles: ['direction'], client: true, apiToken: true } },
  'lsuImports.read': { base: { roles: MANAGERS, profiles: ['direction'], client: true } }, // history, synthesis, bilans
  'pupilBilans.read': { base: { roles: MANAGERS, profiles: ['direction'], client: true } },
  'apiTokens.manage': { base: { roles: MANAGERS, profiles: ['direction'], client: false } }, // list, create, revoke
  'storage.read': MANAGERS, // the organisation's storage used per base, against its quota
  'storage.quota.manage': 'operator', // a customer's storage used and its quota
  // Pupil photos: seen by whoever reads the base's pupils; uploaded, replaced, deleted and sent by ZIP as the structure is edited.
  'pupilPhotos.read': { base: { roles: MANAGERS, profiles: EVERY_PROFILE, client: true } },
  'pupilPhotos.write': { base: { roles: MANAGERS, profiles: STRUCTURE_EDITORS, client: true } },
  // Documents attached to pupils and classes: every profile lists and reads those whose visibility names it (the service filters; direction sees all).
  'baseDocuments.read': { base: { roles: MANAGERS, profiles: EVERY_PROFILE, client: true } },
  'baseDocuments.manage': { base: { roles: MANAGERS, profiles: STRUCTURE_EDITORS, client: true } }, // attach, edit, delete
  'baseDocuments.readLog': { base: { roles: MANAGERS, profiles: ['direction'], client: true } }, // who downloaded a document or a letter, and when
  'baseLetters.manage': { base: { roles: MANAGERS, profiles: STRUCTURE_EDITORS, client: true } }, // generate, list and read letters to families
  // Resumable (tus) uploads: whoever may import or attach files on the base sends them; the route that
  // uses a finished upload (an import, a document) applies its own rule when it claims it.
  'uploads.resumable': { base: { roles: MANAGERS, profiles: STRUCTURE_EDITORS, client: true } },
  // Work teams: everyone lists the teams they see (managers all, others theirs: the service filters);
  // managers create and change them; a team's leader adds and removes its members too.
  'teams.list': ALL_MEMBERS,
  'teams.read': ALL_MEMBERS, // a team's page: managers, its members and its leader (others get 404 from the service)
  'teams.manage': MANAGERS,
  'teams.members.manage': { team: { roles: MANAGERS } },
  // Who reaches what, and why: a member's products, a base's people, billing's people.
  'members.access.read': MANAGERS,
  'base.access.read': { base: { roles: MANAGERS, profiles: [], client: false } },
  'billing.access.read': MANAGERS,
  // Temporary access for the provider's support: granted, revoked and reviewed by managers only.
  'supportAccess.manage': MANAGERS,
  'operator.support.read': 'operator', // organisations with a running support access; customers found by code
  // The search box: every member; each kind of result follows the rule of the page that shows it (modules/search).
  'search.read': ALL_MEMBERS,
  // Minors' data (modules/minors-data, decision 0021): a family's access request answered by an export
  // of everything held about one pupil; erasure, the legal hold and the report of who sees pupils' data
  // for the organisation's managers; the retention rules for the operator.
  'pupilData.read': { base: { roles: MANAGERS, profiles: ['direction'], client: false } },
  'minorsData.read': { base: { roles: MANAGERS, profiles: [], client: false } }, // who sees pupils' data, the legal hold, an erasure's preview
  'minorsData.manage': { base: { roles: MANAGERS, profiles: [], client: false } }, // set or lift the legal hold, erase a pupil
  'minorsData.retention.read': 'operator',
  'minorsData.retention.manage': 'operator',
  // Hosting credentials: a new hosting password and the hosting number by SMS to the legal owners,
  // asked by the organisation's managers, or from a base by its direction; reset by a legal owner.
  'hosting.credentials.send': MANAGERS,
  'hosting.credentials.sendFromBase': { base: { roles: MANAGERS, profiles: ['direction'], client: false } },
  'hosting.password.reset': ['owner'], // never the support either: it acts as an administrator
  'hosting.signIn': 'public', // the hosting console's sign-in: failures limited and locked per hosting number and address
  'hosting.session': 'hosting', // the hosting console: who am I, sign out, change the password, the bases, load a base file
  // Year rollover: next year's base from this one, the mapping confirmed by the direction; the
  // organisation's setting that creates next year's empty bases at the end of August.
  'base.rollover': { base: { roles: MANAGERS, profiles: ['direction'], client: false } },
  'bases.rolloverSettings': MANAGERS,
  // The audit log (modules/audit): the organisation's for its managers, who set how long it is kept; a base's for its direction.
  'audit.read': MANAGERS,
  'audit.manage': MANAGERS,
  'base.audit.read': { base: { roles: MANAGERS, profiles: ['direction'], client: false } },
  // A base's hosting file (the whole base, to load at a hosting provider): legal owners and administrators.
  'hostingFiles.export': { base: { roles: MANAGERS, profiles: [], client: false } },
} as const satisfies Record<AccessAction, AccessRule>; // the contracts name every action (the console switches on them)

export type Action = keyof typeof ACCESS_TABLE;

/**
 * What the support never does in an organisation, even with changes allowed: manage its own access,
 * change who belongs to the organisation or what they hold.
 */
export const NOT_FOR_SUPPORT: ReadonlySet<Action> = new Set<Action>([
  'supportAccess.manage',
  'members.update',
  'members.remove',
  'invitations.create',
  'invitations.resend',
  'base.profiles.manage',
  'teams.manage',
  'teams.members.manage',
  'apiTokens.manage',
  'hosting.credentials.send',
  'hosting.credentials.sendFromBase',
  'minorsData.manage',
  'audit.manage', // the support never shortens the log that records it
  'hostingFiles.export', // the whole base leaves with it
]);
