import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import yazl from 'yazl';
import { uaiCheckLetter, type Base, type Pupil, type SchoolClass } from '@preau/contracts';
import { callApi } from './support/api-calls.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignUp, makePerson } from './support/console-steps.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

/** A ZIP of `entries` (name → bytes). */
function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

// A school's legal owner sends a ZIP of photos (one named by national id, one by NOM_Prénom, one for
// nobody), reads the preview, applies it, and sees the photo on the pupil's page and in the class list.
describe('pupil photos in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  let base: Base;
  let lea: Pupil;

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestPreau(), launchChromium()]);
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${server.url}/sign-up`);
    await fillSignUp(page, makePerson('Paule Photographe'), 'Collège des Tilleuls');
    await page.getByRole('heading', { name: /^Accueil/ }).waitFor();
    const orgId = /organizations\/([^/]+)/.exec(page.url())?.[1] ?? '';
    const api = <T,>(method: 'GET' | 'POST', path: string, body?: unknown) => callApi<T>(page, method, `${server.url}${path}`, body);
    const digits = `0${String(Date.now()).slice(-6)}`;
    base = await api<Base>('POST', `/api/organizations/${orgId}/bases`, { uai: `${digits}${uaiCheckLetter(digits)}`, name: 'Collège des Tilleuls', degree: 'college', schoolYear: '2025-2026' });
    await api('POST', `/api/bases/${base.id}/put-in-service`);
    const sixA = await api<SchoolClass>('POST', `/api/bases/${base.id}/classes`, { code: '6A', label: 'Sixième A' });
    lea = await api<Pupil>('POST', `/api/bases/${base.id}/pupils`, { nationalId: '2000001', lastName: 'Martin', firstName: 'Léa', classId: sixA.id });
    await api<Pupil>('POST', `/api/bases/${base.id}/pupils`, { nationalId: '2000002', lastName: 'Bernard', firstName: 'Noé', classId: sixA.id });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('previews a ZIP of photos, applies it, and shows the photo on the pupil page', async () => {
    const photo = (background: string) => sharp({ create: { width: 300, height: 400, channels: 3, background } }).jpeg().toBuffer();
    const zip = await zipOf([['2000001.jpg', await photo('#c89070')], ['BERNARD_Noe.jpg', await photo('#7090c8')], ['DUPONT_Jean.jpg', await photo('#909090')]]);

    await page.goto(`${server.url}/bases/${base.id}`);
    await page.getByRole('link', { name: 'Photos des élèves' }).click();
    await page.getByRole('heading', { name: 'Photos des élèves' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: 'photos-6A.zip', mimeType: 'application/zip', buffer: zip });
    await page.getByRole('button', { name: "Voir l'aperçu" }).click();
    const table = page.getByRole('table', { name: 'Aperçu des photos du fichier ZIP' });
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    expect(await table.locator('tr', { hasText: '2000001.jpg' }).innerText()).toMatch(/Par identifiant national[\s\S]*MARTIN Léa/i);
    expect(await table.locator('tr', { hasText: 'BERNARD_Noe.jpg' }).innerText()).toMatch(/Par nom et prénom[\s\S]*BERNARD Noé/i);
    expect(await table.locator('tr', { hasText: 'DUPONT_Jean.jpg' }).innerText()).toContain('Aucun élève de la base');

    await page.getByRole('button', { name: 'Appliquer 2 photos' }).click();
    await page.getByText('2 photos enregistrées.').waitFor();

    await page.goto(`${server.url}/bases/${base.id}/pupils/${lea.id}`);
    const thumbnail = page.getByRole('img', { name: 'Photo de MARTIN Léa' });
    await thumbnail.waitFor();
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Voir la photo de MARTIN Léa en grand' }).click();
    const full = page.getByRole('dialog').getByRole('img', { name: 'Photo de MARTIN Léa' });
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(300);

    // The class list shows thumbnails, loaded lazily.
    await page.goto(`${server.url}/bases/${base.id}/structure?tab=pupils`);
    const listed = page.getByRole('img', { name: /^Photo de Martin Léa/ });
    await listed.waitFor();
    expect(await listed.getAttribute('loading')).toBe('lazy');
  });
});
