import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BillingDocument } from '@preau/contracts';
import { addDays, parisDate } from '../apps/server/src/modules/billing/billing-calendar.ts';
import { createMailer } from '../apps/server/src/modules/mail/mailer.ts';
import { listOutbox, outboxFolder } from '../apps/server/src/modules/mail/outbox.ts';
import { createOperatorsRepository } from '../apps/server/src/modules/operators/operators.repository.ts';
import { camt053 } from '../apps/server/src/modules/payments/camt.test-helpers.ts';
import { createRemindersService } from '../apps/server/src/modules/reminders/reminders.service.ts';
import { createSmsSender } from '../apps/server/src/modules/sms/sms-sender.ts';
import { callApi } from './support/api-calls.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignIn, fillSignUp, makePerson } from './support/console-steps.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

const CODE = /\b[2-9A-Z]{4}-[2-9A-Z]{4}\b/;

// The operator imports a bank statement in the console; the school's legal owner sees the invoice
// paid and the surplus on the prepaid balance, pays another invoice from the balance, receives a
// reminder for a third and checks its code, then asks "I paid but got a reminder".
describe('payments and reminders in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let owner: Page;
  let operator: Page;
  let orgId = '';
  let ownerEmail = '';
  let folder = '';
  const invoices: BillingDocument[] = [];
  const today = parisDate(new Date());

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 }, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  };
  const api = <T>(page: Page, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => callApi<T>(page, method, `${server.url}${url}`, body);
  const billing = (tab?: string) => `${server.url}/organizations/${orgId}/billing${tab ? `?tab=${tab}` : ''}`;

  /** The operator imports a camt.053 statement through the console's "Relevés bancaires" tab. */
  async function importStatement(xml: string, name: string): Promise<void> {
    const file = path.join(folder, name);
    await writeFile(file, xml);
    await operator.goto(`${server.url}/operator/billing?tab=statements`);
    await operator.getByRole('region', { name: 'Importer un relevé (camt.053)' }).locator('input[type=file]').setInputFiles(file);
    await operator.getByText(/écritures nouvelles sur \d+ importées et rapprochées/).waitFor();
  }

  beforeAll(async () => {
    ensureConsoleBuilt();
    folder = await mkdtemp(path.join(tmpdir(), 'preau-e2e-reminders-'));
    [server, browser] = await Promise.all([startTestPreau(), launchChromium()]);
    [owner, operator] = await Promise.all([newPage(), newPage()]);

    const person = makePerson('Olivier Gestionnaire');
    ownerEmail = person.email;
    await owner.goto(`${server.url}/sign-up`);
    await fillSignUp(owner, person, 'École des Tilleuls');
    await owner.getByRole('heading', { name: /^Accueil/ }).waitFor();
    orgId = /organizations\/([^/]+)/.exec(owner.url())?.[1] ?? '';
    await api(owner, 'POST', `/api/organizations/${orgId}/billing/addresses`, {
      name: 'École des Tilleuls', address: { lines: ['4 allée des Tilleuls'], postalCode: '33000', city: 'Bordeaux', country: 'FR' },
      siret: null, vatNumber: null, serviceCode: null, purchaseOrder: null, email: null, isDefault: true,
    });

    const operatorPerson = makePerson('Opératrice Paiements');
    const signUp = await fetch(`${server.url}/api/auth/sign-up/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(operatorPerson) });
    if (!signUp.ok) throw new Error(`operator sign-up: ${signUp.status}`);
    const user = await server.preau.db.selectFrom('user').select('id').where('email', '=', operatorPerson.email).executeTakeFirstOrThrow();
    await createOperatorsRepository(server.preau.db).grant(user.id);
    await operator.goto(`${server.url}/sign-in`);
    await fillSignIn(operator, operatorPerson);
    await operator.getByRole('navigation', { name: 'Navigation principale' }).waitFor();

    await api(operator, 'PUT', '/api/operator/billing/provider', {
      companyName: 'Préau Hébergement SAS',
      address: { lines: ['1 place de la République'], postalCode: '75003', city: 'Paris', country: 'FR' },
      siren: '732829320', siret: '73282932000074', vatNumber: 'FR44732829320',
      iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', invoiceFooter: null, paymentTermsDays: 30,
      contactEmail: 'facturation@preau.example', numberPatterns: { invoice: 'F{YYYY}-{NNNNNN}', creditNote: 'AV{YYYY}-{NNNNNN}', proForma: 'PF{YYYY}-{NNNNNN}' },
    });
    for (const line of [
      { label: 'Hébergement école 2026-2027', quantity: 1, unitPriceCents: 120_000, vatRateBp: 2000 }, // 1 440,00 €
      { label: 'Stockage complémentaire', quantity: 1, unitPriceCents: 4_000, vatRateBp: 2000 }, // 48,00 €
      { label: 'Assistance annuelle', quantity: 1, unitPriceCents: 25_000, vatRateBp: 2000 }, // 300,00 €
    ]) {
      const draft = await api<BillingDocument>(operator, 'POST', `/api/operator/billing/customers/${orgId}/invoices`, { lines: [line] });
      invoices.push(await api<BillingDocument>(operator, 'POST', `/api/operator/billing/documents/${draft.id}/finalize`));
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('shows the customer an invoice paid by a statement, with the surplus on the prepaid balance', async () => {
    const [hosting] = invoices as [BillingDocument, BillingDocument, BillingDocument];
    await importStatement(camt053([{ amount: '1500.00', reference: hosting.paymentReference!, date: today, payerName: 'Agence comptable' }]), 'statement-1.xml');

    await owner.goto(billing());
    const row = owner.locator(`tr[data-document-number="${hosting.number}"]`);
    await row.getByText('Payée').waitFor();
    await owner.goto(billing('balance'));
    await expect.poll(() => owner.getByTestId('balance-amount').textContent()).toMatch(/60,00\s€/);
    await owner.getByText(new RegExp(`a réglé la facture ${hosting.number}`)).first().waitFor();
  });

  it('pays another invoice from the balance', async () => {
    const storage = invoices[1]!;
    await owner.goto(billing('balance'));
    await owner.getByRole('checkbox', { name: new RegExp(`Facture ${storage.number}`) }).check();
    await owner.getByRole('button', { name: /Payer 48,00\s€ avec le solde/ }).click();
    await expect.poll(() => owner.getByTestId('balance-amount').textContent()).toMatch(/12,00\s€/);
    await owner.goto(billing());
    await owner.locator(`tr[data-document-number="${storage.number}"]`).getByText('Payée').waitFor();
  });

  it("checks a reminder's code: genuine for the one received, unknown for any other", async () => {
    const support = invoices[2]!;
    // The reminder run, as the hourly job does it, on the day the first step comes (seven days after the due date).
    const config = server.preau.config;
    const reminders = createRemindersService({
      db: server.preau.db, mailer: createMailer(config), sms: createSmsSender(config, { log: server.preau.app.log, now: () => new Date() }),
      secret: config.authSecret, publicUrl: config.publicUrl, now: () => new Date(), log: server.preau.app.log,
    });
    expect((await reminders.run(addDays(support.dueDate!, 7))).sent).toBe(1);
    const mail = (await listOutbox(outboxFolder(config.dataDir))).find((m) => m.to.includes(ownerEmail) && m.subject.includes(support.number!));
    expect(mail?.text).toContain('300,00');
    const code = mail!.text.match(CODE)![0];

    await owner.goto(billing('reminder'));
    await owner.getByRole('heading', { name: 'Vérifier un rappel' }).waitFor();
    await owner.getByLabel('Code de vérification').fill(code.toLowerCase());
    await owner.getByRole('button', { name: 'Vérifier' }).click();
    const genuine = owner.getByTestId('reminder-genuine');
    await genuine.getByText('Rappel authentique').waitFor();
    await genuine.getByText(new RegExp(`rappel n° 1 de la facture ${support.number}`)).waitFor();
    await genuine.getByText(/Reste à payer aujourd'hui : 300,00\s€/).waitFor();
    await owner.mouse.move(0, 0); // a hovered button is judged in its hover colours
    expect(await seriousViolations(owner)).toEqual([]);

    await owner.getByLabel('Code de vérification').fill('ZZZZ-ZZZZ');
    await owner.getByRole('button', { name: 'Vérifier' }).click();
    await owner.getByText('Code inconnu').waitFor();
  });

  it('answers "I paid but got a reminder", and shows the payment received after the reminder', async () => {
    const support = invoices[2]!;
    await importStatement(camt053([
      { amount: '300.00', reference: support.paymentReference!, date: today },
      { amount: '99.99', text: 'virement école', payerName: 'Inconnu', date: today },
    ]), 'statement-2.xml');

    await owner.goto(billing('paid'));
    await owner.getByRole('heading', { name: "J'ai payé mais j'ai reçu un rappel" }).waitFor();
    await owner.getByLabel('Date du virement').fill(today);
    await owner.getByLabel('Montant').fill('300,00');
    await owner.getByRole('button', { name: 'Rechercher mon paiement' }).click();
    const answer = owner.getByTestId('payment-search-answer');
    await answer.getByText('Paiement reçu').waitFor();
    await answer.getByText(new RegExp(`a réglé la facture ${support.number}`)).waitFor();

    await owner.getByLabel('Montant').fill('99,99');
    await owner.getByRole('button', { name: 'Rechercher mon paiement' }).click();
    await owner.locator('[data-outcome="waiting"]').getByText(/attend d'être identifié par notre équipe/).waitFor();
    expect(await owner.getByTestId('payment-search-answer').textContent()).not.toContain('Inconnu');
    await owner.mouse.move(0, 0); // a hovered button is judged in its hover colours
    expect(await seriousViolations(owner)).toEqual([]);

    // The invoice's panel lists its reminder and the payment that crossed it.
    await owner.goto(billing());
    await owner.locator(`tr[data-document-number="${support.number}"]`).getByRole('button', { name: `Détails de ${support.number}` }).click();
    const panel = owner.getByRole('dialog', { name: `Facture ${support.number}` });
    await panel.getByRole('table', { name: 'Rappels envoyés' }).waitFor();
    await panel.getByTestId('payment-after-reminder').filter({ hasText: /a été reçu après l'envoi de ce rappel/ }).waitFor();
    await owner.screenshot({ path: '/tmp/preau-e2e-reminders.png', fullPage: true });
  });

  it("shows the operator the customer's reminders, and refunds a credit note to the balance the customer sees", async () => {
    const [hosting, , support] = invoices as [BillingDocument, BillingDocument, BillingDocument];
    const note = await api<BillingDocument>(operator, 'POST', `/api/operator/billing/documents/${hosting.id}/credit-notes`, {});

    await operator.goto(`${server.url}/operator/billing/customers/${orgId}`);
    const reminders = operator.getByRole('table', { name: 'Relances' });
    const reminder = reminders.getByRole('row').filter({ hasText: support.number! });
    await reminder.getByText(new RegExp(`E-mail · ${ownerEmail} · envoyé`)).waitFor();
    await reminder.getByText(/Valable jusqu’au/).waitFor();

    const notes = operator.getByRole('table', { name: 'Avoirs remboursés sur le solde' });
    await notes.getByRole('button', { name: `Rembourser l’avoir ${note.number} sur le solde` }).click();
    const dialog = operator.getByRole('dialog', { name: `Rembourser l’avoir ${note.number}` });
    await dialog.getByText(/1\s440,00\s€ iront sur le solde prépayé du client/).waitFor();
    await dialog.getByRole('button', { name: /Rembourser 1\s440,00\s€/ }).click();
    await notes.getByText(/1\s440,00\s€ remboursés le/).waitFor();
    await expect.poll(() => operator.getByTestId('customer-balance-amount').textContent()).toMatch(/1\s452,00\s€/);
    await operator.mouse.move(0, 0); // a hovered button is judged in its hover colours
    expect(await seriousViolations(operator)).toEqual([]);

    await owner.goto(billing('balance'));
    await expect.poll(() => owner.getByTestId('balance-amount').textContent()).toMatch(/1\s452,00\s€/);
    await owner.getByText(`Avoir ${note.number} remboursé sur le solde`).waitFor();
  });
});
