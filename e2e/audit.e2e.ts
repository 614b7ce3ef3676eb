import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { makePerson, switchLanguage } from './support/console-steps.ts';
import { buildLsuScenario } from './support/lsu-school.ts';
import { prepareSchool, type PreparedSchool } from './support/school-setup.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

const run = promisify(execFile);
const UAI = '0383318A';
const PUPIL = { lastName: 'Lefèvre', firstName: 'Éloïse' };

// A family asks what the school holds about their child: the legal owner finds the pupil from the
// header's search box typed without accents, reads who saw the pupil's data in the Journal, and
// exports it all (a ZIP whose PDF summary names the pupil).
describe("a pupil's data: found, its reads in the Journal, exported", () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  let school: PreparedSchool;
  let pupilId = '';
  let workDir = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    const [started, chromium, scenario, dir] = await Promise.all([startTestPreau(), launchChromium(), buildLsuScenario({ uai: UAI }), mkdtemp(path.join(tmpdir(), 'preau-e2e-audit-'))]);
    [server, browser, workDir] = [started, chromium, dir];
    // The file's second pupil (its bilans land by national id) is named with accents the search folds.
    const renamed = scenario.structure.pupils[1]!;
    Object.assign(renamed, PUPIL);
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1360, height: 900 }, bypassCSP: true, acceptDownloads: true })).newPage();
    school = await prepareSchool(page, server.url, scenario, { person: makePerson('Hélène Marchand'), organization: 'Collège Champollion', baseName: 'Collège Champollion', uai: UAI });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('finds Éloïse from the header typed "eloise", and opens her page', async () => {
    await page.goto(`${server.url}/organizations/${school.orgId}/home`);
    await page.getByRole('searchbox', { name: "Rechercher dans l'organisation" }).fill('eloise');
    const results = page.getByRole('list', { name: 'Résultats de la recherche' });
    await results.getByText('Élèves', { exact: true }).waitFor();
    await results.getByRole('link', { name: /Lefèvre Éloïse/ }).click();
    await page.getByRole('heading', { level: 1, name: 'LEFÈVRE Éloïse' }).waitFor();
    pupilId = /\/pupils\/([^/?#]+)/.exec(page.url())?.[1] ?? '';
    expect(page.url()).toBe(`${server.url}/bases/${school.base.id}/pupils/${pupilId}`);
    // Her bilans are on the page: that read is what the Journal shows next.
    await page.getByRole('article', { name: /^Bilan périodique/ }).first().waitFor();
  });

  it("reads the organisation's Journal filtered on her: the read of her page, by whom", async () => {
    await page.getByRole('link', { name: 'Journal de cet élève' }).click();
    await page.waitForURL(`**/organizations/${school.orgId}/audit?objectId=${pupilId}`);
    await page.getByRole('heading', { level: 1, name: 'Journal' }).waitFor();
    await expect.poll(() => page.getByLabel('Identifiant de l’objet').inputValue()).toBe(pupilId);
    const rows = page.getByRole('table').getByRole('row');
    const read = rows.filter({ hasText: 'pupilBilans.read' }).filter({ hasText: 'Consultation' }).first();
    await read.waitFor();
    expect(await read.textContent()).toContain('Hélène Marchand');
    expect(await read.textContent()).toContain(pupilId);
    // Only her entries: every row names her.
    const bodyRows = page.getByRole('table').locator('tbody tr');
    for (const row of await bodyRows.all()) expect(await row.textContent()).toContain(pupilId);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("exports her data: the ZIP's PDF summary names her, and the export is itself in the Journal", async () => {
    await page.goto(`${server.url}/bases/${school.base.id}/pupils/${pupilId}`);
    await page.getByRole('heading', { level: 2, name: "Données de l'élève" }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: "Exporter les données de l'élève" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const zip = path.join(workDir, 'export.zip');
    await download.saveAs(zip);
    await run('unzip', ['-o', '-q', zip, '-d', path.join(workDir, 'export')]);
    const json = JSON.parse(await readFile(path.join(workDir, 'export', 'pupil.json'), 'utf8')) as { pupil: { lastName: string; firstName: string } };
    expect(json.pupil).toMatchObject(PUPIL);
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', path.join(workDir, 'export', 'summary.pdf'), '-']);
    expect(text).toContain('Éloïse Lefèvre');
    expect(text).toContain('Collège Champollion');
    expect(text).toMatch(/bilan périodique/i);
    // Who read her data: the legal owner's reading of her page, listed in the export.
    expect(text).toContain('Hélène Marchand');

    await page.getByRole('link', { name: 'Journal de cet élève' }).click();
    await page.getByRole('table').getByRole('row').filter({ hasText: 'pupilData.read' }).filter({ hasText: 'Consultation' }).first().waitFor();
  });

  it('reads the same in English', async () => {
    await switchLanguage(page, 'en', { signedIn: true });
    await page.goto(`${server.url}/bases/${school.base.id}/pupils/${pupilId}`);
    await page.getByRole('link', { name: "This pupil's activity log" }).click();
    await page.getByRole('heading', { level: 1, name: 'Activity log' }).waitFor();
    await page.getByRole('table').getByRole('row').filter({ hasText: 'pupilBilans.read' }).filter({ hasText: 'Read' }).first().waitFor();
    await page.goto(`${server.url}/bases/${school.base.id}/pupils/${pupilId}`);
    await page.getByRole('link', { name: "Export the pupil's data" }).waitFor();
    await switchLanguage(page, 'fr', { signedIn: true });
  });
});
