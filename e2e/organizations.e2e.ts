import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignIn, fillSignUp, mailLink, makePerson, memberRow, openMail, switchLanguage } from './support/console-steps.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

// One story, in order: each step builds on the previous one (the owner, then the invitee, then the owner).
describe('organisation, invitation and roles in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  let ownerContext: BrowserContext;
  let inviteeContext: BrowserContext;
  let owner: Page;
  let invitee: Page;
  const alice = makePerson('Alice Martin');
  const bruno = makePerson('Bruno Petit');
  const orgName = 'École des Tilleuls';
  let membersUrl = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startTestPreau();
    browser = await launchChromium();
    ownerContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 860 } });
    inviteeContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 860 } });
    owner = await ownerContext.newPage();
    invitee = await inviteeContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs up the first person with their organisation, of which they are the legal owner', async () => {
    await owner.goto(server.url);
    // First run: no account exists yet, so the console opens on the sign-up page.
    await owner.getByRole('heading', { name: 'Créer un compte' }).waitFor();
    await owner.getByText('Votre compte et votre organisation sont créés ensemble').waitFor();
    await fillSignUp(owner, alice, orgName);
    // The organisation's home first: its tab named after the page and the organisation, nothing to do yet but a base to create.
    await owner.getByRole('heading', { name: `Accueil — ${orgName}` }).waitFor();
    expect(await owner.title()).toBe(`Accueil · ${orgName} · Préau`);
    await owner.getByText('Rien à traiter pour le moment.').waitFor();
    await owner.getByRole('link', { name: 'Membres', exact: true }).click();
    await owner.getByRole('heading', { name: `Membres — ${orgName}` }).waitFor();
    expect(await owner.title()).toBe(`Membres · ${orgName} · Préau`);
    membersUrl = owner.url();
    expect(await memberRow(owner, alice.email).textContent()).toContain('Responsable légal');
    await owner.getByText('Confirmez votre adresse e-mail').waitFor();
  });

  it('invites a second person, whose invitation is readable in the outbox', async () => {
    await owner.getByRole('combobox', { name: /^Adresses e-mail/ }).fill(bruno.email);
    await owner.getByRole('combobox', { name: /^Adresses e-mail/ }).press('Enter');
    await owner.getByRole('button', { name: 'Envoyer les invitations' }).click();
    await owner.getByRole('button', { name: `Annuler l'invitation de ${bruno.email}` }).waitFor();
    const mailbox = await server.mailbox(browser);
    await openMail(mailbox, server.url, bruno.email, `vous invite à rejoindre ${orgName}`);
    await mailbox.screenshot({ path: '/tmp/preau-e2e-outbox-mail.png', fullPage: true });
    const link = await mailLink(mailbox, '/invitations/');

    // Signed out, the page says who invites to what, with which role and address, in the reader's language.
    await invitee.goto(link);
    await invitee.getByText(`${alice.name} vous invite à rejoindre ${orgName}`).waitFor();
    await invitee.getByText(`Invitation adressée à ${bruno.email}`).waitFor();
    await invitee.getByText('Collaborateur', { exact: true }).waitFor();
    await switchLanguage(invitee, 'en', { signedIn: false });
    await invitee.getByText(`${alice.name} invites you to join ${orgName}`).waitFor();
    await invitee.getByText(`Invitation sent to ${bruno.email}`).waitFor();
    await invitee.getByText('Collaborator', { exact: true }).waitFor();
    await invitee.getByRole('link', { name: 'Create an account' }).click();
    await invitee.getByText('The address the invitation was sent to').waitFor();
    await switchLanguage(invitee, 'fr', { signedIn: false });
    await invitee.getByText('Créez votre compte, puis acceptez l\'invitation').waitFor();
    // From an invitation the form asks no organisation (the person joins the inviting one) and holds the invited address.
    expect(await invitee.getByLabel(/^Nom de l'organisation/).count()).toBe(0);
    const email = invitee.getByLabel(/^Adresse e-mail/);
    await invitee.getByText('L\'adresse qui a reçu l\'invitation').waitFor();
    expect(await email.inputValue()).toBe(bruno.email);
    expect(await email.isEditable()).toBe(false);
    await fillSignUp(invitee, bruno);
    await invitee.getByRole('button', { name: 'Accepter' }).click();
    await invitee.getByRole('heading', { name: `Membres — ${orgName}` }).waitFor();
    expect(await memberRow(invitee, bruno.email).textContent()).toContain('Collaborateur');

    // Once answered, the link tells a signed-out reader only that, in either language.
    const stranger = await browser.newContext({ locale: 'fr-FR' });
    const signedOut = await stranger.newPage();
    await signedOut.goto(link);
    await signedOut.getByRole('alert').getByText('Cette invitation a déjà reçu une réponse ou a été annulée.').waitFor();
    expect(await signedOut.getByText(orgName).count()).toBe(0);
    await signedOut.goto(`${server.url}/invitations/00000000-0000-4000-8000-000000000000`);
    await signedOut.getByRole('alert').getByText('Ce lien ne correspond à aucune invitation').waitFor();
    await switchLanguage(signedOut, 'en', { signedIn: false });
    await signedOut.getByRole('alert').getByText('This link matches no invitation').waitFor();
    await stranger.close();

    // The same link opened with another account: refused, with a way to change account and come back.
    await owner.goto(link);
    await owner.getByRole('alert').getByText('Invitation introuvable pour ce compte.').waitFor();
    await owner.getByRole('button', { name: 'Changer de compte' }).click();
    await owner.getByRole('link', { name: 'Se connecter' }).click();
    await fillSignIn(owner, alice);
    await owner.getByText(`Connecté en tant que ${alice.email}`).waitFor();
    expect(owner.url()).toBe(link);
  });

  it('sets a collaborator\'s billing switch and cancels a pending invitation', async () => {
    await owner.goto(membersUrl);
    const billing = memberRow(owner, bruno.email).getByRole('switch', { name: 'Droits de facturation' });
    expect(await billing.isChecked()).toBe(false);
    const saved = owner.waitForResponse((r) => r.url().includes('/members/') && r.request().method() === 'PATCH');
    await billing.click(); // the switch shows the server's state: it turns on once the PATCH is answered
    expect((await saved).status()).toBe(200);
    await owner.reload();
    expect(await memberRow(owner, bruno.email).getByRole('switch', { name: 'Droits de facturation' }).isChecked()).toBe(true);

    const stranger = makePerson('Denis Moreau');
    await owner.getByRole('combobox', { name: /^Adresses e-mail/ }).fill(stranger.email);
    await owner.getByRole('combobox', { name: /^Adresses e-mail/ }).press('Enter');
    await owner.getByRole('button', { name: 'Envoyer les invitations' }).click();
    const cancel = owner.getByRole('button', { name: `Annuler l'invitation de ${stranger.email}` });
    await cancel.click();
    await cancel.waitFor({ state: 'detached' });
  });

  it('changes the invitee\'s role, and the invitee receives the summary e-mail', async () => {
    await owner.goto(membersUrl);
    await memberRow(owner, bruno.email).waitFor();
    await owner.getByRole('button', { name: `Actions pour ${bruno.name}` }).click();
    await owner.getByRole('menuitem', { name: 'Modifier le rôle' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByText('Seul un responsable légal peut nommer un autre responsable légal.').waitFor();
    await dialog.getByLabel(/^Nouveau rôle/).selectOption('admin');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await memberRow(owner, bruno.email).getByText('Administrateur').waitFor();
    await openMail(await server.mailbox(browser), server.url, bruno.email, `Votre rôle dans ${orgName} a changé`);
  });

  it('shows the refusal inside the dialog when the sole owner demotes themself', async () => {
    await owner.goto(membersUrl);
    await owner.getByRole('button', { name: `Actions pour ${alice.name}` }).click();
    await owner.getByRole('menuitem', { name: 'Modifier le rôle' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel(/^Nouveau rôle/).selectOption('admin');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Le dernier responsable légal ne peut être ni rétrogradé ni retiré');
    await owner.screenshot({ path: '/tmp/preau-e2e-refusal.png' });
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect(await memberRow(owner, alice.email).textContent()).toContain('Responsable légal');
  });

  it('switches between organisations without signing out', async () => {
    const second = 'Collège Jean Moulin';
    await owner.getByRole('button', { name: /^Organisation : / }).click();
    await owner.getByRole('menuitem', { name: 'Créer une organisation' }).click();
    await owner.getByRole('heading', { name: 'Créer une organisation' }).waitFor();
    await owner.getByLabel(/^Nom de l'organisation/).fill(second);
    await owner.getByRole('button', { name: 'Créer l\'organisation' }).click();
    await owner.getByRole('heading', { name: `Membres — ${second}` }).waitFor();

    await owner.getByRole('button', { name: `Organisation : ${second}. Changer d'organisation` }).click();
    await owner.getByRole('menuitem', { name: orgName }).click();
    await owner.getByRole('heading', { name: `Membres — ${orgName}` }).waitFor();
    await memberRow(owner, bruno.email).waitFor();
    await owner.screenshot({ path: '/tmp/preau-e2e-members.png', fullPage: true });
  });

  it('shows the organisation profile and renames the organisation', async () => {
    await owner.getByRole('link', { name: 'Organisation', exact: true }).click();
    await owner.getByText('Numéro d\'hébergement', { exact: true }).waitFor();
    expect(await owner.locator('dd code').first().textContent()).toMatch(/^[0-9]{12}$/);
    await owner.getByText('Code support', { exact: true }).waitFor();
    // Each code has its copy button, named after what it copies.
    await owner.getByRole('button', { name: 'Copier : Numéro d\'hébergement' }).waitFor();
    await owner.getByRole('button', { name: 'Copier : Code support' }).waitFor();
    const renamed = `${orgName} (primaire)`;
    await owner.getByLabel(/^Nom de l'organisation/).fill(renamed);
    await owner.getByRole('button', { name: 'Enregistrer' }).click();
    await owner.getByRole('button', { name: `Organisation : ${renamed}. Changer d'organisation` }).waitFor();
  });

  it('removes a member after confirmation', async () => {
    await owner.getByRole('link', { name: 'Membres' }).click();
    await owner.getByRole('button', { name: `Actions pour ${bruno.name}` }).click();
    await owner.getByRole('menuitem', { name: 'Retirer de l\'organisation' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByText(`${bruno.name} (${bruno.email}) n'aura plus accès`).waitFor();
    await dialog.getByRole('button', { name: 'Retirer' }).click();
    await memberRow(owner, bruno.email).waitFor({ state: 'detached' });
  });

  it('opens and closes the role dialog from the keyboard, focus going in and back', async () => {
    // Focus moves after the dialog's opening and closing transitions: wait until it lands.
    const focusLandsOn = (label: string) =>
      owner.waitForFunction((l) => (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName) === l, label);
    await owner.getByRole('button', { name: `Actions pour ${alice.name}` }).focus();
    await owner.keyboard.press('Enter');
    const changeRole = owner.getByRole('menuitem', { name: 'Modifier le rôle' });
    await changeRole.waitFor();
    // Whether the menu focuses its first item itself depends on its opening transition: put the
    // focus on the item explicitly, then activate it from the keyboard.
    await changeRole.focus();
    await owner.keyboard.press('Enter');
    const dialog = owner.getByRole('dialog');
    await dialog.waitFor();
    await focusLandsOn('SELECT');
    await owner.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await focusLandsOn(`Actions pour ${alice.name}`);
  });
});
