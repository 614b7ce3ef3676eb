import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignIn, fillSignUp, mailLink, makePerson, openMail, switchLanguage } from './support/console-steps.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

// One account's life, in order: sign-up, e-mail confirmation, password reset, language preference, phone verification.
describe('account pages in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  const claire = makePerson('Claire Dubois');
  const newPassword = `${claire.password}-nouveau`;

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startTestPreau();
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('confirms the e-mail address from the link of the outbox e-mail', async () => {
    await page.goto(`${server.url}/sign-up`);
    await fillSignUp(page, claire, 'École des Tilleuls');
    await page.getByRole('heading', { name: 'Accueil — École des Tilleuls' }).waitFor();
    await page.getByText('Confirmez votre adresse e-mail').waitFor();

    const mailbox = await server.mailbox(browser);
    await openMail(mailbox, server.url, claire.email, 'Confirmez votre adresse e-mail');
    await page.goto(await mailLink(mailbox, '/verify-email'));
    await page.getByText('Votre adresse e-mail est confirmée').waitFor();
    await page.getByRole('link', { name: 'Continuer vers Préau' }).click();
    await page.getByRole('heading', { name: 'Accueil — École des Tilleuls' }).waitFor();
    expect(await page.getByText('Confirmez votre adresse e-mail').count()).toBe(0);
  });

  it('resets a forgotten password through the e-mailed link', async () => {
    await page.getByRole('button', { name: `Menu de ${claire.name}` }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByLabel(/^Adresse e-mail/).fill(claire.email);
    await page.getByRole('button', { name: 'Envoyer le lien' }).click();
    await page.getByText(`Si un compte existe pour ${claire.email}`).waitFor();

    const mailbox = await server.mailbox(browser);
    await openMail(mailbox, server.url, claire.email, 'Réinitialisez votre mot de passe');
    await page.goto(await mailLink(mailbox, '/reset-password'));
    await page.getByLabel(/^Nouveau mot de passe/).fill(newPassword);
    await page.getByLabel(/^Confirmer le mot de passe/).fill(newPassword);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Votre mot de passe a été modifié.').waitFor();
    await page.getByRole('link', { name: 'Retour à la connexion' }).click();

    await fillSignIn(page, claire);
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Adresse e-mail ou mot de passe incorrect.');
    // The refusal is kept as its code: it follows the language without signing in again.
    await switchLanguage(page, 'en', { signedIn: false });
    await refusal.getByText('Wrong e-mail address or password.').waitFor();
    await switchLanguage(page, 'fr', { signedIn: false });
    await refusal.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    await fillSignIn(page, { ...claire, password: newPassword });
    await page.getByRole('heading', { name: 'Accueil — École des Tilleuls' }).waitFor();
  });

  it('keeps the chosen language on the profile, in another browser too', async () => {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
    await page.getByRole('radiogroup', { name: "Langue de l'interface" }).getByText('EN').click();
    expect((await saved).status()).toBe(200);
    await page.getByRole('heading', { name: 'Home — École des Tilleuls' }).waitFor();

    const elsewhere = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await elsewhere.goto(`${server.url}/sign-in`);
    await fillSignIn(elsewhere, { ...claire, password: newPassword });
    await elsewhere.getByRole('heading', { name: 'Home — École des Tilleuls' }).waitFor();
    await elsewhere.getByRole('link', { name: 'My profile' }).click();
    expect(await elsewhere.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
  });

  it('verifies the phone number with the code read in the SMS outbox', async () => {
    await page.getByRole('link', { name: 'My profile' }).click();
    await page.getByLabel(/^Phone/).fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('+33 6 12 34 56 78', { exact: true }).waitFor();
    await page.getByText('not verified', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Verify my number' }).click();
    await page.getByText(/^A 6-digit code was sent by text message/).waitFor();

    const mailbox = await server.mailbox(browser);
    await mailbox.goto(`${server.url}/dev/outbox`);
    const sms = mailbox.getByRole('region', { name: 'SMS' }).getByRole('cell', { name: /Préau: your verification code is/ }).first();
    const code = /\b([0-9]{6})\b/.exec((await sms.textContent()) ?? '')?.[1];
    expect(code).toBeDefined();
    await page.getByLabel(/^Code received by text/).fill(code!);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('verified', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Verify my number' }).count()).toBe(0);
  });
});
