import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { nextSchemaFrom } from '@preau/lsu/test-support';
import { seriousViolations } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt, REPO_ROOT } from './support/console-build.ts';
import { fillSignIn, makePerson, switchLanguage } from './support/console-steps.ts';
import { createOperatorsRepository } from '../apps/server/src/modules/operators/operators.repository.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

/** The official 10.0 schema, beside the repository (never copied into it). */
const official10 = path.join(REPO_ROOT, '..', 'shared', 'lsu', 'college', 'lsu-college-10.0.xsd');

// An operator adds a next collège version from the console: the list, the upload, the review of
// what changed against 10.0, the confirmation; in French, then in English; no serious axe violation.
describe.skipIf(!existsSync(official10))('LSU versions page of the operators', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  let work: string;
  let schemaFile: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestPreau(), launchChromium()]);
    // An operator of the instance, signed in a context where axe may run (bypassCSP).
    const operator = makePerson('Opérateur Versions');
    const headers = { 'content-type': 'application/json', origin: server.url };
    const signUp = await fetch(`${server.url}/api/auth/sign-up/email`, { method: 'POST', headers, body: JSON.stringify(operator) });
    if (!signUp.ok) throw new Error(`operator sign-up: ${signUp.status}`);
    const user = await server.preau.db.selectFrom('user').select('id').where('email', '=', operator.email).executeTakeFirstOrThrow();
    await createOperatorsRepository(server.preau.db).grant(user.id);
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    await page.goto(`${server.url}/sign-in`);
    await fillSignIn(page, operator);
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
    work = mkdtempSync(path.join(tmpdir(), 'preau-e2e-xsd-'));
    schemaFile = path.join(work, 'lsu-college-13.0.xsd');
    writeFileSync(schemaFile, nextSchemaFrom(readFileSync(official10, 'utf8')));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('lists the versions, reviews a schema and adds it, in French', async () => {
    await page.getByRole('link', { name: 'Versions LSU' }).click();
    await page.getByRole('heading', { level: 1, name: 'Versions LSU' }).waitFor();
    const table = page.getByRole('table', { name: 'Versions connues' });
    await table.getByRole('row').filter({ hasText: 'college-10.0' }).getByText('Intégrée').waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'college-13.0' }).count()).toBe(0);

    await page.locator('input[type=file]').setInputFiles(schemaFile);
    await page.getByRole('button', { name: 'Examiner le schéma' }).click();
    await page.getByRole('heading', { name: 'college-13.0 comparée à college-10.0' }).waitFor();
    const changes = page.getByRole('list', { name: 'Changements' });
    await changes.getByRole('listitem').filter({ hasText: 'moyennes-annuelles [0..1]' }).getByText('ajouté').waitFor();
    await changes.getByRole('listitem').filter({ hasText: 'devoirs-faits' }).getByText('retiré').waitFor();
    expect(await changes.getByRole('listitem').count()).toBe(5);
    // Scanned as the page rests, not with the pointer still hovering the button just pressed.
    await page.mouse.move(0, 0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Ajouter la version college-13.0' }).click();
    await page.getByRole('status').filter({ hasText: 'Version college-13.0 ajoutée' }).waitFor();
    const added = table.getByRole('row').filter({ hasText: 'college-13.0' });
    await added.getByText(/^Ajoutée le /).waitFor();
    await added.getByText('5 changements par rapport à college-10.0').waitFor();
  });

  it('shows the same page in English, where a schema already added changes nothing', async () => {
    await switchLanguage(page, 'en', { signedIn: true });
    await page.getByRole('heading', { level: 1, name: 'LSU versions' }).waitFor();
    const added = page.getByRole('table', { name: 'Known versions' }).getByRole('row').filter({ hasText: 'college-13.0' });
    await added.getByText('5 changes against college-10.0').waitFor();
    await page.locator('input[type=file]').setInputFiles(schemaFile);
    await page.getByRole('button', { name: 'Review the schema' }).click();
    await page.getByRole('heading', { name: 'college-13.0 compared with college-10.0' }).waitFor();
    await page.getByRole('list', { name: 'Changes' }).getByRole('listitem').filter({ hasText: 'devoirs-faits' }).getByText('removed').waitFor();
    await page.getByRole('status').filter({ hasText: 'Version college-13.0 is already added: nothing would change.' }).waitFor();
    expect(await page.getByRole('button', { name: /^Add version/ }).count()).toBe(0);
    await page.mouse.move(0, 0);
    expect(await seriousViolations(page)).toEqual([]);
    await switchLanguage(page, 'fr', { signedIn: true });
  });
});
