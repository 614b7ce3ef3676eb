import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { uaiCheckLetter, type Base, type BaseDocument } from '@preau/contracts';
import { callApi } from './support/api-calls.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignUp, makePerson } from './support/console-steps.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

/** A 2 × 2 PNG (red, green, blue, white), small enough to write here. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC',
  'base64',
);
/** A one-page PDF, as small as a reader takes. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

// The school's legal owner attaches a document to a pupil and previews it, then generates a letter
// for every pupil of a class and finds it on a pupil's page.
describe('documents and letters in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  let owner: Page;
  let baseId = '';
  let classId = '';
  const pupils: { id: string; name: string }[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestPreau(), launchChromium()]);
    owner = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 900 } })).newPage();
    await owner.goto(`${server.url}/sign-up`);
    await fillSignUp(owner, makePerson('Denise Directrice'), 'Collège des Tilleuls');
    await owner.getByRole('heading', { name: /^Accueil/ }).waitFor();
    const orgId = /organizations\/([^/]+)/.exec(owner.url())?.[1] ?? '';
    const api = <T,>(method: 'POST' | 'GET', path: string, body?: unknown) => callApi<T>(owner, method, `${server.url}${path}`, body);
    const base = await api<Base>('POST', `/api/organizations/${orgId}/bases`, { uai: `0690001${uaiCheckLetter('0690001')}`, name: 'Collège des Tilleuls', degree: 'college', schoolYear: '2025-2026' });
    baseId = base.id;
    await api('POST', `/api/bases/${baseId}/put-in-service`);
    classId = (await api<{ id: string }>('POST', `/api/bases/${baseId}/classes`, { code: '4C', label: 'Quatrième C' })).id;
    for (const [index, [lastName, firstName]] of ([['Moreau', 'Inès'], ['Garcia', 'Lucas'], ['Roux', 'Jade']] as const).entries()) {
      const pupil = await api<{ id: string }>('POST', `/api/bases/${baseId}/pupils`, { nationalId: `55${index}`, lastName, firstName, classId });
      pupils.push({ id: pupil.id, name: `${lastName.toUpperCase()} ${firstName}` });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("attaches a document to a pupil and previews it", async () => {
    const pupil = pupils[0]!;
    await owner.goto(`${server.url}/bases/${baseId}/pupils/${pupil.id}`);
    await owner.getByRole('heading', { level: 1, name: pupil.name }).waitFor();
    await owner.getByRole('heading', { name: 'Documents' }).waitFor();
    await owner.getByText('Aucun document.').waitFor();
    await owner.getByRole('button', { name: 'Joindre un document' }).click();
    const dialog = owner.getByRole('dialog', { name: `Joindre un document : ${pupil.name}` });
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'pai.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByLabel(/^Titre/).fill('PAI allergies');
    await dialog.getByLabel('Catégorie').selectOption('plan');
    await dialog.getByLabel('Enseignant').check();
    await dialog.getByRole('button', { name: 'Joindre un document' }).click();
    await dialog.waitFor({ state: 'detached' });

    const table = owner.getByRole('table', { name: 'Documents' });
    const row = table.getByRole('row').filter({ hasText: 'PAI allergies' });
    await row.getByText('Plan (PAP, PPS, PAI…)').waitFor();
    await row.getByText('1 Ko').waitFor();
    await row.getByRole('button', { name: 'Aperçu' }).click();
    const preview = owner.getByRole('dialog', { name: 'PAI allergies' });
    const image = preview.getByRole('img', { name: 'PAI allergies' });
    await image.waitFor();
    await owner.waitForFunction((alt) => {
      const img = Array.from(document.querySelectorAll('img')).find((i) => i.alt === alt);
      return img !== undefined && img.complete && img.naturalWidth === 2;
    }, 'PAI allergies');
    await owner.keyboard.press('Escape');

    // The preview was recorded, with who read it.
    const documents = await callApi<{ items: BaseDocument[] }>(owner, 'GET', `${server.url}/api/bases/${baseId}/pupils/${pupil.id}/documents`);
    const reads = await callApi<{ items: { readerName: string; inline: boolean }[] }>(owner, 'GET', `${server.url}/api/bases/${baseId}/documents/${documents.items[0]!.id}/reads`);
    expect(reads.items).toEqual([expect.objectContaining({ readerName: 'Denise Directrice', inline: true })]);
  });

  it('previews an attached PDF in the page', async () => {
    const pupil = pupils[1]!;
    await owner.goto(`${server.url}/bases/${baseId}/pupils/${pupil.id}`);
    await owner.getByText('Aucun document.').waitFor();
    await owner.getByRole('button', { name: 'Joindre un document' }).click();
    const dialog = owner.getByRole('dialog', { name: `Joindre un document : ${pupil.name}` });
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'pps.pdf', mimeType: 'application/pdf', buffer: PDF });
    await dialog.getByLabel(/^Titre/).fill('PPS 2026');
    await dialog.getByRole('button', { name: 'Joindre un document' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = owner.getByRole('table', { name: 'Documents' }).getByRole('row').filter({ hasText: 'PPS 2026' });
    const answered = owner.waitForResponse((response) => response.url().includes('/file') && response.request().resourceType() === 'document');
    const refusals: string[] = [];
    owner.on('console', (message) => void (/refused/i.test(message.text()) && refusals.push(message.text())));
    await row.getByRole('button', { name: 'Aperçu' }).click();
    const frame = owner.getByRole('dialog', { name: 'PPS 2026' }).locator('iframe[title="PPS 2026"]');
    await frame.waitFor();
    // The frame loads the file itself, inline, and the page's security headers let it be framed
    // here: Chromium hands it to its PDF viewer (the frame's body is then the viewer's, not the file).
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['content-disposition']).toMatch(/^inline/);
    // The frame's navigation commits a moment after its response: asked again until it has.
    await expect.poll(() => owner.frames().some((f) => f.url() === response.url()), { timeout: 5_000 }).toBe(true);
    expect(refusals).toEqual([]);
    await owner.keyboard.press('Escape');
  });

  it('generates a letter for a whole class and lists it on a pupil', async () => {
    await owner.goto(`${server.url}/bases/${baseId}/structure?tab=classes`);
    await owner.getByRole('link', { name: '4C' }).click();
    await owner.getByRole('heading', { level: 1, name: '4C · Quatrième C' }).waitFor();
    await owner.getByRole('button', { name: 'Générer une lettre pour la classe' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Générer une lettre pour chaque élève de 4C · Quatrième C' });
    await dialog.getByLabel('Modèle').selectOption('information');
    await dialog.getByLabel(/^Objet/).fill('Sortie au musée');
    await dialog.getByLabel(/^Texte/).fill('La classe visitera le musée des Confluences le 18 décembre.');
    await dialog.getByRole('button', { name: 'Générer' }).click();
    await dialog.getByText('3 lettres créées.').waitFor();
    await dialog.getByRole('button', { name: 'Fermer' }).last().click();

    const pupil = pupils[2]!;
    await owner.goto(`${server.url}/bases/${baseId}/pupils/${pupil.id}`);
    const letters = owner.getByRole('table', { name: 'Lettres aux familles' });
    const row = letters.getByRole('row').filter({ hasText: "Lettre d'information · Sortie au musée" });
    await row.waitFor();
    const href = await row.getByRole('link', { name: 'Télécharger' }).getAttribute('href');
    const pdf = await owner.request.get(`${server.url}${href ?? ''}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
