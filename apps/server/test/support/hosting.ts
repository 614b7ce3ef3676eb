import { randomUUID } from 'node:crypto';
import { newSessionToken } from '../../src/modules/hosting/hosting-password.ts';
import { createAgent, type Agent } from './agent.ts';
import type { TestApp } from './test-app.ts';

/**
 * A browser holding a hosting console session of the organisation (and its CSRF cookie). A session
 * exists only for an organisation with a hosting password; its hash does not matter here.
 */
export async function hostingAgent(t: TestApp, organizationId: string): Promise<Agent> {
  const { token, tokenHash } = newSessionToken();
  const at = new Date();
  await t.db.insertInto('hosting_credentials').values({ organization_id: organizationId, password_hash: 'not-a-hash', password_set_at: at, ownership_proved_at: at, ownership_invoice_id: null }).onConflict((oc) => oc.doNothing()).execute();
  await t.db.insertInto('hosting_sessions').values({ id: randomUUID(), organization_id: organizationId, token_hash: tokenHash, created_at: at, last_seen_at: at, expires_at: new Date(at.getTime() + 3_600_000), ip_address: null }).execute();
  const agent = createAgent(t.app);
  await agent.get('/api/health');
  agent.cookies.set('preau.hosting_session', token);
  return agent;
}
