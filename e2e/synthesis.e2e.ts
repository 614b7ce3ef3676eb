import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callApi } from './support/api-calls.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { makePerson, switchLanguage } from './support/console-steps.ts';
import { buildLsuScenario, type LsuScenario } from './support/lsu-school.ts';
import { prepareSchool, type PreparedSchool } from './support/school-setup.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

const UAI = '0381235L';

// An import's synthesis found by pupil and class, its page in the URL (90 periodic bilans: two pages of 50); the pupil page's EPI themes; the home's list of what needs attention.
describe('an import synthesis searched by pupil and class, its page in the URL', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  let scenario: LsuScenario;
  let school: PreparedSchool;
  let synthesisUrl = '';

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser, scenario] = await Promise.all([startTestPreau(), launchChromium(), buildLsuScenario({ uai: UAI })]);
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })).newPage();
    school = await prepareSchool(page, server.url, scenario, { person: makePerson('Hélène Girard'), organization: 'Collège Berlioz', baseName: 'Collège Berlioz', uai: UAI });
    synthesisUrl = `${server.url}/bases/${school.base.id}/imports/${school.importId}`;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const rows = () => page.locator('tr[data-bilan-status]');
  const range = (text: string) => page.getByText(text, { exact: true }).waitFor();

  it('pages by number, kept in the URL across a reload and a step back', async () => {
    await page.goto(synthesisUrl);
    await range('Bilans 1 à 50 sur 90');
    await page.getByRole('button', { name: 'Page 2' }).click();
    await range('Bilans 51 à 90 sur 90');
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.reload();
    await range('Bilans 51 à 90 sur 90');
    expect(await rows().count()).toBe(40);
    await page.goBack();
    await range('Bilans 1 à 50 sur 90');
    expect(new URL(page.url()).searchParams.get('page')).toBeNull();
  });

  it('finds a pupil by name whatever the accents and case, and filters by class', async () => {
    const pupil = scenario.structure.pupils[4]!;
    await page.goto(synthesisUrl);
    await range('Bilans 1 à 50 sur 90');
    // Rémy Cécile, typed in capitals without accents, first name first: found all the same (the server folds both).
    expect([pupil.lastName, pupil.firstName]).toEqual(['Rémy', 'Cécile']);
    const typed = 'CECILE REMY';
    await page.getByRole('searchbox', { name: 'Rechercher un élève' }).fill(typed);
    await page.waitForURL((url) => url.searchParams.get('search') === typed);
    await range('Bilans 1 à 3 sur 3');
    for (const row of await rows().all()) expect(await row.textContent()).toContain('RÉMY Cécile');
    await page.reload();
    expect(await page.getByRole('searchbox', { name: 'Rechercher un élève' }).inputValue()).toBe(typed);
    await range('Bilans 1 à 3 sur 3');

    await page.getByRole('searchbox', { name: 'Rechercher un élève' }).fill('');
    await page.waitForURL((url) => url.searchParams.get('search') === null);
    const classCode = scenario.structure.classes[1]!.code;
    await page.getByRole('combobox', { name: 'Classe' }).selectOption(classCode);
    await page.waitForURL((url) => url.searchParams.get('class') === classCode);
    await range('Bilans 1 à 30 sur 30');
    for (const row of await rows().all()) expect(await row.locator('td').nth(1).textContent()).toBe(classCode);
    await page.getByRole('searchbox', { name: 'Rechercher un élève' }).fill('zzzz');
    await page.getByText('Aucun bilan pour ce filtre.').waitFor();

    await switchLanguage(page, 'en', { signedIn: true });
    await page.getByText('No report for this filter.').waitFor();
    await page.getByRole('searchbox', { name: 'Search for a pupil' }).fill('');
    await range('Reports 1 to 30 of 30');
    await page.getByRole('combobox', { name: 'Class' }).selectOption({ label: 'All classes' });
    await range('Reports 1 to 50 of 90');
    await page.getByRole('button', { name: 'Page 2' }).click();
    await range('Reports 51 to 90 of 90');
    await switchLanguage(page, 'fr', { signedIn: true });
  });
  it('shows an EPI with its national theme by label on the pupil page, never its code', async () => {
    const first = scenario.structure.pupils[0]!;
    const pupils = await callApi<{ items: { id: string; nationalId: string }[] }>(page, 'GET', `${server.url}/api/bases/${school.base.id}/pupils`);
    const pupilId = pupils.items.find((p) => p.nationalId === first.nationalId)!.id;
    await page.goto(`${server.url}/bases/${school.base.id}/pupils/${pupilId}`);
    const theme = page.locator('[data-epi-theme]').first();
    await theme.getByText('Thématique : Transition écologique et développement durable').waitFor();
    expect((await page.getByRole('main').textContent()) ?? '').not.toMatch(/\bEPI_[A-Z]+/);
    await switchLanguage(page, 'en', { signedIn: true });
    await theme.getByText('Theme: Ecological transition and sustainable development').waitFor();
    expect((await page.getByRole('main').textContent()) ?? '').not.toMatch(/\bEPI_[A-Z]+/);
    await switchLanguage(page, 'fr', { signedIn: true });
  });
  it('lists on the home what needs attention: a base with no profile, rejected bilans, pending invitations', async () => {
    await callApi(page, 'POST', `${server.url}/api/organizations/${school.orgId}/invitations`, { emails: ['adjoint@example.test', 'cpe@example.test'], role: 'collaborator' });
    await page.goto(`${server.url}/organizations/${school.orgId}/home`);
    const attention = page.getByRole('region', { name: 'À traiter' });
    await attention.getByRole('link', { name: '2 invitations en attente de réponse' }).waitFor();
    await attention.locator('[data-attention="noProfile"]').getByText('personne n\'a de profil sur cette base', { exact: false }).waitFor();
    await attention.locator('[data-attention="rejectedBilans"]').getByText('le dernier import a des bilans refusés.', { exact: false }).waitFor();
    const row = page.getByRole('table', { name: 'Bases et derniers imports' }).getByRole('row').filter({ hasText: 'Collège Berlioz' });
    await row.getByText('En service').waitFor();
    await row.getByRole('link', { name: /bilans\.xml$/ }).waitFor();
    await switchLanguage(page, 'en', { signedIn: true });
    const english = page.getByRole('region', { name: 'Needs attention' });
    await english.getByRole('link', { name: '2 invitations awaiting an answer' }).waitFor();
    await english.locator('[data-attention="noProfile"]').getByText('no one holds a profile on this base', { exact: false }).waitFor();
    await switchLanguage(page, 'fr', { signedIn: true });
  });
});
