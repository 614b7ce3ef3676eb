import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { uaiCheckLetter } from '@preau/contracts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignUp, makePerson, switchLanguage } from './support/console-steps.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

// One story, in order: create a base, put it in service, import its classes from CSV (preview, then
// apply), stop it and see its clients refused while its management page still works; then move on to
// next year: this year's base archived, still read.
describe('school bases in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  const owner = makePerson('Claire Dubois');
  const digits = `0${String(Date.now()).slice(-6)}`;
  const uai = `${digits}${uaiCheckLetter(digits)}`;
  const baseName = 'Collège Victor Hugo';
  let baseUrl = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    server = await startTestPreau();
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a base and puts it in service', async () => {
    await page.goto(`${server.url}/sign-up`);
    await fillSignUp(page, owner, 'Collèges du Val');
    await page.getByRole('heading', { name: /^Accueil/ }).waitFor();

    await page.getByRole('link', { name: 'Bases scolaires' }).click();
    await page.getByRole('heading', { name: 'Bases scolaires' }).waitFor();
    await page.getByRole('button', { name: 'Créer une base' }).click();
    const dialog = page.getByRole('dialog', { name: 'Créer une base' });
    await dialog.getByLabel(/^Code UAI/).fill('123');
    await dialog.getByLabel(/^Nom de l'établissement/).fill(baseName);
    await dialog.getByRole('button', { name: 'Créer la base' }).click();
    await dialog.getByText('Le code UAI compte 7 chiffres suivis d\'une lettre.').waitFor();
    await dialog.getByLabel(/^Code UAI/).fill('0751234A');
    await dialog.getByRole('button', { name: 'Créer la base' }).click();
    await dialog.getByText('La lettre clé ne correspond pas aux 7 chiffres : pour 0751234A, elle serait J. Vérifiez le code.').waitFor();
    await dialog.getByLabel(/^Code UAI/).fill(uai);
    await dialog.getByLabel(/^Année scolaire/).fill('2025-2026');
    await dialog.getByRole('button', { name: 'Créer la base' }).click();
    const row = page.getByRole('row').filter({ hasText: baseName });
    await row.getByText('Vide').waitFor();
    // The home lists it with what it needs: being put in service.
    await page.getByRole('link', { name: 'Accueil' }).click();
    await page.getByRole('listitem').filter({ hasText: baseName }).getByText('pas encore en service', { exact: false }).waitFor();
    await page.getByRole('table', { name: 'Bases et derniers imports' }).getByRole('row').filter({ hasText: baseName }).getByText('Aucun import').waitFor();
    await page.getByRole('link', { name: 'Bases scolaires' }).click();

    await row.getByRole('button', { name: `Mettre en service : ${baseName}` }).click();
    await page.getByRole('dialog', { name: 'Mettre en service' }).getByRole('button', { name: 'Confirmer' }).click();
    await row.getByText('En service').waitFor();
    await row.getByRole('link', { name: baseName }).click();
    await page.getByRole('heading', { name: baseName }).waitFor();
    expect(await page.title()).toBe(`${baseName} · Préau`);
    baseUrl = page.url();
    // Only the legal owner so far: the profiles section says why no one can be given one, and where to invite.
    await page.getByText('Aucun membre ne peut recevoir de profil', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'Inviter des membres' }).getAttribute('href')).toMatch(/\/members$/);
  });

  it('imports classes from a Windows-1252 CSV: preview first, nothing applied while a line is refused', async () => {
    await page.getByRole('link', { name: 'Structure de la base' }).click();
    await page.getByRole('heading', { name: 'Structure de la base' }).waitFor();
    await page.getByRole('tab', { name: 'Classes' }).click();
    await page.getByText('Rien pour le moment.').waitFor();

    const bad = Buffer.from('code;libellé;source;mode\n6A;Sixième A;import_editeur;positionnement\n6B;Sixième B;papier;notes\n', 'latin1');
    await page.locator('input[type="file"]').setInputFiles({ name: 'classes.csv', mimeType: 'text/csv', buffer: bad });
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    const preview = page.getByRole('table', { name: 'Prévisualisation de l\'import' });
    await preview.getByRole('row').filter({ hasText: '6B' }).getByText('Refusée').waitFor();
    expect(await preview.getByRole('row').filter({ hasText: '6B' }).textContent()).toContain('Source des données : Valeur non reconnue, attendu : import_editeur, saisie_manuelle.');
    expect(await page.getByRole('button', { name: 'Appliquer l\'import' }).isDisabled()).toBe(true);
    // The line error came as a code: the other language re-renders it without previewing again.
    const previews: string[] = [];
    const listen = (request: Request) => void (request.url().includes('/structure-imports/') && previews.push(request.url()));
    page.on('request', listen);
    await switchLanguage(page, 'en', { signedIn: true });
    const english = page.getByRole('table', { name: 'Import preview' }).getByRole('row').filter({ hasText: '6B' });
    await english.getByText('Data source: Unrecognised value, expected: import_editeur, saisie_manuelle.').waitFor();
    await switchLanguage(page, 'fr', { signedIn: true });
    await preview.getByRole('row').filter({ hasText: '6B' }).getByText('Source des données : Valeur non reconnue, attendu : import_editeur, saisie_manuelle.').waitFor();
    page.off('request', listen);
    expect(previews).toEqual([]);
    await page.screenshot({ path: '/tmp/preau-e2e-structure-preview.png', fullPage: true });

    const good = Buffer.from('code;libellé;source;mode\n6A;Sixième A;import_editeur;positionnement\n6B;Sixième B;saisie manuelle;notes\n', 'latin1');
    await page.locator('input[type="file"]').setInputFiles({ name: 'classes.csv', mimeType: 'text/csv', buffer: good });
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await preview.getByRole('row').filter({ hasText: '6B' }).getByText('À créer').waitFor();
    await page.getByRole('button', { name: 'Appliquer l\'import' }).click();
    await page.getByText('Import appliqué : 2 lignes traitées.').waitFor();
    await page.getByRole('table', { name: 'Lignes de l\'import appliqué' }).getByRole('row').filter({ hasText: '6B' }).getByText('Créée').waitFor();
    const classes = page.getByRole('table', { name: 'Classes' });
    await classes.getByRole('row').filter({ hasText: 'Sixième A' }).getByText('Positionnement').waitFor();
    expect(await classes.getByRole('row').filter({ hasText: 'Sixième B' }).textContent()).toContain('Saisie manuelle');

    // Deleting asks in the product's dialog, naming the row; Cancel keeps it.
    await classes.getByRole('button', { name: 'Supprimer 6B (Sixième B)' }).click();
    const confirm = page.getByRole('dialog', { name: 'Supprimer la classe' });
    await confirm.getByText('La classe 6B (Sixième B) sera supprimée de la structure de la base.').waitFor();
    await confirm.getByRole('button', { name: 'Annuler' }).click();
    await confirm.waitFor({ state: 'detached' });
    await classes.getByRole('button', { name: 'Supprimer 6B (Sixième B)' }).click();
    await confirm.getByRole('button', { name: 'Supprimer' }).click();
    await classes.getByRole('row').filter({ hasText: 'Sixième B' }).waitFor({ state: 'detached' });
  });

  it('stops the base: its clients are refused, its management page still answers', async () => {
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: baseName }).waitFor();
    await page.getByRole('button', { name: `Arrêter : ${baseName}` }).click();
    await page.getByRole('dialog', { name: 'Arrêter' }).getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('Cette base est arrêtée : ses utilisateurs et les imports sont refusés jusqu\'à sa remise en service.').waitFor();

    await page.getByRole('link', { name: 'Structure de la base' }).click();
    await page.getByRole('alert').getByText('Cette base est arrêtée : elle refuse ses utilisateurs jusqu\'à sa remise en service.').waitFor();
    const baseId = baseUrl.split('/bases/')[1] ?? '';
    const refused = await page.request.get(`${server.url}/api/bases/${baseId}/classes`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()) as unknown).toMatchObject({ error: { code: 'base.stopped' } });
    await page.screenshot({ path: '/tmp/preau-e2e-base-stopped.png', fullPage: true });
  });

  it("moves on to next year: the direction confirms each class's destination, next year's base opens, this one is archived and still read", async () => {
    await page.goto(baseUrl);
    await page.getByRole('button', { name: "Passer à l'année suivante" }).click();
    const dialog = page.getByRole('dialog', { name: 'Créer la base 2026-2027 à partir de celle-ci' });
    // 6A has no 5A to go to: Préau proposes nothing, the direction chooses 6A (a class repeated) and sees the count.
    const sixth = dialog.getByLabel("Classe l'an prochain des élèves de 6A");
    expect(await sixth.inputValue()).toBe("Quitte l'établissement");
    await sixth.click();
    await page.getByRole('option', { name: '6A', exact: true }).click();
    await dialog.getByText('0 élèves passent dans la nouvelle base ; 0 quittent l\'établissement.').waitFor();
    await page.screenshot({ path: '/tmp/preau-e2e-rollover.png', fullPage: true });
    await dialog.getByRole('button', { name: 'Créer la base 2026-2027' }).click();
    await page.waitForURL((url) => url.href !== baseUrl && url.pathname.startsWith('/bases/'));
    await page.getByRole('heading', { name: baseName }).waitFor();
    await page.getByText('2026-2027', { exact: true }).waitFor();

    await page.goto(baseUrl);
    await page.getByText('Cette base est archivée : elle se consulte toujours', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Structure de la base' }).click();
    await page.getByRole('tab', { name: 'Classes' }).click();
    await page.getByRole('table', { name: 'Classes' }).getByRole('row').filter({ hasText: 'Sixième A' }).waitFor();
  });
});
