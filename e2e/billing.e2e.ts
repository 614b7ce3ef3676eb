import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uaiCheckLetter, type Base, type BillingAddress, type BillingDocument, type CatalogueItem, type Invitation, type Member, type Product } from '@preau/contracts';
import { createOperatorsRepository } from '../apps/server/src/modules/operators/operators.repository.ts';
import { callApi } from './support/api-calls.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignIn, fillSignUp, makePerson, switchLanguage, type Person } from './support/console-steps.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

/** A calendar date `days` away from today (UTC), as `YYYY-MM-DD`. */
function isoDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// An operator sets up billing and issues invoices to a school's organisation (through the API); a
// collaborator with the billing switch reads them in Facturation (filters kept in the URL, a PDF, the
// CSV); a member with only a teacher profile sees no billing; the operator's customer page lists them.
describe('billing in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let owner: Page;
  let operator: Page;
  let accountant: Page;
  let teacher: Page;
  let orgId = '';
  const orgName = 'Collège des Peupliers';
  const invoices: BillingDocument[] = [];
  let catalogueItemId = '';

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 }, acceptDownloads: true, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  };
  const api = (page: Page, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
    callApi<unknown>(page, method, `${server.url}${path}`, body);

  /** Signs `person` up and in through the API in `page`'s browser context (the session cookie lands there), then joins the organisation by invitation. */
  async function joinAsCollaborator(page: Page, person: Person): Promise<Member> {
    await api(owner, 'POST', `/api/organizations/${orgId}/invitations`, { emails: [person.email], role: 'collaborator' });
    const signUp = await page.request.post(`${server.url}/api/auth/sign-up/email`, { data: person, headers: { origin: server.url } });
    if (!signUp.ok()) throw new Error(`sign-up of ${person.email}: ${signUp.status()} ${await signUp.text()}`);
    const signIn = await page.request.post(`${server.url}/api/auth/sign-in/email`, { data: { email: person.email, password: person.password }, headers: { origin: server.url } });
    if (!signIn.ok()) throw new Error(`sign-in of ${person.email}: ${signIn.status()} ${await signIn.text()}`);
    const pending = await callApi<{ items: Invitation[] }>(owner, 'GET', `${server.url}/api/organizations/${orgId}/invitations`);
    const invitation = pending.items.find((i) => i.email === person.email);
    if (!invitation) throw new Error(`no invitation for ${person.email}`);
    await api(page, 'POST', `/api/invitations/${invitation.id}/accept`);
    const members = await callApi<{ items: Member[] }>(owner, 'GET', `${server.url}/api/organizations/${orgId}/members`);
    const member = members.items.find((m) => m.email === person.email);
    if (!member) throw new Error(`${person.email} is no member`);
    return member;
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestPreau(), launchChromium()]);
    [owner, operator, accountant, teacher] = await Promise.all([newPage(), newPage(), newPage(), newPage()]);

    // The school's legal owner signs up with the organisation.
    await owner.goto(`${server.url}/sign-up`);
    await fillSignUp(owner, makePerson('Odile Directrice'), orgName);
    await owner.getByRole('heading', { name: /^Accueil/ }).waitFor();
    orgId = /organizations\/([^/]+)/.exec(owner.url())?.[1] ?? '';
    await api(owner, 'POST', `/api/organizations/${orgId}/billing/addresses`, {
      name: orgName, address: { lines: ['12 rue des Peupliers'], postalCode: '69003', city: 'Lyon', country: 'FR' },
      siret: null, vatNumber: null, serviceCode: null, purchaseOrder: null, email: null, isDefault: true,
    });

    // An operator of the instance.
    const person = makePerson('Opérateur Facturation');
    const signUp = await fetch(`${server.url}/api/auth/sign-up/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(person) });
    if (!signUp.ok) throw new Error(`operator sign-up: ${signUp.status}`);
    const user = await server.preau.db.selectFrom('user').select('id').where('email', '=', person.email).executeTakeFirstOrThrow();
    await createOperatorsRepository(server.preau.db).grant(user.id);
    await operator.goto(`${server.url}/sign-in`);
    await fillSignIn(operator, person);
    await operator.getByRole('navigation', { name: 'Navigation principale' }).waitFor();

    // A collaborator with the billing switch, and one with only a teacher profile on a base.
    const withBilling = await joinAsCollaborator(accountant, makePerson('Anne Comptable'));
    await api(owner, 'PATCH', `/api/organizations/${orgId}/members/${withBilling.id}`, { billingRights: true });
    const withoutBilling = await joinAsCollaborator(teacher, makePerson('Théo Professeur'));
    const digits = '0691234';
    const base = await callApi<Base>(owner, 'POST', `${server.url}/api/organizations/${orgId}/bases`,
      { uai: `${digits}${uaiCheckLetter(digits)}`, name: 'Collège des Peupliers', degree: 'college', schoolYear: '2026-2027' });
    await api(owner, 'PUT', `/api/bases/${base.id}/profiles/${withoutBilling.id}`, { profile: 'teacher' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('lets an operator set the provider, the catalogue, a product, and issue invoices (API)', async () => {
    await api(operator, 'PUT', '/api/operator/billing/provider', {
      companyName: 'Préau Hébergement SAS',
      address: { lines: ['1 place de la République'], postalCode: '75003', city: 'Paris', country: 'FR' },
      siren: '732829320', siret: '73282932000074', vatNumber: 'FR44732829320',
      iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP',
      invoiceFooter: 'Pénalités de retard : trois fois le taux d\'intérêt légal.', paymentTermsDays: 30,
      contactEmail: 'facturation@preau.example', numberPatterns: { invoice: 'F{YYYY}-{NNNNNN}', creditNote: 'AV{YYYY}-{NNNNNN}', proForma: 'PF{YYYY}-{NNNNNN}' },
    });
    const item = await callApi<CatalogueItem>(operator, 'POST', `${server.url}/api/operator/billing/catalogue`, {
      code: 'hebergement-college', labelFr: 'Hébergement collège', labelEn: 'College hosting', kind: 'base_hosting',
      priceCents: 120_000, vatRateBp: 2000, period: 'year',
    });
    catalogueItemId = item.id;
    await api(operator, 'POST', `/api/operator/billing/customers/${orgId}/products`, { catalogueItemId: item.id, startDate: isoDay() });
    const drafts = [
      { label: 'Hébergement collège 2026-2027', quantity: 1, unitPriceCents: 120_000, vatRateBp: 2000 },
      { label: 'Assistance annuelle', quantity: 2, unitPriceCents: 15_050, vatRateBp: 2000 },
      { label: 'Stockage complémentaire', quantity: 3, unitPriceCents: 999, vatRateBp: 1000 },
    ];
    for (const line of drafts) {
      const draft = await callApi<BillingDocument>(operator, 'POST', `${server.url}/api/operator/billing/customers/${orgId}/invoices`, { lines: [line] });
      expect(draft.state).toBe('draft');
      invoices.push(await callApi<BillingDocument>(operator, 'POST', `${server.url}/api/operator/billing/documents/${draft.id}/finalize`));
    }
    expect(invoices.map((i) => i.number)).toEqual([expect.stringMatching(/^F\d{4}-\d{6}$/), expect.stringMatching(/^F\d{4}-\d{6}$/), expect.stringMatching(/^F\d{4}-\d{6}$/)]);
    const [first] = invoices;
    const paid = await callApi<BillingDocument>(operator, 'POST', `${server.url}/api/operator/billing/documents/${first!.id}/payments`,
      { amountCents: first!.grossCents, receivedOn: isoDay(), method: 'transfer', reference: 'VIR-2026-001' });
    expect(paid.paymentStatus).toBe('paid');
    invoices[0] = paid;
  });

  it('shows Facturation to a collaborator with the billing switch: filters in the URL, a PDF, the CSV', async () => {
    const [paid, unpaid] = invoices as [BillingDocument, BillingDocument, BillingDocument];
    await accountant.goto(`${server.url}/organizations/${orgId}/home`);
    await accountant.getByRole('link', { name: 'Facturation', exact: true }).click();
    await accountant.getByRole('heading', { level: 1, name: `Facturation — ${orgName}` }).waitFor();
    expect(await accountant.title()).toBe(`Facturation · ${orgName} · Préau`);
    const table = accountant.getByRole('table', { name: 'Documents de facturation' });
    for (const invoice of invoices) await table.locator(`tr[data-document-number="${invoice.number}"]`).waitFor();

    // Paid only: the URL keeps the filter.
    await accountant.getByLabel('Statut').selectOption('paid');
    await accountant.waitForURL(/status=paid/);
    await table.locator(`tr[data-document-number="${unpaid.number}"]`).waitFor({ state: 'detached' });
    const paidRow = table.locator(`tr[data-document-number="${paid.number}"]`);
    await paidRow.getByText('Payée').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);

    // A period without documents, then one around today: both kept in the URL, with the status.
    await accountant.getByLabel('Émis à partir du').fill('2020-01-01');
    await accountant.getByLabel('Émis jusqu\'au').fill('2020-12-31');
    await accountant.getByText('Aucun document ne correspond.').waitFor();
    await accountant.getByLabel('Émis à partir du').fill(isoDay(-7));
    await accountant.getByLabel('Émis jusqu\'au').fill(isoDay(1));
    await paidRow.waitFor();
    const url = new URL(accountant.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: 'paid', from: isoDay(-7), to: isoDay(1) });
    // A reload (or a shared link) opens the same view.
    await accountant.reload();
    await paidRow.waitFor();
    expect(await accountant.getByLabel('Statut').inputValue()).toBe('paid');
    expect(await accountant.getByLabel('Émis à partir du').inputValue()).toBe(isoDay(-7));
    expect(await table.locator('tbody tr').count()).toBe(1);

    // The PDF opens in a new tab; its address answers a PDF. The receipted one is offered for the paid invoice.
    const open = paidRow.getByRole('link', { name: `Ouvrir le PDF de ${paid.number}` });
    const href = await open.getAttribute('href');
    expect(href).toBe(`/api/billing/documents/${paid.id}/pdf?version=original&disposition=inline`);
    expect(await open.getAttribute('target')).toBe('_blank');
    const [tab] = await Promise.all([accountant.context().waitForEvent('page'), open.click()]);
    expect(tab.url()).toContain(`/api/billing/documents/${paid.id}/pdf`);
    await tab.close();
    const pdf = await accountant.evaluate(async (link) => {
      const response = await fetch(link);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, type: response.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 5)) };
    }, href!);
    expect(pdf).toEqual({ status: 200, type: 'application/pdf', magic: '%PDF-' });
    const receipted = await paidRow.getByRole('link', { name: `Ouvrir le PDF acquitté de ${paid.number}` }).getAttribute('href');
    expect(receipted).toContain('version=paid');

    // The CSV of this view: a BOM, the header row, the paid invoice only.
    const csvLink = accountant.getByRole('link', { name: 'Télécharger le CSV' });
    expect(await csvLink.getAttribute('href')).toBe(`/api/organizations/${orgId}/billing/documents.csv?status=paid&from=${isoDay(-7)}&to=${isoDay(1)}&decimal=comma`);
    const [download] = await Promise.all([accountant.waitForEvent('download'), csvLink.click()]);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^Numéro;Type;/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(paid.number!);
    expect(lines[1]).toContain('1440,00');

    // The document's detail: its lines, VAT and payment; no serious accessibility violation on the page or in the panel.
    await accountant.mouse.move(0, 0);
    expect(await seriousViolations(accountant)).toEqual([]);
    await paidRow.getByRole('button', { name: `Détails de ${paid.number}` }).click();
    const panel = accountant.getByRole('dialog', { name: `Facture ${paid.number}` });
    await panel.getByText('VIR-2026-001').waitFor();
    await panel.getByText('Hébergement collège 2026-2027').waitFor();
    await panel.getByText('Virement').waitFor();
    await accountant.screenshot({ path: '/tmp/preau-e2e-billing-document.png', fullPage: true });
    expect(await seriousViolations(accountant)).toEqual([]);
    await accountant.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('sends the CSV by e-mail, sets a renewal switch, turns a pro forma into its invoice, archives an address documents name', async () => {
    await accountant.getByRole('button', { name: 'Recevoir par e-mail' }).click();
    await accountant.getByText('Vous recevrez un lien par e-mail.').waitFor();

    await accountant.getByRole('tab', { name: 'Produits' }).click();
    await accountant.waitForURL(/tab=products/);
    const warranty = accountant.getByRole('switch', { name: 'Garantie de renouvellement : Hébergement collège' });
    expect(await warranty.isChecked()).toBe(false);
    const saved = accountant.waitForResponse((r) => r.url().includes('/billing/products/') && r.request().method() === 'PATCH');
    await warranty.click();
    expect((await saved).status()).toBe(200);
    // The switch for every product follows once the products are read again.
    await expect.poll(() => accountant.getByRole('switch', { name: 'Garantie de renouvellement', exact: true }).isChecked()).toBe(true);
    await accountant.screenshot({ path: '/tmp/preau-e2e-billing-products.png', fullPage: true });

    // A pro forma of the chosen product opens in a new tab, then becomes its invoice from the history.
    await accountant.getByRole('checkbox', { name: 'Choisir Hébergement collège pour le pro forma' }).check();
    const [proFormaTab] = await Promise.all([
      accountant.context().waitForEvent('page'),
      accountant.getByRole('button', { name: 'Demander un pro forma' }).click(),
    ]);
    await accountant.getByRole('status').filter({ hasText: /^Pro forma PF\d{4}-\d{6} créé\./ }).waitFor();
    await proFormaTab.waitForURL(/\/api\/billing\/documents\/.+\/pdf/);
    await proFormaTab.close();
    await accountant.goto(`${server.url}/organizations/${orgId}/billing?kind=pro_forma`);
    const proForma = accountant.getByRole('table', { name: 'Documents de facturation' }).locator('tbody tr').first();
    await proForma.getByText('Pro forma', { exact: true }).first().waitFor();
    await proForma.getByRole('button', { name: /^Convertir le pro forma PF/ }).click();
    await proForma.getByText('Convertie en facture').waitFor();

    await accountant.getByRole('tab', { name: 'Adresses de facturation' }).click();
    await accountant.getByRole('button', { name: 'Ajouter une adresse' }).waitFor();
    // A SIRET whose key is wrong: the server's error shows under the field.
    await accountant.getByRole('button', { name: 'Ajouter une adresse' }).click();
    const dialog = accountant.getByRole('dialog', { name: 'Ajouter une adresse' });
    await dialog.getByLabel(/^Destinataire/).fill('Mairie de Lyon');
    await dialog.getByRole('textbox', { name: 'Adresse', exact: true }).fill('1 place de la Comédie');
    await dialog.getByLabel(/^Code postal/).fill('69001');
    await dialog.getByLabel(/^Ville/).fill('Lyon');
    await dialog.getByLabel(/^SIRET/).fill('73282932000075');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => dialog.getByLabel(/^SIRET/).getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel(/^SIRET/).fill('732 829 320 00074');
    await dialog.getByRole('switch', { name: 'Adresse par défaut' }).check();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await accountant.getByRole('table', { name: 'Adresses de facturation' }).getByText('Mairie de Lyon').waitFor();

    // The address the invoices name (no longer the default) cannot be deleted: the dialog offers to archive it.
    await accountant.getByRole('button', { name: `Supprimer l'adresse ${orgName}` }).click();
    const confirm = accountant.getByRole('dialog', { name: 'Supprimer l\'adresse' });
    await confirm.getByText('figure sur des documents émis', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Archiver' }).click();
    await confirm.waitFor({ state: 'detached' });
    await accountant.getByRole('table', { name: 'Adresses de facturation' }).getByRole('row').filter({ hasText: orgName }).getByText('Archivée').waitFor();

    // In English: the same page, amounts and dates as English writes them.
    await switchLanguage(accountant, 'en', { signedIn: true });
    await accountant.goto(`${server.url}/organizations/${orgId}/billing?status=paid`);
    await accountant.getByRole('heading', { level: 1, name: `Billing — ${orgName}` }).waitFor();
    const english = accountant.getByRole('table', { name: 'Billing documents' });
    await english.getByText('€1,440.00').waitFor();
    await english.getByText('Paid', { exact: true }).waitFor();
    await switchLanguage(accountant, 'fr', { signedIn: true });
    await accountant.getByRole('heading', { level: 1, name: `Facturation — ${orgName}` }).waitFor();
  });

  it('hides Facturation from a collaborator without the billing switch (teacher profile only)', async () => {
    await teacher.goto(`${server.url}/organizations/${orgId}/home`);
    const navigation = teacher.getByRole('navigation', { name: 'Navigation principale' });
    await navigation.getByRole('link', { name: 'Membres', exact: true }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Facturation', exact: true }).count()).toBe(0);
    await teacher.goto(`${server.url}/organizations/${orgId}/billing`);
    await teacher.getByRole('heading', { level: 1, name: 'Accès non autorisé' }).waitFor();
    expect(await teacher.getByRole('table', { name: 'Documents de facturation' }).count()).toBe(0);
  });

  it('lists the organisation\'s invoices on the operator\'s customer page', async () => {
    await operator.getByRole('link', { name: 'Facturation (opérateur)' }).click();
    await operator.getByRole('heading', { level: 1, name: 'Facturation' }).waitFor();
    // Today's renewals, run by hand: nothing is due yet (the product renews in a year).
    await operator.getByRole('button', { name: 'Lancer les renouvellements du jour' }).click();
    await operator.getByRole('status').filter({ hasText: /^Renouvellements du .* : 0 facturé\(s\)/ }).waitFor();
    await operator.getByRole('table', { name: 'Clients' }).getByRole('link', { name: orgName }).click();
    await operator.getByRole('heading', { level: 1, name: orgName }).waitFor();
    const table = operator.getByRole('table', { name: 'Documents de facturation' });
    for (const invoice of invoices) await table.locator(`tr[data-document-number="${invoice.number}"]`).waitFor();
    await table.locator(`tr[data-document-number="${invoices[0]!.number}"]`).getByText('Payée').waitFor();
    await operator.getByRole('table', { name: 'Produits' }).getByText('Hébergement collège').waitFor();
    await operator.getByRole('table', { name: 'Renouvellements' }).or(operator.getByText('Aucun renouvellement traité pour ce client.')).first().waitFor();
    // The text search, sent once typing pauses and kept in the URL.
    await operator.getByRole('searchbox', { name: 'Rechercher', exact: true }).fill('Stockage');
    await operator.waitForURL(/q=Stockage/);
    await table.locator(`tr[data-document-number="${invoices[0]!.number}"]`).waitFor({ state: 'detached' });
    await table.locator(`tr[data-document-number="${invoices[2]!.number}"]`).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    await operator.getByRole('button', { name: 'Effacer les filtres' }).click();
    await table.locator(`tr[data-document-number="${invoices[0]!.number}"]`).waitFor();
    await operator.mouse.move(0, 0);
    await operator.screenshot({ path: '/tmp/preau-e2e-billing-customer.png', fullPage: true });
    expect(await seriousViolations(operator)).toEqual([]);
  });

  it('gives the customer a product for its base, billed to a chosen address, from the customer page', async () => {
    const form = operator.getByRole('form', { name: 'Ajouter le produit' });
    await form.getByLabel('Produit du catalogue').selectOption(catalogueItemId);
    // The organisation's one base, created empty in the set-up: operators see it though they are no members.
    await form.getByLabel('Base scolaire').selectOption({ label: 'Collège des Peupliers (2026-2027, Vide)' });
    // The address archived by the accountant above is not offered: the default, and the town hall's.
    const address = form.getByLabel('Adresse de facturation');
    expect(await address.locator('option').allTextContents()).toEqual(['Adresse par défaut', 'Mairie de Lyon']);
    await address.selectOption({ label: 'Mairie de Lyon' });
    await form.getByLabel('Garantie de renouvellement').check();
    await form.getByRole('button', { name: 'Ajouter le produit' }).click();
    // The products table reads its list again: the new row names the base.
    const products = operator.getByRole('table', { name: 'Produits' });
    await products.getByRole('row').filter({ hasText: 'Collège des Peupliers' }).waitFor();
    expect(await products.locator('tbody tr').count()).toBe(2);
    expect(await form.getByLabel('Base scolaire').inputValue()).toBe('');
    const saved = await callApi<{ items: Product[] }>(operator, 'GET', `${server.url}/api/operator/billing/customers/${orgId}/products`);
    const addresses = await callApi<{ items: BillingAddress[] }>(operator, 'GET', `${server.url}/api/operator/billing/customers/${orgId}/addresses`);
    const townHall = addresses.items.find((a) => a.name === 'Mairie de Lyon');
    expect(saved.items.find((p) => p.baseName === 'Collège des Peupliers')).toMatchObject({ addressId: townHall?.id, renewalWarranty: true, autoRenew: true });
  });

  it('lets the operator draft, finalise, cash and credit an invoice from the customer page', async () => {
    await operator.getByRole('button', { name: 'Rédiger une facture' }).click();
    const draft = operator.getByRole('dialog', { name: 'Rédiger une facture' });
    await draft.getByLabel('Libellé de la ligne 1').fill('Formation des enseignants');
    await draft.getByLabel('Quantité de la ligne 1').fill('2');
    await draft.getByLabel('Prix unitaire HT de la ligne 1').fill('12,5');
    await draft.getByText('Total HT : 25,00 €').waitFor();
    await draft.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await draft.waitFor({ state: 'detached' });

    const panel = operator.getByRole('dialog').filter({ hasText: 'Formation des enseignants' });
    await panel.getByText('Brouillon').first().waitFor();
    await panel.getByRole('button', { name: 'Finaliser' }).click();
    const title = panel.getByRole('heading', { name: /^Facture F\d{4}-\d{6}$/ });
    await title.waitFor();
    const number = (await title.textContent())!.replace('Facture ', '');
    await panel.getByText('À payer').waitFor();
    await panel.getByText('30,00 €').first().waitFor();

    await panel.getByRole('button', { name: 'Enregistrer un paiement' }).click();
    const payment = operator.getByRole('dialog', { name: /^Paiement de la facture/ });
    expect(await payment.getByLabel(/^Montant reçu/).inputValue()).toBe('30,00');
    await payment.getByLabel(/^Référence/).fill('CHQ-42');
    await payment.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await payment.waitFor({ state: 'detached' });
    await panel.getByText('Payée', { exact: true }).waitFor();
    await panel.getByText('CHQ-42').waitFor();

    await panel.getByRole('button', { name: 'Émettre un avoir' }).click();
    const credit = operator.getByRole('dialog', { name: /^Avoir sur la facture/ });
    await credit.getByRole('button', { name: 'Émettre l\'avoir' }).click();
    await credit.waitFor({ state: 'detached' });
    await operator.getByRole('heading', { name: /^Avoir AV\d{4}-\d{6}$/ }).waitFor();
    await operator.keyboard.press('Escape');
    const table = operator.getByRole('table', { name: 'Documents de facturation' });
    await table.getByRole('row').filter({ hasText: 'Avoir' }).first().waitFor();
    // Paid, then credited in full: what was paid is owed back.
    await table.locator(`tr[data-document-number="${number}"]`).getByText('À rembourser').waitFor();
  });

  it('shows the server\'s field errors under the provider form\'s fields', async () => {
    await operator.goto(`${server.url}/operator/billing?tab=provider`);
    const siret = operator.getByLabel(/^SIRET/);
    expect(await siret.inputValue()).toBe('73282932000074');
    await siret.fill('73282932000075');
    await operator.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => siret.getAttribute('aria-invalid')).toBe('true');
    await siret.fill('73282932000074');
    await operator.getByRole('button', { name: 'Enregistrer' }).click();
    await operator.getByText('Identité du prestataire enregistrée.').waitFor();
    await operator.screenshot({ path: '/tmp/preau-e2e-billing-provider.png', fullPage: true });
  });
});
