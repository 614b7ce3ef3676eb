import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Base, ImportHistory } from '@preau/contracts';
import { callApi } from './support/api-calls.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignUp, makePerson } from './support/console-steps.ts';
import { buildLsuScenario, type LsuScenario } from './support/lsu-school.ts';
import { loadStructureFromCsv } from './support/base-setup.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

const UAI = '0382032C';
const FILE_NAME = 'bilans-college-entier.xml';
/** The console sends resumable uploads in chunks of this size (components/uploads/ResumableUpload.tsx). */
const CHUNK_BYTES = 8 * 1024 * 1024;
const SHOTS = '/tmp/preau-e2e-resumable';

// A whole collège's LSU file (about 9 MB: two chunks) through the console's resumable upload, with
// the connection cut after the first chunk: the upload resumes where the server stopped, then the
// import runs; and again with the page reloaded in the middle.
describe('a resumable LSU upload in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  let base: Base;
  let scenario: LsuScenario;
  const person = makePerson('Nadia Perrin');

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser, scenario] = await Promise.all([startTestPreau(), launchChromium(), buildLsuScenario({ uai: UAI, pupils: 600, pupilsPerDivision: 30 })]);
    expect(scenario.file.length).toBeGreaterThan(CHUNK_BYTES);
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1360, height: 900 } })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('prepares a collège base in service', async () => {
    await page.goto(`${server.url}/sign-up`);
    await fillSignUp(page, person, 'Collège entier');
    await page.getByRole('heading', { name: /^Accueil/ }).waitFor();
    const orgId = /organizations\/([^/]+)/.exec(page.url())?.[1] ?? '';
    base = await callApi<Base>(page, 'POST', `${server.url}/api/organizations/${orgId}/bases`, { uai: UAI, name: 'Collège Jean Moulin', degree: 'college', schoolYear: '2025-2026' });
    await loadStructureFromCsv(page, server.url, base.id, scenario.structure);
    base = await callApi<Base>(page, 'POST', `${server.url}/api/bases/${base.id}/put-in-service`);
    expect(base.state).toBe('in_service');
  }, 120_000);

  it('resumes after the connection was cut mid-way, shows the progress, and imports the file', async () => {
    // The second, third and fourth PATCH never reach the server (a cut connection); then it comes back.
    const patches: { offset: string | null; cut: boolean }[] = [];
    await page.route('**/api/bases/*/uploads/*', async (route) => {
      const request = route.request();
      if (request.method() !== 'PATCH') return route.continue();
      const cut = patches.length >= 1 && patches.length <= 3;
      patches.push({ offset: await request.headerValue('upload-offset'), cut });
      return cut ? route.abort('connectionreset') : route.continue();
    });
    const heads: string[] = [];
    page.on('response', (response) => {
      if (response.request().method() === 'HEAD' && response.url().includes('/uploads/')) heads.push(response.headers()['upload-offset'] ?? '');
    });

    await page.goto(`${server.url}/bases/${base.id}/imports`);
    await page.getByRole('heading', { name: 'Imports LSU', exact: true }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: FILE_NAME, mimeType: 'text/xml', buffer: scenario.file });
    await page.getByText(FILE_NAME).waitFor();
    await page.getByRole('button', { name: 'Importer', exact: true }).click();

    const progress = page.getByTestId('resumable-upload');
    await progress.getByText(/Connexion perdue, nouvelle tentative/).waitFor({ timeout: 30_000 });
    await expect(progress.textContent()).resolves.toMatch(/\d+ %/);
    await progress.screenshot({ path: `${SHOTS}/retrying.png` });

    const row = page.locator('tr[data-import-id]').filter({ hasText: FILE_NAME });
    await row.waitFor({ timeout: 60_000 });
    await page.locator('tr[data-import-id]:not([data-state="queued"]):not([data-state="running"])').waitFor({ timeout: 120_000 });
    const history = await callApi<ImportHistory>(page, 'GET', `${server.url}/api/bases/${base.id}/lsu-imports`);
    expect(history.items[0]).toMatchObject({ fileName: FILE_NAME, state: 'done' });

    // The first chunk went through; the cut ones were tried again from where the server stopped,
    // which a HEAD asked for: the last PATCH sent only the rest.
    expect(patches[0]).toEqual({ offset: '0', cut: false });
    expect(patches.filter((p) => p.cut)).toHaveLength(3);
    expect(patches.at(-1)).toEqual({ offset: String(CHUNK_BYTES), cut: false });
    expect(heads).toContain(String(CHUNK_BYTES));
    await page.unroute('**/api/bases/*/uploads/*');
  }, 240_000);

  it('resumes after a page reload, when the same file is chosen again', async () => {
    // A file on disk, so the browser sees the same name, size and date both times (the upload's fingerprint).
    const folder = await mkdtemp(path.join(tmpdir(), 'preau-e2e-resume-'));
    const onDisk = path.join(folder, 'bilans-apres-rechargement.xml');
    await writeFile(onDisk, scenario.file);
    let open = false;
    const offsets: string[] = [];
    await page.route('**/api/bases/*/uploads/*', async (route) => {
      const request = route.request();
      if (request.method() !== 'PATCH') return route.continue();
      offsets.push((await request.headerValue('upload-offset')) ?? '');
      // Before the reload, only the first chunk gets through.
      return open || offsets.length === 1 ? route.continue() : route.abort('connectionreset');
    });
    try {
      await page.goto(`${server.url}/bases/${base.id}/imports`);
      await page.locator('input[type=file]').setInputFiles(onDisk);
      await page.getByRole('button', { name: 'Importer', exact: true }).click();
      const progress = page.getByTestId('resumable-upload');
      await progress.getByText(/Connexion perdue, nouvelle tentative/).waitFor({ timeout: 30_000 });
      // Paused, then resumed by hand: it tries again (the connection is still cut).
      await progress.getByRole('button', { name: 'Pause' }).click();
      await progress.getByText(/En pause/).waitFor();
      await progress.getByRole('button', { name: 'Reprendre' }).click();
      await progress.getByText(/Connexion perdue, nouvelle tentative/).waitFor({ timeout: 30_000 });

      open = true;
      offsets.length = 0;
      await page.reload();
      await page.getByRole('heading', { name: 'Imports LSU', exact: true }).waitFor();
      await page.locator('input[type=file]').setInputFiles(onDisk);
      await page.getByRole('button', { name: 'Importer', exact: true }).click();
      await page.locator('tr[data-import-id]').filter({ hasText: 'bilans-apres-rechargement.xml' }).waitFor({ timeout: 60_000 });
      // Only the rest was sent after the reload.
      expect(offsets).toEqual([String(CHUNK_BYTES)]);
      await page.locator('tr[data-import-id]:not([data-state="queued"]):not([data-state="running"])').filter({ hasText: 'bilans-apres-rechargement.xml' }).waitFor({ timeout: 120_000 });
      const history = await callApi<ImportHistory>(page, 'GET', `${server.url}/api/bases/${base.id}/lsu-imports`);
      expect(history.items.find((item) => item.fileName === 'bilans-apres-rechargement.xml')).toMatchObject({ state: 'done' });
    } finally {
      await page.unroute('**/api/bases/*/uploads/*');
      await rm(folder, { recursive: true, force: true });
    }
  }, 240_000);
});
