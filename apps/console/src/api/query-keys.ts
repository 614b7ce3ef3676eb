import type { StructureKind } from '@preau/contracts';

// The keys of every cached answer, one factory per resource. A key starts with the keys of what the
// resource belongs to, so invalidating an organisation or a base also refreshes what lies under it.

/** The signed-in person's profile. */
export const meKeys = { detail: () => ['me'] as const };

/** Public facts about this Préau (first run). */
export const instanceKeys = { detail: () => ['instance'] as const };

/** E-mail address confirmations. */
export const verifyEmailKeys = { token: (token: string | undefined) => ['verify-email', token] as const };

/** Organisations; an organisation's key prefixes its members', invitations' and bases' keys. */
export const organizationKeys = {
  all: () => ['organizations'] as const,
  list: () => ['organizations', 'list'] as const,
  detail: (orgId: string) => ['organizations', orgId] as const,
};

/** Members of an organisation. */
export const memberKeys = { list: (orgId: string) => [...organizationKeys.detail(orgId), 'members'] as const };

/** Invitations: an organisation's pending ones, and those addressed to the signed-in person. */
export const invitationKeys = {
  ofOrganization: (orgId: string) => [...organizationKeys.detail(orgId), 'invitations'] as const,
  mine: () => ['invitations', 'mine'] as const,
  mineOne: (invitationId: string) => ['invitations', invitationId] as const,
  preview: (invitationId: string) => ['invitations', invitationId, 'preview'] as const,
};

/** School bases; a base's key prefixes its profiles', structure's, imports' and tokens' keys. */
export const baseKeys = {
  list: (orgId: string) => [...organizationKeys.detail(orgId), 'bases'] as const,
  detail: (baseId: string) => ['bases', baseId] as const,
  profiles: (baseId: string) => [...baseKeys.detail(baseId), 'profiles'] as const,
};

/** Year rollover: a base's plan, an organisation's August setting. */
export const rolloverKeys = {
  plan: (baseId: string) => [...baseKeys.detail(baseId), 'rollover'] as const,
  settings: (orgId: string) => [...organizationKeys.detail(orgId), 'rollover-settings'] as const,
};

/** A base's structure, every kind or one. */
export const structureKeys = {
  all: (baseId: string) => [...baseKeys.detail(baseId), 'structure'] as const,
  kind: (baseId: string, kind: StructureKind) => [...structureKeys.all(baseId), kind] as const,
};

/** LSU imports: a base's history, one import's synthesis and bilans, a pupil's stored bilans. */
export const lsuImportKeys = {
  history: (baseId: string) => [...baseKeys.detail(baseId), 'lsu-imports'] as const,
  historyOfYear: (baseId: string, year: string | undefined) => [...lsuImportKeys.history(baseId), year ?? 'current'] as const,
  synthesis: (importId: string) => ['lsu-imports', importId] as const,
  bilans: (importId: string, filter: object) => [...lsuImportKeys.synthesis(importId), 'bilans', filter] as const,
  pupilBilans: (baseId: string, pupilId: string) => [...baseKeys.detail(baseId), 'pupils', pupilId, 'bilans'] as const,
};

/** Pupil photos of a base (one list: sizes and checksums of every pupil's photo). */
export const pupilPhotoKeys = { list: (baseId: string) => [...baseKeys.detail(baseId), 'photos'] as const };

/** API tokens of a base. */
export const apiTokenKeys = { list: (baseId: string) => [...baseKeys.detail(baseId), 'api-tokens'] as const };

/** The development outbox. */
export const outboxKeys = {
  list: () => ['dev', 'outbox'] as const,
  message: (messageId: string) => ['dev', 'outbox', messageId] as const,
  sms: () => ['dev', 'sms-outbox'] as const,
};

/** The instance's LSU versions (operators). */
export const lsuVersionKeys = { list: () => ['lsu-versions'] as const };

/** An organisation's billing: its documents (one key per filter), products and addresses. */
export const billingKeys = {
  all: (orgId: string) => [...organizationKeys.detail(orgId), 'billing'] as const,
  documents: (orgId: string) => [...billingKeys.all(orgId), 'documents'] as const,
  documentList: (orgId: string, filter: object) => [...billingKeys.documents(orgId), 'list', filter] as const,
  document: (orgId: string, docId: string) => [...billingKeys.documents(orgId), docId] as const,
  products: (orgId: string) => [...billingKeys.all(orgId), 'products'] as const,
  addresses: (orgId: string) => [...billingKeys.all(orgId), 'addresses'] as const,
};

