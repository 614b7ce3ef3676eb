/*
 * Test harness. Typical use:
 *
 *   const t = await createTestApp();                  // fresh migrated database, real SMTP server in t.mail
 *   const alice = await signUp(t.app, { name: 'Alice' }); // signed-in agent: cookies + x-csrf-token handled
 *   const res = await alice.post('/api/organizations', { name: 'École' });
 *   const mail = await t.mail.waitFor({ to: alice.user!.email, subject: 'Confirmez' });
 *   await t.close();
 *
 * Most files start from an application with an organisation:
 *
 *   const { t, organization, people, close } = await createOrganizationApp({ owner: 'owner', direction: 'collaborator' });
 *   const base = await makeBase(people.owner.agent, organization.id);
 *   await eventually(async () => (await probe()) || undefined, { what: 'the import ends' });
 *
 * Options: `config` (e.g. `{ authSignInMaxFailures: 3 }`), `clock`, `mailMode: 'outbox'`, `routes` (extra test routes).
 * With TEST_DATABASE_URL set, each createTestApp() gets its own PostgreSQL database copied from a template.
 */
export { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestAppOptions } from './test-app.ts';
export { createAgent, signIn, signUp, type Agent, type AgentRequest } from './agent.ts';
export type { CapturedMail, MailFilter, SmtpCapture } from './smtp-capture.ts';
export { createEmptyPostgresDatabase, createTestDatabase } from './test-database.ts';
export { createOrganizationApp, makeBase, makeOrganization, makePerson, nextUai, type OrganizationApp, type OrganizationFixture, type Person } from './factories.ts';
export { eventually } from './eventually.ts';
export { startS3Server, type TestS3Server } from './s3-server.ts';
export { startSmsGateway, type SmsGateway } from './sms-gateway.ts';
export { hostingAgent } from './hosting.ts';
