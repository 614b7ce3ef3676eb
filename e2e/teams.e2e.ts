import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uaiCheckLetter, type Base, type Invitation, type Member, type Organization } from '@preau/contracts';
import { createOperatorsRepository } from '../apps/server/src/modules/operators/operators.repository.ts';
import { callApi } from './support/api-calls.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignIn, fillSignUp, mailLink, makePerson, memberRow, openMail, type Person } from './support/console-steps.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

// One story, in order: a legal owner makes a team that gives a base (teacher profile) and billing
// (read), adds three people at once (one of them an external invited by e-mail, who joins through the
// e-mail's link), and the external then reaches that base and billing only; the owner grants the
// support one hour of read-only access, an operator enters the organisation from the Support page and
// leaves, and the owner reads what the support did.
describe('work teams and support access in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let owner: Page;
  let external: Page;
  let operator: Page;
  let orgId = '';
  const orgName = 'Collège des Marronniers';
  const teamName = 'Professeurs de 3e';
  const ownerPerson = makePerson('Olga Principale');
  const eve = makePerson('Ève Inspectrice');
  const operatorPerson = makePerson('Oscar Support');
  const reason = 'Les bilans de 3e ne s’affichent pas';
  let base: Base;
  let otherBase: Base;
  const colleagues: Member[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };
  const orgApi = <T,>(page: Page, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
    callApi<T>(page, method, `${server.url}/api/organizations/${orgId}${path}`, body);

  /** Signs `person` up in a context of their own, invited and accepted as a collaborator through the API. */
  async function joinAsCollaborator(person: Person): Promise<Member> {
    const page = await newPage();
    await orgApi(owner, 'POST', '/invitations', { emails: [person.email], role: 'collaborator' });
    const signUp = await page.request.post(`${server.url}/api/auth/sign-up/email`, { data: person, headers: { origin: server.url } });
    if (!signUp.ok()) throw new Error(`sign-up of ${person.email}: ${signUp.status()} ${await signUp.text()}`);
    const signIn = await page.request.post(`${server.url}/api/auth/sign-in/email`, { data: { email: person.email, password: person.password }, headers: { origin: server.url } });
    if (!signIn.ok()) throw new Error(`sign-in of ${person.email}: ${signIn.status()} ${await signIn.text()}`);
    const pending = await orgApi<{ items: Invitation[] }>(owner, 'GET', '/invitations');
    const invitation = pending.items.find((i) => i.email === person.email);
    if (!invitation) throw new Error(`no invitation for ${person.email}`);
    await callApi(page, 'POST', `${server.url}/api/invitations/${invitation.id}/accept`);
    const members = await orgApi<{ items: Member[] }>(owner, 'GET', '/members');
    const member = members.items.find((m) => m.email === person.email);
    if (!member) throw new Error(`${person.email} is no member`);
    return member;
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestPreau(), launchChromium()]);
    [owner, external, operator] = await Promise.all([newPage(), newPage(), newPage()]);

    // The school's legal owner signs up with the organisation.
    await owner.goto(`${server.url}/sign-up`);
    await fillSignUp(owner, ownerPerson, orgName);
    await owner.getByRole('heading', { name: /^Accueil/ }).waitFor();
    orgId = /organizations\/([^/]+)/.exec(owner.url())?.[1] ?? '';

    // Two bases: the team will give the first one only.
    const createBase = (digits: string, name: string) => orgApi<Base>(owner, 'POST', '/bases',
      { uai: `${digits}${uaiCheckLetter(digits)}`, name, degree: 'college', schoolYear: '2026-2027' });
    base = await createBase('0691235', 'Collège des Marronniers');
    otherBase = await createBase('0691236', 'Annexe des Platanes');

    // Two collaborators already in the organisation.
    colleagues.push(await joinAsCollaborator(makePerson('Paul Lettres')), await joinAsCollaborator(makePerson('Clara Sciences')));

    // An operator of the instance.
    const signUp = await fetch(`${server.url}/api/auth/sign-up/email`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(operatorPerson),
    });
    if (!signUp.ok) throw new Error(`operator sign-up: ${signUp.status}`);
    const user = await server.preau.db.selectFrom('user').select('id').where('email', '=', operatorPerson.email).executeTakeFirstOrThrow();
    await createOperatorsRepository(server.preau.db).grant(user.id);
    await operator.goto(`${server.url}/sign-in`);
    await fillSignIn(operator, operatorPerson);
    await operator.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('creates a team that gives a base with the teacher profile and billing read', async () => {
    await owner.goto(`${server.url}/organizations/${orgId}/home`);
    await owner.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Équipes', exact: true }).click();
    await owner.getByRole('heading', { level: 1, name: `Équipes — ${orgName}` }).waitFor();
    expect(await owner.title()).toBe(`Équipes · ${orgName} · Préau`);
    await owner.getByText('Aucune équipe pour le moment.').waitFor();

    const form = owner.getByRole('region', { name: 'Créer une équipe' });
    await form.getByLabel(/^Nom de l'équipe/).fill(teamName);
    await form.getByLabel(/^Description/).fill('Les enseignants et l’inspectrice de 3e');
    await form.getByRole('radio', { name: 'Vert' }).check();
    await form.getByLabel(`Profil sur ${base.name} (2026-2027)`).selectOption('teacher');
    await form.getByLabel('Facturation', { exact: true }).selectOption('read');
    await form.getByRole('button', { name: 'Créer l\'équipe' }).click();

    // The new team opens, with what it gives.
    await owner.getByRole('heading', { level: 1, name: `Équipe ${teamName}` }).waitFor();
    const products = owner.getByRole('region', { name: 'Ce que donne l’équipe' });
    expect(await products.getByLabel(`Profil sur ${base.name} (2026-2027)`).inputValue()).toBe('teacher');
    expect(await products.getByLabel(`Profil sur ${otherBase.name} (2026-2027)`).inputValue()).toBe('');
    expect(await products.getByLabel('Facturation', { exact: true }).inputValue()).toBe('read');
  });

  it('adds three people at once: two members picked in the list, an external invited by e-mail', async () => {
    const add = owner.getByRole('region', { name: 'Ajouter des membres' });
    const picker = add.getByLabel(/^Membres de l'organisation/);
    for (const member of colleagues) {
      await picker.click();
      await picker.fill(member.name.split(' ')[0]!);
      await owner.getByRole('option', { name: `${member.name} (${member.email})` }).click();
    }
    await add.getByLabel(/^Adresses e-mail/).fill(`  ${eve.email}\n`);
    await add.getByLabel(/^Rôle des invités/).selectOption('external');
    await add.getByRole('button', { name: 'Ajouter à l\'équipe' }).click();

    const members = owner.getByRole('table', { name: `Membres de l'équipe ${teamName}` });
    for (const member of colleagues) await members.locator(`tr[data-member-email="${member.email}"]`).waitFor();
    const invitees = owner.getByRole('table', { name: 'Invitations en attente dans l\'équipe' });
    await invitees.getByRole('row').filter({ hasText: eve.email }).getByText('Externe').waitFor();
    await owner.screenshot({ path: '/tmp/preau-e2e-team.png', fullPage: true });

    // The team list shows its colour, its count and its products.
    await owner.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Équipes', exact: true }).click();
    const row = owner.locator(`tr[data-team-name="${teamName}"]`);
    await row.getByText(`${base.name} · Enseignant`).waitFor();
    await row.getByText('Facturation · Lecture').waitFor();
    await owner.screenshot({ path: '/tmp/preau-e2e-teams.png', fullPage: true });
    expect(await row.textContent()).toContain('2');
  });

  it('lets the external join through the e-mail and reach only that base, and billing read-only', async () => {
    const mailbox = await server.mailbox(browser);
    await openMail(mailbox, server.url, eve.email, `vous invite à rejoindre ${orgName}`);
    const link = await mailLink(mailbox, '/invitations/');
    await external.goto(link);
    await external.getByText(`Invitation adressée à ${eve.email}`).waitFor();
    await external.getByRole('link', { name: 'Créer un compte' }).click();
    await fillSignUp(external, eve);
    await external.getByRole('button', { name: 'Accepter' }).click();
    await external.waitForURL(new RegExp(`/organizations/${orgId}/`));

    // Only the team's base among the organisation's bases.
    await external.goto(`${server.url}/organizations/${orgId}/bases`);
    await external.getByRole('heading', { name: 'Bases scolaires' }).first().waitFor();
    await external.getByRole('row').filter({ hasText: base.name }).first().waitFor();
    expect(await external.getByRole('row').filter({ hasText: otherBase.name }).count()).toBe(0);
    const bases = await orgApi<{ items: Base[] }>(external, 'GET', '/bases');
    expect(bases.items.map((b) => b.id)).toEqual([base.id]);
    const onBase = await callApi<Base>(external, 'GET', `${server.url}/api/bases/${base.id}`);
    expect(onBase.capabilities).not.toContain('base.manage');

    // Facturation shows, to read only.
    await external.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Facturation', exact: true }).click();
    await external.getByRole('heading', { level: 1, name: `Facturation — ${orgName}` }).waitFor();
    await external.getByRole('tab', { name: 'Adresses de facturation' }).click();
    await external.getByRole('tabpanel').waitFor();
    expect(await external.getByRole('button', { name: 'Ajouter une adresse' }).count()).toBe(0);
    const organization = await orgApi<Organization>(external, 'GET', '');
    expect(organization.capabilities).toContain('billing.read');
    expect(organization.capabilities).not.toContain('billing.manage');
  });

  it('shows the owner why each person reaches billing, the base, and what a member reaches', async () => {
    await owner.goto(`${server.url}/organizations/${orgId}/billing`);
    const billing = owner.getByRole('table', { name: 'Qui a accès à la facturation' });
    await billing.locator(`tr[data-member-email="${eve.email}"]`).getByText(`Équipe ${teamName}`).waitFor();
    await billing.locator(`tr[data-member-email="${ownerPerson.email}"]`).getByText('Rôle : Responsable légal').waitFor();

    await owner.goto(`${server.url}/bases/${base.id}`);
    const onBase = owner.getByRole('table', { name: 'Qui a accès' });
    const eveRow = onBase.locator(`tr[data-member-email="${eve.email}"]`);
    await eveRow.getByText(`Équipe ${teamName}`).waitFor();
    expect(await eveRow.textContent()).toContain('Enseignant');

    await owner.goto(`${server.url}/organizations/${orgId}/members`);
    await memberRow(owner, eve.email).waitFor();
    await owner.getByRole('button', { name: `Actions pour ${eve.name}` }).click();
    await owner.getByRole('menuitem', { name: 'Voir les accès' }).click();
    await owner.getByRole('heading', { level: 1, name: `Accès de ${eve.name}` }).waitFor();
    const access = owner.getByRole('table', { name: 'Produits atteints' });
    await access.locator(`tr[data-product="${base.name}"]`).getByText(`Équipe ${teamName}`).waitFor();
    await access.locator('tr[data-product="billing"]').getByText('Lecture').first().waitFor();
    await owner.screenshot({ path: '/tmp/preau-e2e-member-access.png', fullPage: true });
    expect(await access.locator(`tr[data-product="${otherBase.name}"]`).count()).toBe(0);
  });

  it('grants the support one hour of read-only access', async () => {
    await owner.goto(`${server.url}/organizations/${orgId}`);
    const section = owner.getByRole('region', { name: 'Accès support' });
    expect(await section.getByLabel(/^Durée/).inputValue()).toBe('1');
    expect(await section.getByRole('switch', { name: /^Autoriser les modifications/ }).isChecked()).toBe(false);
    await section.getByLabel(/^Motif/).fill(reason);
    await section.getByRole('button', { name: 'Accorder l\'accès' }).click();
    const grants = section.getByRole('table', { name: 'Accès accordés' });
    const row = grants.getByRole('row').filter({ hasText: reason });
    await row.getByText('En cours').waitFor();
    await row.getByText('Lecture seule').waitFor();
    await row.getByText('Pas encore utilisé').waitFor();
    await owner.screenshot({ path: '/tmp/preau-e2e-support-access.png', fullPage: true });
  });

  it('lets an operator enter the organisation from the Support page, with the banner, and leave', async () => {
    await operator.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Support', exact: true }).click();
    await operator.getByRole('heading', { level: 1, name: 'Support' }).waitFor();
    const running = operator.getByRole('table', { name: 'Accès en cours' });
    const row = running.locator(`tr[data-organization-id="${orgId}"]`);
    await row.getByText(reason).waitFor();
    await row.getByText('Lecture seule').waitFor();
    await operator.screenshot({ path: '/tmp/preau-e2e-operator-support.png', fullPage: true });

    // The search finds the customer by its support code, access granted.
    const organization = await orgApi<Organization>(owner, 'GET', '');
    await operator.getByRole('searchbox', { name: 'Rechercher', exact: true }).fill(organization.supportCode);
    const found = operator.getByRole('table', { name: 'Trouver un client' }).locator(`tr[data-organization-id="${orgId}"]`);
    await found.getByText(/^Lecture seule jusqu'au/).waitFor();

    await row.getByRole('link', { name: `Entrer dans ${orgName}` }).click();
    await operator.getByRole('heading', { level: 1, name: orgName }).waitFor();
    const banner = operator.getByRole('status').filter({ hasText: 'Accès support — lecture seule jusqu\'au' });
    await banner.waitFor();
    await operator.screenshot({ path: '/tmp/preau-e2e-support-banner.png', fullPage: true });
    // Inside, the support reads the members (logged as its actions); the banner stays on every page.
    await operator.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Membres', exact: true }).click();
    await memberRow(operator, eve.email).waitFor();
    await banner.waitFor();
    await banner.getByRole('button', { name: 'Quitter' }).click();
    await operator.getByRole('heading', { level: 1, name: 'Support' }).waitFor();
    expect(operator.url()).toBe(`${server.url}/operator/support`);
  });

  it('shows the owner the access in the list, with what the support did', async () => {
    await owner.goto(`${server.url}/organizations/${orgId}`);
    const section = owner.getByRole('region', { name: 'Accès support' });
    const row = section.getByRole('table', { name: 'Accès accordés' }).getByRole('row').filter({ hasText: reason });
    await row.getByText('En cours').waitFor();
    expect(await row.getByText('Pas encore utilisé').count()).toBe(0);
    await row.getByRole('button', { name: `Voir les actions de l'accès « ${reason} »` }).click();
    const drawer = owner.getByRole('dialog', { name: 'Actions du support' });
    const actions = drawer.getByRole('table', { name: 'Actions du support' });
    await actions.getByText(`support : ${operatorPerson.name}`).first().waitFor();
    await owner.screenshot({ path: '/tmp/preau-e2e-support-actions.png', fullPage: true });
    await actions.getByText(new RegExp(`^GET /api/organizations/${orgId}/members`)).first().waitFor();

    // Revoked, the access ends at once.
    await owner.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await row.getByRole('button', { name: `Révoquer l'accès « ${reason} »` }).click();
    await row.getByText('Révoqué', { exact: true }).waitFor();
  });
});
