import type { Role } from '@preau/contracts';

/**
 * Who may call what: the one authorisation table. Every route names an action from this table in
 * its `config.action`; a route without one is refused at start-up, and an action gives access to
 * nobody unless listed here (deny by default).
 *
 * - `public`: anyone, signed in or not.
 * - `authenticated`: any signed-in account (the route itself scopes what it returns to the caller).
 * - a list of roles: the caller must be a member of the organisation named by the route's
 *   `:orgId` parameter (or the resource's organisation) with one of these roles; otherwise 404
 *   when the caller is not a member at all (the organisation's existence is not revealed), 403
 *   when the role is not enough.
 */
export type AccessRule = 'public' | 'authenticated' | readonly Role[];

const ALL_MEMBERS = ['owner', 'admin', 'collaborator', 'external'] as const satisfies readonly Role[];
const MANAGERS = ['owner', 'admin'] as const satisfies readonly Role[];

export const ACCESS_TABLE = {
  'health.read': 'public',
  'docs.read': 'public', // OpenAPI document and browsable docs under /api/docs
  'auth.identity': 'public', // better-auth's own routes under /api/auth/*
  'dev.outbox.read': 'public', // only registered when mail goes to the outbox (no SMTP_URL)
  'me.read': 'authenticated',
  'me.update': 'authenticated',
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
  'invitations.respond': 'authenticated', // accept/decline: the service checks the invitation is the caller's
} as const satisfies Record<string, AccessRule>;

export type Action = keyof typeof ACCESS_TABLE;
