import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import pg from 'pg';
import sharp from 'sharp';
import { uaiCheckLetter, type Base, type ImportHistory, type Member } from '@preau/contracts';
import { insertIssuedInvoice } from '../apps/server/test/support/billing-rows.ts';
import { createEmptyPostgresDatabase } from '../apps/server/test/support/test-database.ts';
import { callApi } from './support/api-calls.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { fillSignUp, makePerson, type Person } from './support/console-steps.ts';
import { buildLsuScenario, type LsuScenario } from './support/lsu-school.ts';
import { prepareSchool, type PreparedSchool } from './support/school-setup.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

const UAI = `0691234${uaiCheckLetter('0691234')}`;
/** The PostgreSQL server the hosting provider's Préau runs on: a database of its own is created there and dropped after. */
const ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether a PostgreSQL server answers at ADMIN_URL (the test is skipped, saying so, when none does). */
async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const withPostgres = await postgresAnswers();

/** Sends a multipart form with one file as the person signed in on `page` (the console's own way for documents). */
async function postFile(page: Page, url: string, fields: Record<string, string>, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const csrf = (await page.context().cookies(url)).find((c) => c.name === 'preau-csrf')?.value ?? '';
  const response = await page.request.post(url, { headers: { 'x-csrf-token': decodeURIComponent(csrf) }, multipart: { ...fields, file } });
  if (response.status() !== 201) throw new Error(`POST ${url} answered ${response.status()}: ${await response.text()}`);
}

/** Clicks a download link of the page and waits for its file. */
async function download(page: Page, link: string): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  return file;
}

/** A downloaded file as the browser's file input takes it, under the name it was offered with. */
async function asFile(file: Download): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  return { name: file.suggestedFilename(), mimeType: 'application/octet-stream', buffer: await readFile(await file.path()) };
}

/** The visible text of a page's main region once each of `ready` shows, without what differs by account alone. */
async function mainText(page: Page, url: string, ready: string[]): Promise<string> {
  await page.goto(url);
  for (const text of ready) await page.getByRole('main').getByText(text, { exact: false }).first().waitFor();
  await page.getByRole('main').getByRole('progressbar').waitFor({ state: 'detached' }).catch(() => undefined);
  // The reminder to confirm one's address is the account's, not the base's.
  return (await page.getByRole('main').innerText()).replace(/\s+/g, ' ').replace(/^Confirmez votre adresse e-mail .*? Renvoyer l'e-mail /, '').trim();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An API answer with the ids of one instance replaced by what they name (pupils, classes, imports, the
 * base), the others (bilans, periods) by a mark, so two instances' answers compare.
 */
function withoutIds(value: unknown, ids: Map<string, string>): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? (ids.get(v) ?? (UUID.test(v) ? '(id)' : v)) : v));
}

