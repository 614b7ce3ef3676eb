/*
 * Test harness. Typical use:
 *
 *   const t = await createTestApp();                  // fresh migrated database, real SMTP server in t.mail
 *   const alice = await signUp(t.app, { name: 'Alice' }); // signed-in agent: cookies + x-csrf-token handled
 *   const res = await alice.post('/api/organizations', { name: 'École' });
 *   const mail = await t.mail.waitFor({ to: alice.user!.email, subject: 'Confirmez' });
 *   await t.close();
 *
 * Options: `config` (e.g. `{ authSignInMaxFailures: 3 }`), `clock`, `mailMode: 'outbox'`, `routes` (extra test routes).
 * With TEST_DATABASE_URL set, each createTestApp() gets its own PostgreSQL database copied from a template.
 */
export { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestAppOptions } from './test-app.ts';
export { createAgent, signIn, signUp, type Agent, type AgentRequest } from './agent.ts';
export { startSmtpCapture, type CapturedMail, type MailFilter, type SmtpCapture } from './smtp-capture.ts';
export { createEmptyPostgresDatabase, createTestDatabase } from './test-database.ts';
