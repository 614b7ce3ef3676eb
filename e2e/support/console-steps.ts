import type { Locator, Page } from 'playwright-core';

/** A person who uses the console during a scenario. */
export interface Person {
  name: string;
  email: string;
  password: string;
}

/** A person with an address unique to this run (the PostgreSQL database may be shared between runs). */
export function makePerson(name: string): Person {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const local = name.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
  return { name, email: `${local}.${tag}@example.test`, password: `Préau-${tag}-secret` };
}

/** Fills the sign-up form (already open) and submits it; signing up alone names the organisation created with the account. */
export async function fillSignUp(page: Page, person: Person, organization?: string): Promise<void> {
  await page.getByRole('heading', { name: 'Créer un compte' }).waitFor();
  await page.getByLabel(/^Nom\b(?! de l'organisation)/).fill(person.name);
  if (organization !== undefined) await page.getByLabel(/^Nom de l'organisation/).fill(organization);
  // From an invitation the address is the invited one, filled in and read-only.
  const email = page.getByLabel(/^Adresse e-mail/);
  if (await email.isEditable()) await email.fill(person.email);
  else if ((await email.inputValue()) !== person.email) throw new Error(`The sign-up form holds ${await email.inputValue()}, not ${person.email}`);
  await page.getByLabel(/^Mot de passe/).fill(person.password);
  await page.getByLabel(/^Confirmer le mot de passe/).fill(person.password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
}

/** Fills the sign-in form (already open) and submits it. */
export async function fillSignIn(page: Page, person: Person): Promise<void> {
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await page.getByLabel(/^Adresse e-mail/).fill(person.email);
  await page.getByLabel(/^Mot de passe/).fill(person.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * Opens the console's outbox page and then the newest e-mail to `to` whose subject contains
 * `subject`; reloads while the e-mail is not there yet (mail is written as the request ends).
 */
export async function openMail(page: Page, baseUrl: string, to: string, subject: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await page.goto(`${baseUrl}/dev/outbox`);
    await page.getByRole('heading', { name: 'Boîte d\'envoi (développement)' }).waitFor();
    await page.getByRole('table').or(page.getByText('Aucun e-mail pour l\'instant.')).first().waitFor();
    const row = page.getByRole('row').filter({ hasText: to }).filter({ hasText: subject }).first();
    if ((await row.count()) > 0) {
      await row.getByRole('link').click();
      await page.getByRole('heading', { name: subject }).first().waitFor();
      return;
    }
  }
  throw new Error(`No e-mail to ${to} with "${subject}" in the outbox`);
}

/** The address of the first link of the open e-mail that contains `part`. */
export async function mailLink(page: Page, part: string): Promise<string> {
  const link = page.locator(`main a[href*="${part}"]`).first();
  await link.waitFor();
  const href = await link.getAttribute('href');
  if (!href) throw new Error(`The e-mail has no link containing ${part}`);
  return href;
}

/** The members table row of the person with this e-mail. */
export function memberRow(page: Page, email: string): Locator {
  return page.locator(`tr[data-member-email="${email}"]`);
}

/**
 * Switches the console to `locale` with its FR/EN control (whose name is in the current language);
 * signed in, waits until the profile has saved the choice, so a later switch cannot be undone by it.
 */
export async function switchLanguage(page: Page, locale: 'fr' | 'en', { signedIn }: { signedIn: boolean }): Promise<void> {
  const control = page.getByRole('radiogroup', { name: locale === 'en' ? 'Langue de l\'interface' : 'Interface language' });
  const saved = signedIn ? page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH') : undefined;
  await control.getByText(locale.toUpperCase(), { exact: true }).click();
  const answer = await saved;
  if (answer && !answer.ok()) throw new Error(`Saving the language answered ${answer.status()}`);
}