// Issue 13 end to end across two instances: a school's local Préau on PGlite (structure, an LSU import,
// a photo, a document, letters, a user with a base profile) generates its hosting files on the base's
// page; the hosting provider's Préau on PostgreSQL, whose organisation of that school has the same
// hosting number, is entered in its hosting console with the number, the password read from its SMS
// outbox and an invoice number, loads the base, recovers the users, completes it with the three annex
// files and puts it in service; then the pupil's page, the import history and the synthesis read the same
// on both, in the browser and through the API.
describe.skipIf(!withPostgres)(`a base moved from a local Préau (PGlite) to a hosting provider's (PostgreSQL at ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')})`, () => {
  let local: TestPreau;
  let hosted: TestPreau;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let browser: Browser;
  let scenario: LsuScenario;
  const person: Person = makePerson('Claire Dubois');
  let school: PreparedSchool;
  let owner: Page;

  beforeAll(async () => {
    ensureConsoleBuilt();
    database = await createEmptyPostgresDatabase(ADMIN_URL);
    [local, hosted, browser, scenario] = await Promise.all([
      startTestPreau({ databaseUrl: null }),
      startTestPreau({ databaseUrl: database.url }),
      launchChromium(),
      buildLsuScenario({ uai: UAI, pupils: 6, pupilsPerDivision: 3 }, 1),
    ]);
    owner = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })).newPage();
    school = await prepareSchool(owner, local.url, scenario, { person, organization: 'Collège Jean Moulin', baseName: 'Collège Jean Moulin', uai: UAI });
  });
  afterAll(async () => {
    await browser?.close();
    await local?.stop();
    await hosted?.stop();
    await database?.drop();
  });

  it.skipIf(!withPostgres)('generates the hosting files on the local Préau, loads and completes them in the hosting console of the other, and both read the same', async () => {
    // The local base: a photo and a document of a pupil, letters to a class, the owner directing the base.
    const { base, pupilId } = school;
    const api = `${local.url}/api/bases/${base.id}`;
    const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#7a9a5a' } }).jpeg().toBuffer();
    const csrf = (await owner.context().cookies(local.url)).find((c) => c.name === 'preau-csrf')?.value ?? '';
    const photo = await owner.request.fetch(`${api}/pupils/${pupilId}/photo`, { method: 'PUT', data: jpeg, headers: { 'content-type': 'image/jpeg', 'x-csrf-token': decodeURIComponent(csrf) } });
    expect(photo.status(), await photo.text()).toBe(200);
    await postFile(owner, `${api}/pupils/${pupilId}/documents`, { title: 'Projet d’accueil', category: 'plan' }, { name: 'pai.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 projet d’accueil individualisé') });
    const classes = await callApi<{ items: { id: string; code: string }[] }>(owner, 'GET', `${api}/classes`);
    await callApi(owner, 'POST', `${api}/letters`, { template: 'convocation', classId: classes.items[0]!.id, convocation: { date: '2026-12-15', time: '17:30', place: 'Salle 12', reason: 'Conseil de classe' } });
    const members = await callApi<{ items: Member[] }>(owner, 'GET', `${local.url}/api/organizations/${school.orgId}/members`);
    await callApi(owner, 'PUT', `${api}/profiles/${members.items[0]!.id}`, { profile: 'direction' });

    // The provider's Préau: the school's organisation, with the same hosting number, its owner the same person.
    const hostingNumber = (await local.preau.db.selectFrom('organization').select('hosting_number').where('id', '=', school.orgId).executeTakeFirstOrThrow()).hosting_number;
    const operator = await hosted.mailbox(browser);
    const hostedOwner = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })).newPage();
    await hostedOwner.goto(`${hosted.url}/sign-up`);
    await fillSignUp(hostedOwner, person, 'Collège Jean Moulin');
    await hostedOwner.getByRole('heading', { name: /^Accueil/ }).waitFor();
    const hostedOrgId = /organizations\/([^/]+)/.exec(hostedOwner.url())?.[1] ?? '';
    await hosted.preau.db.updateTable('organization').set({ hosting_number: hostingNumber }).where('id', '=', hostedOrgId).execute();
    const me = await callApi<{ id: string }>(hostedOwner, 'GET', `${hosted.url}/api/me`);
    await hosted.preau.db.updateTable('user').set({ phone: '+33698765432', phone_verified_at: new Date() }).where('id', '=', me.id).execute();
    // The school's empty base of the year, put in service there at the start of the year (the file replaces it).
    const emptyBase = await callApi<Base>(hostedOwner, 'POST', `${hosted.url}/api/organizations/${hostedOrgId}/bases`, { uai: UAI, name: 'Collège Jean Moulin', degree: 'college', schoolYear: '2025-2026' });
    await callApi(hostedOwner, 'POST', `${hosted.url}/api/bases/${emptyBase.id}/put-in-service`);
    const invoiceId = await insertIssuedInvoice(hosted.preau.db, hostedOrgId);
    const invoice = (await hosted.preau.db.selectFrom('billing_documents').select('number').where('id', '=', invoiceId).executeTakeFirstOrThrow()).number!;

    // The hosting credentials by SMS, read from the provider's SMS outbox.
    await hostedOwner.goto(`${hosted.url}/organizations/${hostedOrgId}`);
    await hostedOwner.getByRole('button', { name: "Recevoir mes identifiants d'hébergement" }).click();
    await hostedOwner.getByRole('status').filter({ hasText: 'Identifiants envoyés par SMS' }).waitFor();
    const outbox = await callApi<{ items: { to: string; text: string }[] }>(operator, 'GET', `${hosted.url}/api/dev/sms-outbox`);
    const password = /Mot de passe : ([A-Za-z0-9]{14})\./.exec(outbox.items.find((m) => m.to === '+33698765432')?.text ?? '')?.[1];
    expect(password).toBeDefined();

    // The local base's files, generated on its page for that hosting number.
    await owner.goto(`${local.url}/bases/${base.id}`);
    await owner.getByLabel(/^Numéro d'hébergement chez l'hébergeur/).fill(hostingNumber);
    const baseFile = await download(owner, 'Générer le fichier');
    expect(baseFile.suggestedFilename()).toBe(`${UAI}-2025-2026.preau-base`);
    const profilesFile = await download(owner, 'Télécharger le fichier des profils');
    const annexFiles = [
      await download(owner, 'Photos (.preau-photos)'),
      await download(owner, 'Documents joints (.preau-documents)'),
      await download(owner, 'Courriers (.preau-courriers)'),
    ];
    expect(annexFiles.map((f) => f.suggestedFilename())).toEqual(['photos', 'documents', 'courriers'].map((k) => `${UAI}-2025-2026.preau-${k}`));

    // The hosting console of the provider's Préau, entered the first time with an invoice number.
    // The accessibility scan injects its script: the console's CSP would refuse it.
    const console_ = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    await console_.goto(`${hosted.url}/hebergement`);
    await console_.getByLabel(/^Numéro d'hébergement/).fill(hostingNumber);
    await console_.getByLabel(/^Mot de passe d'hébergement/).fill(password!);
    await console_.getByLabel(/^Numéro de facture/).fill(invoice);
    await console_.getByRole('button', { name: 'Se connecter' }).click();
    await console_.getByText(`Organisation : Collège Jean Moulin (numéro d'hébergement ${hostingNumber})`).waitFor();

    // The running base is refused; the console offers to stop it, then loads the file.
    await console_.locator('input[type=file][accept=".preau-base"]').setInputFiles(await asFile(baseFile));
    await console_.getByRole('button', { name: 'Charger', exact: true }).click();
    await console_.getByRole('button', { name: 'Arrêter « Collège Jean Moulin » puis charger' }).click();
    await console_.getByRole('status').filter({ hasText: 'Base chargée' }).waitFor();
    await console_.locator('input[type=file][accept=".preau-profils"]').setInputFiles(await asFile(profilesFile));
    await console_.getByRole('button', { name: 'Prévisualiser' }).click();
    await console_.getByRole('table', { name: 'Utilisateurs du fichier des profils' }).getByRole('row').filter({ hasText: person.email }).getByText('Profil donné').waitFor();
    await console_.getByRole('button', { name: 'Appliquer : 1 profils donnés, 0 invitations' }).click();
    await console_.getByRole('status').filter({ hasText: 'Fait : 1 profils donnés, 0 invitations envoyées.' }).waitFor();
    const annexInput = console_.locator('input[type=file][accept=".preau-photos,.preau-documents,.preau-courriers"]');
    const lettersSent = (await local.preau.db.selectFrom('base_letters').select('id').where('base_id', '=', base.id).execute()).length;
    for (const [file, summary] of [[annexFiles[0]!, 'Photos'], [annexFiles[1]!, 'Documents joints'], [annexFiles[2]!, 'Courriers']] as const) {
      await annexInput.setInputFiles(await asFile(file));
      await console_.getByRole('button', { name: 'Compléter la base' }).click();
      const attached = summary === 'Courriers' ? lettersSent : 1;
      await console_.getByRole('status').filter({ hasText: `${summary} – base` }).filter({ hasText: `${attached} ajoutés, 0 déjà présents, 0 sans élève ni classe correspondants, 0 refusés` }).waitFor();
    }
    await console_.getByRole('button', { name: 'Mettre en service' }).click();
    await console_.getByRole('button', { name: 'Arrêter' }).waitFor();
    const steps = console_.getByRole('table', { name: /^Étapes de la migration : Collège Jean Moulin/ });
    for (const step of ['Arrêter la base en service', 'Charger le fichier de base', 'Récupérer les utilisateurs', 'Compléter avec les photos', 'Compléter avec les documents', 'Compléter avec les courriers', 'Mettre en service']) {
      await steps.getByRole('row').filter({ hasText: step }).getByText('Fait', { exact: true }).waitFor();
    }
    // Each annex file's report by row is kept: shown again after a reload, from the checklist.
    await console_.reload();
    const photosRow = steps.getByRole('row').filter({ hasText: 'Compléter avec les photos' });
    await photosRow.getByText('Compte rendu ligne par ligne').click();
    const photographed = (await callApi<{ items: { id: string; lastName: string; firstName: string }[] }>(owner, 'GET', `${api}/pupils`)).items.find((p) => p.id === pupilId)!;
    await photosRow.getByRole('table', { name: /^Lignes du fichier annexe : Compléter avec les photos, le / }).getByRole('row')
      .filter({ hasText: `${photographed.lastName} ${photographed.firstName}` }).getByText('Ajouté').waitFor();
    await console_.mouse.move(0, 0);
    expect(await seriousViolations(console_)).toEqual([]);

    // The base in service on the provider's Préau: same school, same hosting number, the owner directing it.
    const hostedBases = await callApi<{ items: Base[] }>(hostedOwner, 'GET', `${hosted.url}/api/organizations/${hostedOrgId}/bases`);
    const moved = hostedBases.items.find((b) => b.uai === UAI && b.id !== emptyBase.id)!;
    expect(moved).toMatchObject({ uai: UAI, schoolYear: '2025-2026', state: 'in_service', name: 'Collège Jean Moulin' });

    // Ids differ between the instances (rewritten at the load): each side's ids are named by what they are.
    const idsOf = async (page: Page, origin: string, baseId: string) => {
      const namer = new Map<string, string>([[baseId, 'base']]);
      const pupils = await callApi<{ items: { id: string; nationalId: string; classId?: string | null }[] }>(page, 'GET', `${origin}/api/bases/${baseId}/pupils`);
      for (const p of pupils.items) namer.set(p.id, `pupil:${p.nationalId}`);
      const cls = await callApi<{ items: { id: string; code: string }[] }>(page, 'GET', `${origin}/api/bases/${baseId}/classes`);
      for (const c of cls.items) namer.set(c.id, `class:${c.code}`);
      const history = await callApi<ImportHistory>(page, 'GET', `${origin}/api/bases/${baseId}/lsu-imports`);
      history.items.forEach((item, k) => namer.set(item.id, `import:${k}`));
      return { namer, pupils: pupils.items, history };
    };
    const [here, there] = await Promise.all([idsOf(owner, local.url, base.id), idsOf(hostedOwner, hosted.url, moved.id)]);
    expect(there.pupils.map((p) => p.nationalId).sort()).toEqual(here.pupils.map((p) => p.nationalId).sort());
    expect(there.history.items).toHaveLength(1);
    const pupilThere = there.pupils.find((p) => p.nationalId === here.pupils.find((q) => q.id === pupilId)!.nationalId)!.id;
    const importHere = here.history.items[0]!.id;
    const importThere = there.history.items[0]!.id;

    // The API answers, ids aside: the pupil's bilans, the import history, the synthesis and its bilans.
    const answers = [
      [`${local.url}/api/bases/${base.id}/pupils/${pupilId}/bilans`, `${hosted.url}/api/bases/${moved.id}/pupils/${pupilThere}/bilans`],
      [`${local.url}/api/lsu-imports/${importHere}`, `${hosted.url}/api/lsu-imports/${importThere}`],
      [`${local.url}/api/lsu-imports/${importHere}/bilans?page=1`, `${hosted.url}/api/lsu-imports/${importThere}/bilans?page=1`],
    ] as const;
    for (const [here_, there_] of answers) {
      const a = await callApi<unknown>(owner, 'GET', here_);
      const b = await callApi<unknown>(hostedOwner, 'GET', there_);
      expect(withoutIds(b, there.namer), here_).toEqual(withoutIds(a, here.namer));
    }
    expect(withoutIds(there.history, there.namer)).toEqual(withoutIds(here.history, here.namer));

    // The pages, as the same person reads them on either instance.
    const pages: [string, string, string[]][] = [
      [`/bases/${base.id}/pupils/${pupilId}`, `/bases/${moved.id}/pupils/${pupilThere}`, ['Bilan de fin de cycle', '300 × 400 pixels', 'pai.pdf', 'Convocation']],
      [`/bases/${base.id}/imports`, `/bases/${moved.id}/imports`, ['bilans.xml']],
      [`/bases/${base.id}/imports/${importHere}`, `/bases/${moved.id}/imports/${importThere}`, ['Bilans 1 à']],
    ];
    for (const [pathHere, pathThere, ready] of pages) {
      const a = await mainText(owner, `${local.url}${pathHere}`, ready);
      const b = await mainText(hostedOwner, `${hosted.url}${pathThere}`, ready);
      // A letter's author is an account of the local Préau, which the base file does not carry.
      expect(b, pathHere).toBe(a.replace(`${person.name} Aperçu`, '— Aperçu'));
    }
  });
});
