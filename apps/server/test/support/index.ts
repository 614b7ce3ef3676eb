// Test harness: `createTestApp()` for a fresh app, database and SMTP server; `signUp()` for a signed-in agent.
export { createTestApp, TEST_PUBLIC_URL, type TestApp, type TestAppOptions } from './test-app.ts';
export { createAgent, signIn, signUp, type Agent, type AgentRequest } from './agent.ts';
export { startSmtpCapture, type CapturedMail, type MailFilter, type SmtpCapture } from './smtp-capture.ts';
export { createTestDatabase } from './test-database.ts';
