import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Base, ImportedBilanPage } from '@preau/contracts';
import { callApi } from './support/api-calls.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignUp, makePerson, switchLanguage } from './support/console-steps.ts';
import { buildLsuScenario, type LsuScenario } from './support/lsu-school.ts';
import { loadStructureFromCsv } from './support/base-setup.ts';
import { upload, waitForImport } from './support/lsu-uploads.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

const UAI = '0382032C';
const SHOTS = '/tmp/preau-e2e-director';

// A school director's first steps, read in French then in English: every word, number, date and code
// as a person reads it, never as the server or the file wrote it.
describe('a director reads Préau in French and in English', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  let base: Base;
  let scenario: LsuScenario;
  let importId = '';
  const director = makePerson('Nadia Garnier');

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser, scenario] = await Promise.all([startTestPreau(), launchChromium(), buildLsuScenario({ uai: UAI })]);
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1360, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('labels the password toggle in the reader\'s language, then prepares a base and imports a file', async () => {
    await page.goto(`${server.url}/sign-up`);
    await page.getByRole('button', { name: 'Afficher ou masquer le mot de passe' }).first().waitFor({ state: 'attached' });
    await switchLanguage(page, 'en', { signedIn: false });
    await page.getByRole('button', { name: 'Show or hide the password' }).first().waitFor({ state: 'attached' });
    expect(await page.getByRole('button', { name: 'Toggle password visibility' }).count()).toBe(0);
    await switchLanguage(page, 'fr', { signedIn: false });

    await fillSignUp(page, director, 'Collège Jean Moulin');
    await page.getByRole('heading', { name: /^Accueil/ }).waitFor();
    const orgId = /organizations\/([^/]+)/.exec(page.url())?.[1] ?? '';
    base = await callApi<Base>(page, 'POST', `${server.url}/api/organizations/${orgId}/bases`, { uai: UAI, name: 'Collège Jean Moulin', degree: 'college', schoolYear: '2025-2026' });
    await loadStructureFromCsv(page, server.url, base.id, scenario.structure);
    base = await callApi<Base>(page, 'POST', `${server.url}/api/bases/${base.id}/put-in-service`);
    importId = await upload(page, server.url, base.id, 'bilans.xml', scenario.file);
    await waitForImport(page, server.url, base.id, importId);
  });

  it('names things once, and a collège base lists only collège LSU versions', async () => {
    await page.goto(`${server.url}/bases/${base.id}`);
    await page.getByRole('heading', { name: base.name }).waitFor();
    const versions = page.getByText('Versions LSU acceptées').locator('xpath=following-sibling::*[1]');
    expect((await versions.textContent())?.split(', ')).not.toContain('1.0');
    await page.getByText(/Les responsables légaux et les administrateurs ont tous les droits/).waitFor();
    expect(await page.getByText(/propriétaires/).count()).toBe(0);
    // One name for the menu entry, the base's button and the page it opens.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Imports LSU' }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Imports LSU' }).click();
    await page.getByRole('heading', { level: 1, name: 'Imports LSU' }).waitFor();
    await switchLanguage(page, 'en', { signedIn: true });
    await page.getByRole('heading', { level: 1, name: 'LSU imports' }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'LSU imports' }).waitFor();
    await switchLanguage(page, 'fr', { signedIn: true });
  });

  it('walks the director\'s pages in both languages: no text key left, no French word in English', async () => {
    const [pupil] = (await callApi<{ items: { id: string }[] }>(page, 'GET', `${server.url}/api/bases/${base.id}/pupils`)).items;
    const pages = [
      `/bases/${base.id}/pupils/${pupil?.id ?? ''}`, `/bases/${base.id}`, `/bases/${base.id}/imports`, `/bases/${base.id}/imports/${importId}`, `/bases/${base.id}/imports/${importId}?kind=cycle`,
      ...['periods', 'classes', 'pupils', 'teachers', 'disciplines'].map((tab) => `/bases/${base.id}/structure?tab=${tab}`), `/bases/${base.id}/api-tokens`,
    ];
    for (const locale of ['fr', 'en'] as const) {
      if (locale === 'en') await switchLanguage(page, 'en', { signedIn: true });
      for (const path of pages) {
        await page.goto(`${server.url}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        const text = (await page.getByRole('main').innerText()).replace(/\S+@\S+/g, '');
        expect(text, `${locale} ${path}`).not.toMatch(/\b(common|imports|structure|pupil|base|bases|errors|fields|nav|lsu)\.[a-zA-Z_]+/);
        if (locale === 'en' && !path.includes('/pupils/')) expect(/.{0,60}\b(bilans?|Élèves?|Périodes?|inconnue?|Importé|Rejeté)\b(?!\.xml).{0,30}/.exec(text)?.[0], path).toBeUndefined();
        if (locale === 'en' && !path.includes('/pupils/')) expect(text, path).not.toMatch(/\b(bilans?|Élèves?|Périodes?|inconnue?|Importé|Rejeté)\b(?!\.xml)/);
      }
    }
    await switchLanguage(page, 'fr', { signedIn: true });
  });

  it('shows whole counts, neither cut nor padded, and dates in one format', async () => {
    await inFrench(page);
    // A large school's count, as a director saw it cut ("119…").
    const rejected = (await server.preau.db.selectFrom('lsu_imports').select('periodic_rejected').where('id', '=', importId).executeTakeFirstOrThrow()).periodic_rejected;
    await server.preau.db.updateTable('lsu_imports').set({ periodic_rejected: 11_919 }).where('id', '=', importId).execute();
    await page.goto(`${server.url}/bases/${base.id}/imports`);
    await page.locator(`tr[data-import-id="${importId}"] [data-status="rejected"] span[aria-hidden]`).getByText('11\u202f919', { exact: true }).waitFor();
    const row = page.locator(`tr[data-import-id="${importId}"]`);
    await row.waitFor();
    for (const pill of await row.locator('[data-status]').all()) {
      const count = Number(await pill.getAttribute('data-count'));
      expect((await pill.locator('span[aria-hidden]').textContent())?.replace(/\s/g, '')).toBe(String(count));
      // Nothing hidden by the badge's width.
      expect(JSON.stringify(await pill.evaluate((el) => [el, ...Array.from(el.querySelectorAll('*:not(.mantine-VisuallyHidden-root)'))].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.className} ${e.scrollWidth}>${e.clientWidth} ${e.textContent}`)))).toBe('[]');
    }
    await server.preau.db.updateTable('lsu_imports').set({ periodic_rejected: rejected }).where('id', '=', importId).execute();
    await page.goto(`${server.url}/bases/${base.id}/structure?tab=periods`);
    const periods = page.getByRole('table', { name: 'Périodes' });
    await periods.getByText('01/09/2025').waitFor();
    expect(await periods.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it("finds a pupil from the header's search box, accents and case aside, and opens their page", async () => {
    await inFrench(page);
    const pupils = (await callApi<{ items: { id: string; lastName: string; firstName: string }[] }>(page, 'GET', `${server.url}/api/bases/${base.id}/pupils`)).items;
    const pupil = pupils[0]!;
    await page.goto(`${server.url}/bases/${base.id}`);
    const typed = pupil.lastName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    await page.getByRole('searchbox', { name: "Rechercher dans l'organisation" }).fill(typed);
    const results = page.getByRole('list', { name: 'Résultats de la recherche' });
    await results.getByText('Élèves').waitFor();
    await results.getByRole('link', { name: new RegExp(`${pupil.lastName} ${pupil.firstName}`) }).first().click();
    await page.waitForURL(`**/bases/${base.id}/pupils/${pupil.id}`);
  });

  it('shows on the pupil page what Préau did not keep as not kept, and national codes by their labels', async () => {
    await inFrench(page);
    const alerts = await callApi<ImportedBilanPage>(page, 'GET', `${server.url}/api/lsu-imports/${importId}/bilans?kind=periodic&status=alert&limit=200`);
    // The file's first pupil has everything: averages given to a positioning class, modalities, a regional language.
    const first = scenario.structure.pupils[0]?.nationalId;
    const bilan = alerts.items.find((b) => b.pupil.nationalId === first && b.period === '1/3');
    if (!bilan?.pupil.pupilId) throw new Error('the first pupil has no bilan in alert');
    expect(bilan.messages.map((m) => m.code)).toEqual(expect.arrayContaining(['accompaniment.ignored', 'assessment.averages_ignored']));
    await page.goto(`${server.url}/bases/${base.id}/pupils/${bilan.pupil.pupilId}`);
    const article = page.getByRole('article', { name: `Bilan périodique : période ${bilan.period}` });
    await article.waitFor();
    const notKept = article.locator('[data-not-kept]');
    await notKept.filter({ hasText: 'Moyenne de l\'élève' }).first().waitFor();
    expect(await notKept.filter({ hasText: 'Moyenne de la classe' }).count()).toBeGreaterThan(0);
    expect(await notKept.first().textContent()).toContain('non pris en compte');
    await notKept.filter({ hasText: 'Programme personnalisé de réussite éducative' }).waitFor();
    const text = (await article.textContent()) ?? '';
    expect(text).not.toMatch(/Moyenne[^:]*: \d+\.\d/); // a decimal comma in French
    expect(text).not.toMatch(/\b(CN_[A-Z]{3}_[A-Z]{3}|PAR_[A-Z]{3}|CPD_[A-Z]{3})\b/);
    expect(text).not.toContain('BRE :');
    await page.getByRole('article', { name: /^Bilan de fin de cycle/ }).getByText('Breton : Niveau A2 atteint').waitFor();
    expect((await page.getByRole('main').textContent()) ?? '').not.toMatch(/\b(BRE|LCA|CPD_FRA) :/);
    await page.screenshot({ path: `${SHOTS}-pupil-fr.png`, fullPage: true });
    await article.locator('table').first().screenshot({ path: `${SHOTS}-pupil-results-fr.png` });

    await switchLanguage(page, 'en', { signedIn: true });
    const english = page.getByRole('article', { name: `Periodic report: period ${bilan.period}` });
    await english.locator('[data-not-kept]').filter({ hasText: 'Pupil\'s average' }).filter({ hasText: 'not taken into account' }).first().waitFor();
    await page.getByRole('article', { name: /report$/ }).getByText('Breton: Level A2 reached').waitFor();
    await english.locator('[data-not-kept]').filter({ hasText: 'Personalised educational success programme (PPRE)' }).waitFor();
    expect((await english.textContent()) ?? '').not.toMatch(/average: \d+,\d/);
    await page.screenshot({ path: `${SHOTS}-pupil-en.png`, fullPage: true });
    await switchLanguage(page, 'fr', { signedIn: true });
  });

  it('names subjects in alerts, and sends a missing pupil to where it is added', async () => {
    await inFrench(page);
    await page.goto(`${server.url}/bases/${base.id}/imports/${importId}?status=alert`);
    const averages = page.locator('li[data-code="assessment.averages_ignored"]').first();
    await averages.waitFor();
    expect(await averages.textContent()).not.toMatch(/DI_\w+/);

    await page.goto(`${server.url}/bases/${base.id}/imports/${importId}?status=rejected`);
    const unknown = page.locator('li[data-code="pupil.unknown"]').first();
    await unknown.getByText(/n'est pas dans la structure de la base Préau/).waitFor();
    expect(await unknown.textContent()).not.toContain('SIECLE');
    await switchLanguage(page, 'en', { signedIn: true });
    await unknown.getByText(/is not in the Préau base structure/).waitFor();
    await page.getByRole('tab', { name: /^Periodic reports/ }).waitFor();
    await switchLanguage(page, 'fr', { signedIn: true });
    await unknown.getByRole('link', { name: 'Ajouter l\'élève dans la structure de la base' }).click();
    await page.waitForURL(/\/structure\?tab=pupils/);
    await page.getByRole('tab', { name: 'Élèves', selected: true }).waitFor();
    // A pupil's name in the structure opens their page, which says where it sits.
    const listed = scenario.structure.pupils[0];
    // The list says how many rows it holds, and finds one by a name typed without its accents or case.
    await page.getByText(/^\d+ lignes$/).waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher', exact: true }).fill((listed?.lastName ?? '').toLowerCase());
    await page.getByText(/^\d+ lignes? trouvées? sur \d+$/).waitFor();
    await page.getByRole('table', { name: 'Élèves' }).getByRole('link', { name: listed?.lastName ?? '', exact: true }).first().click();
    await page.waitForURL(/\/pupils\//);
    const crumbs = page.getByRole('navigation', { name: 'Fil d\'Ariane' });
    await crumbs.getByRole('link', { name: 'Bases scolaires' }).waitFor();
    expect(await crumbs.getByRole('link').allTextContents()).toEqual(['Collège Jean Moulin', 'Bases scolaires', 'Collège Jean Moulin']);
  });

  it('says first that a file is not an LSU XML file, with where', async () => {
    await inFrench(page);
    const notXml = await upload(page, server.url, base.id, 'eleves.xml', Buffer.from('Nom;Prénom\nDupont;Jean\n'));
    await waitForImport(page, server.url, base.id, notXml);
    await page.goto(`${server.url}/bases/${base.id}/imports/${notXml}`);
    const alert = page.getByRole('alert').filter({ has: page.locator('[data-code="import.not_lsu_xml"]') });
    await alert.getByText(/^Ce fichier n'est pas un fichier XML LSU \(ligne 1, colonne 1\)/).waitFor();
    await switchLanguage(page, 'en', { signedIn: true });
    await alert.getByText(/^This file is not an LSU XML file \(line 1, column 1\)/).waitFor();
    await switchLanguage(page, 'fr', { signedIn: true });
  });

  it('renders a form\'s server errors from their code in the console\'s language', async () => {
    await inFrench(page);
    // The server answers with a code; the form reads it in whichever language the console is in.
    await page.goto(`${server.url}/bases/${base.id}/structure?tab=periods`);
    for (const [locale, add, save, index, end, cancel, text] of [
      ['fr', 'Ajouter une période', 'Enregistrer', /^Indice/, /^Fin/, 'Annuler', 'L\'indice doit être compris entre 1 et 3.'],
      ['en', 'Add a period', 'Save', /^Index/, /^End/, 'Cancel', 'The index must be between 1 and 3.'],
    ] as const) {
      if (locale === 'en') await switchLanguage(page, 'en', { signedIn: true });
      await page.getByRole('button', { name: add }).click();
      const dialog = page.getByRole('dialog', { name: add });
      await dialog.getByLabel(index).fill('4');
      await dialog.locator('input[type="number"]').nth(1).fill('3');
      await dialog.locator('input[type="date"]').first().fill('2025-09-01');
      await dialog.getByLabel(end).fill('2025-08-01');
      await dialog.getByRole('button', { name: save }).click();
      await dialog.getByText(text).waitFor();
      await dialog.getByRole('button', { name: cancel }).click();
    }
    await switchLanguage(page, 'fr', { signedIn: true });
  });

  it('previews a CSV as what will be done, then shows what was done, with every error of a line and a template', async () => {
    await inFrench(page);
    await page.goto(`${server.url}/bases/${base.id}/structure?tab=disciplines`);
    const template = page.getByRole('link', { name: 'Télécharger le modèle CSV' });
    const href = decodeURIComponent((await template.getAttribute('href')) ?? '');
    expect(href).toContain('code;libelle');
    expect(await template.getAttribute('download')).toBe('modele-disciplines.csv');

    await page.locator('input[type="file"]').setInputFiles({ name: 'disciplines.csv', mimeType: 'text/csv', buffer: Buffer.from('code;libelle\nZZ1;Latin\nZZ2;\n') });
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    const preview = page.getByRole('table', { name: 'Prévisualisation de l\'import' });
    await preview.locator('tr[data-action="create"]').getByText('À créer').waitFor();
    await preview.locator('tr[data-action="refuse"]').getByText('Libellé : Cellule vide, alors que cette colonne est obligatoire.').waitFor();
    await page.getByText('1 refusée', { exact: true }).waitFor();
    await switchLanguage(page, 'en', { signedIn: true });
    const english = page.getByRole('table', { name: 'Import preview' });
    await english.locator('tr[data-action="create"]').getByText('To create').waitFor();
    await english.locator('tr[data-action="refuse"]').getByText('Label: Empty cell, although this column is required.').waitFor();
    await switchLanguage(page, 'fr', { signedIn: true });

    await page.locator('input[type="file"]').setInputFiles({ name: 'disciplines.csv', mimeType: 'text/csv', buffer: Buffer.from('code;libelle\nZZ1;Latin\nZZ2;Grec\n') });
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.getByText('2 à créer', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Appliquer l\'import' }).click();
    await page.getByText('Import appliqué : 2 lignes traitées.').waitFor();
    const applied = page.getByRole('table', { name: 'Lignes de l\'import appliqué' });
    expect(await applied.locator('tr[data-action="create"]').getByText('Créée').count()).toBe(2);
    await page.getByText('2 créées', { exact: true }).waitFor();

    // All the errors of a line at once: the date that does not read and the index out of range.
    await page.getByRole('tab', { name: 'Périodes' }).click();
    await page.getByText(/Séparateur : point-virgule ou virgule\. Encodage : UTF-8 ou Windows-1252\./).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'periodes.csv', mimeType: 'text/csv', buffer: Buffer.from('indice;nombre;debut;fin\n4;3;demain;30/11/2025\n') });
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    const refused = page.getByRole('table', { name: 'Prévisualisation de l\'import' }).locator('tr[data-action="refuse"]');
    await refused.getByText(/^Début : Date attendue/).waitFor();
    await refused.getByText('Indice : L\'indice doit être compris entre 1 et 3.').waitFor();
    await page.screenshot({ path: `${SHOTS}-csv.png`, fullPage: true });

    // A header without one of its columns names it.
    await page.locator('input[type="file"]').setInputFiles({ name: 'periodes.csv', mimeType: 'text/csv', buffer: Buffer.from('indice;nombre;debut\n1;3;01/09/2025\n') });
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.getByRole('alert').getByText("L'en-tête du fichier ne correspond pas au modèle indice;nombre;debut;fin : il manque 1 colonne : fin.").waitFor();
    await switchLanguage(page, 'en', { signedIn: true });
    await page.getByRole('alert').getByText("The file's header does not match indice;nombre;debut;fin: 1 column is missing: fin.").waitFor();
    await switchLanguage(page, 'fr', { signedIn: true });
  });
});

/** Puts the console back in French when an earlier step left it in English. */
async function inFrench(page: Page): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === 'en') await switchLanguage(page, 'fr', { signedIn: true });
}