/** The operators' billing: the provider's identity, the catalogue, the customers and what each holds. */
export const operatorBillingKeys = {
  all: () => ['operator', 'billing'] as const,
  provider: () => [...operatorBillingKeys.all(), 'provider'] as const,
  catalogue: () => [...operatorBillingKeys.all(), 'catalogue'] as const,
  customers: () => [...operatorBillingKeys.all(), 'customers'] as const,
  customer: (orgId: string) => [...operatorBillingKeys.customers(), orgId] as const,
  products: (orgId: string) => [...operatorBillingKeys.customer(orgId), 'products'] as const,
  addresses: (orgId: string) => [...operatorBillingKeys.customer(orgId), 'addresses'] as const,
  bases: (orgId: string) => [...operatorBillingKeys.customer(orgId), 'bases'] as const,
  renewals: (orgId: string) => [...operatorBillingKeys.customer(orgId), 'renewals'] as const,
  balance: (orgId: string) => [...operatorBillingKeys.customer(orgId), 'balance'] as const,
  creditRefunds: (orgId: string) => [...operatorBillingKeys.customer(orgId), 'credit-refunds'] as const,
  reminders: (orgId: string) => [...operatorBillingKeys.customer(orgId), 'reminders'] as const,
  documents: (orgId: string) => [...operatorBillingKeys.customer(orgId), 'documents'] as const,
  documentList: (orgId: string, filter: object) => [...operatorBillingKeys.documents(orgId), 'list', filter] as const,
  document: (docId: string) => [...operatorBillingKeys.all(), 'documents', docId] as const,
};

/** Storage an organisation's bases use against its quota (members' and operators' views). */
export const storageKeys = {
  usage: (orgId: string) => [...organizationKeys.detail(orgId), 'storage'] as const,
  operator: (orgId: string) => ['operator', 'storage', orgId] as const,
};

/** A pupil or a class of the base, which documents are attached to. */
export type DocumentOwner = { pupilId: string } | { classId: string };

/** Documents and letters of a base: every key starts with the base's. */
export const documentKeys = {
  all: (baseId: string) => [...baseKeys.detail(baseId), 'documents'] as const,
  ofOwner: (baseId: string, owner: DocumentOwner) => [...documentKeys.all(baseId), owner] as const,
  reads: (baseId: string, documentId: string) => [...documentKeys.all(baseId), 'reads', documentId] as const,
  letters: (baseId: string, pupilId: string) => [...documentKeys.all(baseId), 'letters', pupilId] as const,
};

/** Work teams of an organisation, one team, and who reaches what (a member's, billing's and a base's access views). */
export const teamKeys = {
  all: (orgId: string) => [...organizationKeys.detail(orgId), 'teams'] as const,
  list: (orgId: string) => [...teamKeys.all(orgId), 'list'] as const,
  detail: (orgId: string, teamId: string) => [...teamKeys.all(orgId), teamId] as const,
};

/** Effective access: what a member reaches, who reaches billing, who reaches a base (refreshed with teams and profiles). */
export const accessKeys = {
  member: (orgId: string, memberId: string) => [...organizationKeys.detail(orgId), 'access', 'member', memberId] as const,
  billing: (orgId: string) => [...organizationKeys.detail(orgId), 'access', 'billing'] as const,
  base: (baseId: string) => [...baseKeys.detail(baseId), 'access'] as const,
};

/** Support accesses an organisation granted, and the actions made under one. */
export const supportAccessKeys = {
  list: (orgId: string) => [...organizationKeys.detail(orgId), 'support-access'] as const,
  actions: (orgId: string, grantId: string) => [...supportAccessKeys.list(orgId), grantId, 'actions'] as const,
};

/** The operators' Support page: running accesses, and customers found by a code or a name. */
export const operatorSupportKeys = {
  all: () => ['operator', 'support'] as const,
  grants: () => [...operatorSupportKeys.all(), 'grants'] as const,
  customers: (q: string) => [...operatorSupportKeys.all(), 'customers', q] as const,
};

/** The hosting console's session (its own session kind, apart from the signed-in person's). */
export const hostingKeys = {
  all: () => ['hosting'] as const,
  session: () => ['hosting', 'session'] as const,
  loads: () => ['hosting', 'loads'] as const,
  migrations: () => ['hosting', 'migrations'] as const,
  annexReport: (eventId: string) => ['hosting', 'annex-report', eventId] as const,
};

/** The audit log of an organisation or of a base, per filters. */
export const auditKeys = {
  list: (scope: string, filters: object) => ['audit', scope, filters] as const,
  settings: (orgId: string) => [...organizationKeys.detail(orgId), 'audit-settings'] as const,
};
