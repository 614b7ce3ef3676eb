import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { isMessageCode, renderMessage, type Base, type ImportedBilanPage, type ImportHistory, type ImportSynthesis, type Locale, type MessageParams } from '@preau/contracts';
import { renderMessage as renderLsuMessage } from '@preau/lsu/messages';
import { checkLsu, type LsuLabels, type LsuPeriodicBilan } from '@preau/lsu';
import { callApi } from './support/api-calls.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignUp, makePerson, switchLanguage } from './support/console-steps.ts';
import { buildLsuScenario, type LsuScenario } from './support/lsu-school.ts';
import { loadStructureFromCsv } from './support/base-setup.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

const UAI = '0382032C';
const FILE_NAME = 'bilans-college-jean-moulin.xml';
const SHOTS = '/tmp/preau-e2e-imports';

// One story, in order: a director's base with its structure, an LSU import, its synthesis, a pupil.
describe('LSU imports in the console', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  let base: Base;
  let scenario: LsuScenario;
  let orgBasesUrl = '';
  const claire = makePerson('Claire Lemoine');

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser, scenario] = await Promise.all([startTestPreau(), launchChromium(), buildLsuScenario({ uai: UAI })]);
    // The base names its disciplines otherwise than the file: the pupil page must show the file's words.
    scenario.structure.disciplines = scenario.structure.disciplines.map((d) => ({ ...d, label: `Discipline ${d.code}` }));
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1360, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('prepares a collège base whose structure comes from CSV files', async () => {
    await page.goto(`${server.url}/sign-up`);
    await fillSignUp(page, claire, 'Collèges du Grésivaudan');
    await page.getByRole('heading', { name: /^Accueil/ }).waitFor();
    const orgId = /organizations\/([^/]+)/.exec(page.url())?.[1] ?? '';

    base = await callApi<Base>(page, 'POST', `${server.url}/api/organizations/${orgId}/bases`, {
      uai: UAI, name: 'Collège Jean Moulin', degree: 'college', schoolYear: '2025-2026',
    });
    await loadStructureFromCsv(page, server.url, base.id, scenario.structure);
    base = await callApi<Base>(page, 'POST', `${server.url}/api/bases/${base.id}/put-in-service`);
    expect(base.state).toBe('in_service');
    orgBasesUrl = `${server.url}/organizations/${orgId}/bases`;
  });

  it('imports an LSU file and shows the history row with its pills', async () => {
    await page.goto(orgBasesUrl);
    await page.getByRole('link', { name: base.name }).click();
    await page.getByRole('main').getByRole('link', { name: 'Imports LSU' }).click();
    await page.getByRole('heading', { name: 'Imports LSU', exact: true }).waitFor();
    await page.getByText(`${base.name} · ${UAI} · 2025-2026`).waitFor();
    await page.getByText('Aucun import pour l\'année scolaire 2025-2026.').waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: FILE_NAME, mimeType: 'text/xml', buffer: scenario.file });
    await page.getByText(FILE_NAME).waitFor();
    await page.getByRole('button', { name: 'Importer', exact: true }).click();

    const row = page.locator('tr[data-import-id]').filter({ hasText: FILE_NAME });
    await page.locator('tr[data-import-id]:not([data-state="queued"]):not([data-state="running"])').waitFor({ timeout: 90_000 });
    const history = await callApi<ImportHistory>(page, 'GET', `${server.url}/api/bases/${base.id}/lsu-imports`);
    const [item] = history.items;
    expect(item?.state, `import ended ${item?.state}`).toBe('done');
    expect(item?.periodic.success).toBeGreaterThan(0);
    expect(item?.periodic.alert).toBeGreaterThan(0);
    expect(item?.periodic.rejected).toBeGreaterThan(0);

    const text = await row.textContent();
    expect(text).toContain('Manuel (PRÉAU)');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    for (const [kind, label] of [['periodic', 'Bilans périodiques'], ['cycle', 'Bilans de fin de cycle']] as const) {
      const pills = row.getByRole('group', { name: label });
      for (const status of ['success', 'alert', 'rejected'] as const) {
        expect(await pills.locator(`[data-status="${status}"]`).getAttribute('data-count')).toBe(String(item?.[kind][status]));
      }
    }
    await row.getByRole('group', { name: 'Bilans périodiques' }).getByText(`${item?.periodic.rejected} bilans rejetés`).waitFor({ state: 'attached' });
    await page.screenshot({ path: `${SHOTS}-history.png`, fullPage: true });
  });

  it('opens the synthesis and filters the bilans in alert', async () => {
    // Keyboard only: the row's link opens the synthesis, arrows move the status filter.
    await page.locator('tr[data-import-id]').first().getByRole('link').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Synthèse de l'import : ${FILE_NAME}` }).waitFor();
    await page.getByRole('tab', { name: /^Bilans périodiques/, selected: true }).waitFor();
    const alertFilter = page.getByRole('radiogroup', { name: 'Filtrer par statut' }).getByText(/^Alertes \(\d+\)$/);
    const alerts = Number(/\((\d+)\)/.exec((await alertFilter.textContent()) ?? '')?.[1]);
    await page.getByRole('radio', { name: /^Tous/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/status=alert/);
    const rows = page.locator('tr[data-bilan-status]');
    await page.getByText(`Bilans 1 à ${Math.min(alerts, 50)} sur ${alerts}`).waitFor();
    expect(await rows.count()).toBe(Math.min(alerts, 50));
    expect(await page.locator('tr[data-bilan-status]:not([data-bilan-status="alert"])').count()).toBe(0);
    expect(await rows.first().textContent()).toContain('Importé avec alerte');
    await page.screenshot({ path: `${SHOTS}-synthesis-alerts.png` });

    await page.getByRole('tab', { name: /^Bilans de fin de cycle/ }).click();
    await page.getByText('Détail de la synthèse d\'import de bilans de fin de cycle').waitFor();
  });

  it('opens a pupil and reads their bilans with the import they came from', async () => {
    await page.getByRole('tab', { name: /^Bilans périodiques/ }).click();
    const pupilLink = page.locator('tr[data-bilan-status] a').first();
    const name = (await pupilLink.textContent()) ?? '';
    await pupilLink.click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('article', { name: 'Bilan périodique : période 1/3' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Appréciation générale' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Vie scolaire' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: new RegExp(FILE_NAME) }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}-pupil.png` });
  });

  it("names the pupil's disciplines, teachers and programme elements as the file declared them", async () => {
    const requested: string[] = [];
    const listen = (request: Request) => void requested.push(new URL(request.url()).pathname);
    page.on('request', listen);
    await page.reload();
    const nationalId = /: (\S+)$/.exec((await page.getByText(/^Identifiant national : /).textContent()) ?? '')?.[1];
    const { bilan, labels } = await fileBilan(scenario.file, nationalId ?? '', 1);
    const acquis = bilan.content.children.find((c) => c.name === 'liste-acquis')!.children;
    const first = acquis[0]!.attributes;
    const discipline = labels.disciplines[first['discipline-ref']!]!.label;
    const teacher = labels.teachers[first['enseignant-refs']!.split(' ')[0]!]!;
    const teacherName = `${teacher.civility === 'MME' ? 'Mme' : 'M.'} ${teacher.lastName.toLocaleUpperCase('fr')} ${teacher.firstName ?? ''}`.trim();
    const article = page.getByRole('article', { name: 'Bilan périodique : période 1/3' });
    await article.getByRole('cell', { name: new RegExp(`^${discipline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first().waitFor();
    await article.getByText(teacherName).first().waitFor();
    expect(await article.getByText(`Discipline ${labels.disciplines[first['discipline-ref']!]!.code}`).count()).toBe(0);
    const programme = acquis.map((a) => a.attributes['element-programme-refs']?.split(' ')[0]).find(Boolean);
    if (programme) await article.getByRole('list', { name: 'Éléments du programme travaillés' }).getByText(labels.programmeElements[programme]!, { exact: true }).first().waitFor();
    // Every label came with the bilans: the base's disciplines and teachers were not needed.
    page.off('request', listen);
    expect(requested.filter((p) => /\/(disciplines|teachers)$/.test(p))).toEqual([]);
    await page.screenshot({ path: `${SHOTS}-pupil-labels.png`, fullPage: true });
  });

  it('shows a refused file as an import in error, with its messages located in the file', async () => {
    await page.goto(`${server.url}/bases/${base.id}/imports`);
    const truncated = scenario.file.subarray(0, 20_000);
    await page.locator('input[type=file]').setInputFiles({ name: 'fichier-tronque.xml', mimeType: 'text/xml', buffer: truncated });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    const row = page.locator('tr[data-import-id][data-state="error"]').filter({ hasText: 'fichier-tronque.xml' });
    await row.getByText('Import en erreur').waitFor({ timeout: 60_000 });
    await row.getByRole('link').click();
    await page.getByRole('alert').filter({ hasText: 'Import en erreur' }).waitFor();
    const issue = page.locator('tr[data-code]').first();
    const [line, column] = await issue.locator('td').allTextContents();
    expect(Number(line)).toBeGreaterThan(1);
    expect(Number(column)).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}-error.png` });
  });

  it('reads import messages and a server refusal in English once switched, then in French again, without asking again', async () => {
    // On the refused file's synthesis: its first file-level message, as the engine coded it.
    const importId = /\/imports\/([^/?#]+)/.exec(page.url())?.[1] ?? '';
    const [issue] = (await callApi<ImportSynthesis>(page, 'GET', `${server.url}/api/lsu-imports/${importId}`)).errors;
    if (!issue) throw new Error('the refused file has no file-level message');
    const issueCell = page.locator('tr[data-code]').first().locator('td').nth(2);
    await issueCell.getByText(textOf(issue, 'fr')).waitFor();
    const asked: string[] = [];
    const listen = (request: Request) => void (request.url().includes('/lsu-imports') && asked.push(request.url()));
    page.on('request', listen);
    await switchLanguage(page, 'en', { signedIn: true });
    await page.getByRole('heading', { name: 'Import synthesis: fichier-tronque.xml' }).waitFor();
    await issueCell.getByText(textOf(issue, 'en')).waitFor();
    page.off('request', listen);
    expect(asked).toEqual([]);

    // A bilan rule's message of the accepted file, in English.
    const done = (await callApi<ImportHistory>(page, 'GET', `${server.url}/api/bases/${base.id}/lsu-imports`)).items.find((i) => i.fileName === FILE_NAME)!;
    const alerts = await callApi<ImportedBilanPage>(page, 'GET', `${server.url}/api/lsu-imports/${done.id}/bilans?kind=periodic&status=alert&limit=50`);
    const bilan = alerts.items.find((b) => b.messages.length > 0)!;
    await page.goto(`${server.url}/bases/${base.id}/imports/${done.id}?status=alert`);
    await page.getByRole('heading', { name: `Import synthesis: ${FILE_NAME}` }).waitFor();
    await page.locator('tr[data-bilan-status]').filter({ hasText: bilan.pupil.nationalId }).getByText(textOf(bilan.messages[0]!, 'en')).waitFor();

    // A file-level refusal of a structure CSV, its byte offset written the English way, then the French way.
    const utf8 = Buffer.from(`indice;nombre;début;fin\n${'1;3;01/09/2025;30/11/2025\n'.repeat(60)}`);
    await page.goto(`${server.url}/bases/${base.id}/structure`);
    await page.getByRole('heading', { name: 'Base structure' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'periodes.csv', mimeType: 'text/csv', buffer: Buffer.concat([utf8, Buffer.from([0xe9, 0x0a])]) });
    await page.getByRole('button', { name: 'Preview' }).click();
    const refusal = { code: 'structure_import.encoding', params: { byte: utf8.length } };
    const alert = page.getByRole('alert');
    await alert.getByText(textOf(refusal, 'en')).waitFor();
    expect(textOf(refusal, 'en')).toContain(`near byte ${utf8.length.toLocaleString('en-GB')}`);
    await switchLanguage(page, 'fr', { signedIn: true });
    await alert.getByText(textOf(refusal, 'fr')).waitFor();
    expect(textOf(refusal, 'fr')).toContain(`près de l'octet ${utf8.length.toLocaleString('fr-FR')}`);
    await page.screenshot({ path: `${SHOTS}-languages.png` });
  });

  it('creates an API token shown once, receives an automatic import with it, then revokes it', async () => {
    await page.goto(`${server.url}/bases/${base.id}/api-tokens`);
    await page.getByRole('heading', { name: 'Jetons d\'API' }).waitFor();
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    await page.getByText('Ce champ est obligatoire.').waitFor(); // the error sits under the name field
    await page.getByLabel(/^Nom du jeton/).fill('Logiciel de notes');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    const token = (await page.getByTestId('new-api-token').textContent()) ?? '';
    await page.getByText('il ne sera plus jamais affiché').waitFor();
    await page.getByRole('button', { name: 'Copier le jeton' }).waitFor();
    await page.getByRole('button', { name: 'J\'ai copié le jeton' }).click();
    expect(await page.getByTestId('new-api-token').count()).toBe(0);
    const tokenRow = page.locator('tr[data-token-name="Logiciel de notes"]');
    expect(await tokenRow.textContent()).toContain('Jamais utilisé');

    const send = () => fetch(`${server.url}/api/bases/${base.id}/lsu-imports?fileName=envoi-automatique.xml`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' }, body: new Uint8Array(scenario.file),
    });
    expect((await send()).status).toBe(202);
    await page.goto(`${server.url}/bases/${base.id}/imports`);
    const row = page.locator('tr[data-import-id]').filter({ hasText: 'envoi-automatique.xml' });
    await row.and(page.locator('[data-state="done"]')).waitFor({ timeout: 90_000 });
    expect(await row.textContent()).toContain('Automatique (PRÉAU)');

    await page.goto(`${server.url}/bases/${base.id}/api-tokens`);
    expect(await tokenRow.textContent()).not.toContain('Jamais utilisé');
    await tokenRow.getByRole('button', { name: 'Révoquer le jeton Logiciel de notes' }).click();
    await page.getByRole('dialog', { name: 'Révoquer le jeton' }).getByRole('button', { name: 'Révoquer le jeton' }).click();
    await page.getByText('Aucun jeton pour cette base.').waitFor();
    expect((await send()).status).toBe(401);
  });
});

/** The file's periodic bilan of a pupil for a period, read by the engine, with the file's labels. */
async function fileBilan(file: Buffer, nationalId: string, period: number): Promise<{ bilan: LsuPeriodicBilan; labels: LsuLabels }> {
  let found: LsuPeriodicBilan | undefined;
  const report = await checkLsu((async function* () { yield file; })(), {
    onBilan(bilan) {
      if (bilan.kind === 'periodic' && bilan.pupil.nationalId === nationalId && bilan.period.index === period) found = bilan;
    },
  });
  if (!found || !report.labels) throw new Error(`no bilan of ${nationalId} for period ${period} in the file`);
  return { bilan: found, labels: report.labels };
}

/** A message's text as the console renders it: the catalogue's, else the LSU engine's. */
function textOf(message: { code: string; params: MessageParams }, locale: Locale): string {
  return isMessageCode(message.code) ? renderMessage(message, locale) : renderLsuMessage(message.code, message.params, locale);
}
