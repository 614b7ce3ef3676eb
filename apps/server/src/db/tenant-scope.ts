/**
 * Whose rows the database shows a query: one organisation's (its tenant scope) or every
 * organisation's (the system scope). The scope follows the async call chain; the PostgreSQL pool
 * (`scoped-pool.ts`) hands each connection out with it as the session setting `preau.tenant`, which
 * the row-level security policy of every tenant table reads (decision 0006). Code running outside
 * any scope (jobs, CLI, tests) is in the system scope.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** `preau.tenant` in the system scope; in an organisation's scope it is the organisation's id. */
export const SYSTEM_TENANT = '*';

interface Scope {
  tenant: string;
  /** The `preau.audit` value of queries issued here: who acts, doing what, from where (`''`: the system). */
  audit: string;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `fn` in organisation `organizationId`'s scope: its queries see and write that organisation's rows only. */
export function runInTenantScope<T>(organizationId: string, fn: () => T): T {
  return scopes.run({ tenant: tenantOf(organizationId), audit: scopes.getStore()?.audit ?? '' }, fn);
}

/** Runs `fn` in the system scope: its queries see every organisation's rows (access lookups, jobs, CLI). */
export function runInSystemScope<T>(fn: () => T): T {
  return scopes.run({ tenant: SYSTEM_TENANT, audit: '' }, fn);
}

/**
 * Narrows the innermost running scope to organisation `organizationId` for the rest of it: a request
 * runs in a scope of its own, which the access layer narrows once it knows the organisation.
 */
export function narrowToTenantScope(organizationId: string): void {
  const scope = scopes.getStore();
  if (!scope) throw new Error('no scope is running: wrap the work in runInSystemScope first');
  scope.tenant = tenantOf(organizationId);
}

/**
 * Names who acts in the innermost running scope for the rest of it (the access layer, once a request's
 * caller is known): the audit log's triggers read it from the connection (modules/audit, decision 0020).
 */
export function setAuditContext(context: AuditContext): void {
  const scope = scopes.getStore();
  if (!scope) throw new Error('no scope is running: wrap the work in runInSystemScope first');
  scope.audit = JSON.stringify(context);
}

/** Who acts and how, as the audit log's triggers read it (short keys: it travels on every connection change). */
export interface AuditContext {
  /** Actor kind. */
  k: 'account' | 'api_token' | 'operator_support' | 'hosting' | 'anonymous';
  /** The account's, token's or hosting session's id. */
  id?: string;
  /** The support access an operator acts under. */
  s?: string;
  /** The route's access action. */
  a: string;
  /** The organisation and base the route acts on, when it names them. */
  o?: string;
  b?: string;
  ip?: string;
  ua?: string;
}

/** The `preau.audit` value of queries issued here: `''` for the system (jobs, CLI, before a request's caller is known). */
export function currentAudit(): string {
  return scopes.getStore()?.audit ?? '';
}

/** The `preau.tenant` value of queries issued here: the organisation's id, or `*` (also outside any scope). */
export function currentTenant(): string {
  return scopes.getStore()?.tenant ?? SYSTEM_TENANT;
}

function tenantOf(organizationId: string): string {
  if (organizationId === '' || organizationId === SYSTEM_TENANT) throw new Error(`"${organizationId}" is not an organisation id`);
  return organizationId;
}
