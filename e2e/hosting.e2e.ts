import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Organization } from '@preau/contracts';
import { insertIssuedInvoice } from '../apps/server/test/support/billing-rows.ts';
import { callApi } from './support/api-calls.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

// A legal owner asks for the hosting credentials on the organisation's page; the password, read from
// the development SMS outbox, and an invoice number open the hosting console in another browser.
describe('the hosting console', () => {
  let server: TestPreau;
  let browser: Browser;

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestPreau(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with the hosting number, the password received by SMS and an invoice number, then signs out', async () => {
    // The outbox's operator is the organisation's legal owner here, with a verified phone number.
    const owner = await server.mailbox(browser);
    const organization = await callApi<Organization>(owner, 'POST', `${server.url}/api/organizations`, { name: 'Collège Victor Hugo' });
    const me = await callApi<{ id: string }>(owner, 'GET', `${server.url}/api/me`);
    await server.preau.db.updateTable('user').set({ phone: '+33612345678', phone_verified_at: new Date() }).where('id', '=', me.id).execute();
    const invoiceId = await insertIssuedInvoice(server.preau.db, organization.id);
    const { number } = await server.preau.db.selectFrom('billing_documents').select('number').where('id', '=', invoiceId).executeTakeFirstOrThrow();

    await owner.goto(`${server.url}/organizations/${organization.id}`);
    await owner.getByRole('heading', { name: "Identifiants d'hébergement" }).waitFor();
    await owner.getByRole('button', { name: "Recevoir mes identifiants d'hébergement" }).click();
    await owner.getByRole('status').filter({ hasText: 'Identifiants envoyés par SMS' }).waitFor();
    const outbox = await callApi<{ items: { to: string; text: string }[] }>(owner, 'GET', `${server.url}/api/dev/sms-outbox`);
    const password = /Mot de passe : ([A-Za-z0-9]{14})\./.exec(outbox.items.find((m) => m.to === '+33612345678')?.text ?? '')?.[1];
    expect(password).toBeDefined();

    const school = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await school.goto(`${server.url}/hebergement`);
    await school.getByRole('heading', { name: "Console d'hébergement" }).waitFor();
    await school.getByLabel(/^Numéro d'hébergement/).fill(organization.hostingNumber);
    await school.getByLabel(/^Mot de passe d'hébergement/).fill(password!);
    await school.getByRole('button', { name: 'Se connecter' }).click();
    await school.getByRole('alert').filter({ hasText: 'Connexion refusée' }).waitFor();
    await school.getByLabel(/^Numéro de facture/).fill(number!);
    await school.getByRole('button', { name: 'Se connecter' }).click();
    await school.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await school.getByText(`Organisation : Collège Victor Hugo (numéro d'hébergement ${organization.hostingNumber})`).waitFor();
    // The member console does not know this browser: a hosting session is no account's session.
    expect((await school.request.get(`${server.url}/api/me`)).status()).toBe(401);

    await school.getByRole('button', { name: 'Se déconnecter' }).click();
    await school.getByLabel(/^Numéro d'hébergement/).waitFor();
    expect((await school.request.get(`${server.url}/api/hosting/session`)).status()).toBe(401);
  });
});
