/**
 * Who a request acts as, once the access layer has let it through. Services take these facts as
 * arguments; they never read them from the HTTP request themselves.
 */
import type { BaseProfile, BaseState, BillingRight, Capability, Role } from '@preau/contracts';

/** The caller's membership in the organisation a route acts on. */
export interface Membership {
  organizationId: string;
  memberId: string;
  userId: string;
  role: Role;
  /** The member's billing switch (always on for legal owners and administrators). */
  billingRights: boolean;
  /** The best billing right the member's teams give (null or absent: none). */
  teamBilling?: BillingRight | null;
  /** Set when the caller is the provider's support inside an access the organisation granted. */
  support?: SupportCaller;
}

/** An operator acting in an organisation under its support access: as an administrator, recorded. */
export interface SupportCaller {
  grantId: string;
  write: boolean;
  endsAt: Date;
  operatorName: string;
}

/** A school base as the access layer needs it. */
export interface BaseFacts {
  id: string;
  organizationId: string;
  state: BaseState;
  schoolYear: string;
}

/**
 * An API token presented as `Authorization: Bearer <token>`, once recognised: the token is bound to
 * one base. The api-tokens module owns tokens (creation, hashing, revocation); the access layer only
 * asks "which base is this token for?".
 */
export interface ApiTokenCaller {
  tokenId: string;
  baseId: string;
}

/**
 * A base as a caller finds it: its facts, and (for a person) their membership and effective profiles
 * on it (direct and through teams, unexpired); `profile` is the strongest of them.
 */
export interface BaseForCaller {
  base: BaseFacts;
  membership: Membership | undefined;
  profile: BaseProfile | null;
  profiles: BaseProfile[];
}

/** Who passed the access check of a base route. */
export type BaseCaller =
  | { kind: 'member'; membership: Membership; profile: BaseProfile | null; profiles: readonly BaseProfile[] }
  | { kind: 'api_token'; tokenId: string };

/** A base route's verdict: the base and who acts on it. */
export interface BaseAccess {
  base: BaseFacts;
  caller: BaseCaller;
}

/**
 * What a member may do, read off the access table (`http/capabilities.ts` implements it; app.ts hands
 * it to the services that send capabilities, so they need not import the HTTP layer).
 */
export interface CapabilityRules {
  organization(role: Role, billingRights: boolean, teamBilling?: BillingRight | null): Capability[];
  /** The support's, inside a granted access: an administrator's, less what the support never does (and changes when `write` is off). */
  support(write: boolean): Capability[];
  base(role: Role, profile: BaseProfile | null, state: BaseState, support?: { write: boolean }): Capability[];
}

/**
 * A hosting console session, once the access layer found it (`hosting` rule): it acts for one
 * organisation, on its hosting functions only.
 */
export interface HostingCaller {
  sessionId: string;
  organizationId: string;
  /** When the session ends unless used again before (the sooner of its idle end and its absolute end). */
  expiresAt: Date;
}
