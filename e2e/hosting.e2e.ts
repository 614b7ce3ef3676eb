import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { uaiCheckLetter, type Organization } from '@preau/contracts';
import { insertIssuedInvoice } from '../apps/server/test/support/billing-rows.ts';
import { callApi } from './support/api-calls.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

// A legal owner asks for the hosting credentials on the organisation's page; the password, read from
// the development SMS outbox, and an invoice number open the hosting console in another browser,
// where the base file generated on the base's page is loaded and put in service, its users recovered
// from the profiles file and the base completed with a photos file sent as a resumable upload.
describe('the hosting console', () => {
  let server: TestPreau;
  let browser: Browser;

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser] = await Promise.all([startTestPreau(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in with the hosting number, the password received by SMS and an invoice number, loads a base file, then signs out', async () => {
    // The outbox's operator is the organisation's legal owner here, with a verified phone number.
    const owner = await server.mailbox(browser);
    const organization = await callApi<Organization>(owner, 'POST', `${server.url}/api/organizations`, { name: 'Collège Victor Hugo' });
    const me = await callApi<{ id: string }>(owner, 'GET', `${server.url}/api/me`);
    await server.preau.db.updateTable('user').set({ phone: '+33612345678', phone_verified_at: new Date() }).where('id', '=', me.id).execute();
    const invoiceId = await insertIssuedInvoice(server.preau.db, organization.id);
    const { number } = await server.preau.db.selectFrom('billing_documents').select('number').where('id', '=', invoiceId).executeTakeFirstOrThrow();

    await owner.goto(`${server.url}/organizations/${organization.id}`);
    await owner.getByRole('heading', { name: "Identifiants d'hébergement" }).waitFor();
    await owner.getByRole('button', { name: "Recevoir mes identifiants d'hébergement" }).click();
    await owner.getByRole('status').filter({ hasText: 'Identifiants envoyés par SMS' }).waitFor();
    const outbox = await callApi<{ items: { to: string; text: string }[] }>(owner, 'GET', `${server.url}/api/dev/sms-outbox`);
    const password = /Mot de passe : ([A-Za-z0-9]{14})\./.exec(outbox.items.find((m) => m.to === '+33612345678')?.text ?? '')?.[1];
    expect(password).toBeDefined();

    const school = await (await browser.newContext({ locale: 'fr-FR', bypassCSP: true })).newPage();
    await school.goto(`${server.url}/hebergement`);
    await school.getByRole('heading', { name: "Console d'hébergement" }).waitFor();
    await school.getByLabel(/^Numéro d'hébergement/).fill(organization.hostingNumber);
    await school.getByLabel(/^Mot de passe d'hébergement/).fill(password!);
    await school.getByRole('button', { name: 'Se connecter' }).click();
    await school.getByRole('alert').filter({ hasText: 'Connexion refusée' }).waitFor();
    await school.getByLabel(/^Numéro de facture/).fill(number!);
    await school.getByRole('button', { name: 'Se connecter' }).click();
    await school.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await school.getByText(`Organisation : Collège Victor Hugo (numéro d'hébergement ${organization.hostingNumber})`).waitFor();

    // The legal owner generates the base file on the base's page; the school loads it in the console,
    // beside the base it replaces, and puts it in service.
    const baseId = randomUUID();
    const classId = randomUUID();
    const scope = { organization_id: organization.id, base_id: baseId };
    await server.preau.db.insertInto('school_bases').values({ id: baseId, organization_id: organization.id, uai: `0931234${uaiCheckLetter('0931234')}`, name: 'Collège Victor Hugo', degree: 'college', school_year: '2025-2026', state: 'empty' }).execute();
    await server.preau.db.insertInto('classes').values({ id: classId, ...scope, code: '3A', label: '3e A' }).execute();
    await server.preau.db.insertInto('pupils').values({ id: randomUUID(), ...scope, national_id: '1200001', last_name: 'Martin', first_name: 'Léa', class_id: classId }).execute();
    await owner.goto(`${server.url}/bases/${baseId}`);
    // A photo of the pupil, for the annex files below.
    const source = await server.preau.db.selectFrom('pupils').select('id').where('base_id', '=', baseId).executeTakeFirstOrThrow();
    const csrf = (await owner.context().cookies(server.url)).find((c) => c.name === 'preau-csrf')?.value ?? '';
    const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#a0785a' } }).jpeg().toBuffer();
    const put = await owner.request.fetch(`${server.url}/api/bases/${baseId}/pupils/${source.id}/photo`, { method: 'PUT', data: jpeg, headers: { 'content-type': 'image/jpeg', 'x-csrf-token': decodeURIComponent(csrf) } });
    expect(put.status(), await put.text()).toBe(200);
    await owner.getByLabel(/^Numéro d'hébergement chez l'hébergeur/).fill(organization.hostingNumber);
    const [download] = await Promise.all([owner.waitForEvent('download'), owner.getByRole('link', { name: 'Générer le fichier' }).click()]);
    expect(download.suggestedFilename()).toBe('0931234' + uaiCheckLetter('0931234') + '-2025-2026.preau-base');
    await school.getByRole('heading', { name: 'Charger une base' }).waitFor();
    await school.locator('input[type=file][accept=".preau-base"]').setInputFiles(await download.path());
    await school.getByRole('button', { name: 'Charger', exact: true }).click();
    await school.getByRole('status').filter({ hasText: 'Base chargée' }).waitFor();
    await school.getByRole('heading', { name: 'Bases précédemment activées' }).waitFor();
    await school.getByRole('button', { name: 'Mettre en service' }).click();
    await school.getByRole('button', { name: 'Arrêter' }).waitFor();
    const loaded = await server.preau.db.selectFrom('school_bases').select(['id', 'state']).where('organization_id', '=', organization.id).where('replaced_at', 'is', null).execute();
    expect(loaded).toEqual([{ id: expect.not.stringMatching(baseId) as string, state: 'in_service' }]);
    expect(await server.preau.db.selectFrom('pupils').select('last_name').where('organization_id', '=', organization.id).execute()).toEqual([{ last_name: 'Martin' }, { last_name: 'Martin' }]);

    // The users: the profiles file from the same page (the legal owner directed the base there), previewed, then applied.
    const ownerMember = await server.preau.db.selectFrom('member').select('id').where('organization_id', '=', organization.id).where('role', '=', 'owner').executeTakeFirstOrThrow();
    await server.preau.db.insertInto('base_profiles').values({ ...scope, member_id: ownerMember.id, profile: 'direction' }).execute();
    const [profiles] = await Promise.all([owner.waitForEvent('download'), owner.getByRole('link', { name: 'Télécharger le fichier des profils' }).click()]);
    expect(profiles.suggestedFilename()).toBe('0931234' + uaiCheckLetter('0931234') + '-2025-2026.preau-profils');
    await school.locator('input[type=file][accept=".preau-profils"]').setInputFiles(await profiles.path());
    await school.getByRole('button', { name: 'Prévisualiser' }).click();
    const recovery = school.getByRole('table', { name: 'Utilisateurs du fichier des profils' });
    await recovery.getByRole('row').filter({ hasText: 'Direction' }).getByText('Profil donné').waitFor();
    await school.getByRole('button', { name: 'Appliquer : 1 profils donnés, 0 invitations' }).click();
    await school.getByRole('status').filter({ hasText: 'Fait : 1 profils donnés, 0 invitations envoyées.' }).waitFor();
    const active = loaded[0]!.id;
    expect(await server.preau.db.selectFrom('base_profiles').select('profile').where('base_id', '=', active).where('member_id', '=', ownerMember.id).execute()).toEqual([{ profile: 'direction' }]);

    // The annex files: a photo of the pupil on the source base, its photos file from the same page, completing the loaded base.
    const [photos] = await Promise.all([owner.waitForEvent('download'), owner.getByRole('link', { name: 'Photos (.preau-photos)' }).click()]);
    expect(photos.suggestedFilename()).toBe('0931234' + uaiCheckLetter('0931234') + '-2025-2026.preau-photos');
    await school.getByRole('heading', { name: 'Compléter la base' }).waitFor();
    await school.locator('input[type=file][accept=".preau-photos,.preau-documents,.preau-courriers"]').setInputFiles(await photos.path());
    await school.getByRole('button', { name: 'Compléter la base' }).click();
    await school.getByRole('status').filter({ hasText: '1 ajoutés, 0 déjà présents' }).waitFor();
    await school.getByRole('table', { name: 'Lignes du fichier annexe' }).getByRole('row').filter({ hasText: 'Martin Léa' }).getByText('Ajouté').waitFor();
    const photo = await server.preau.db.selectFrom('pupil_photos').select('width').where('base_id', '=', active).execute();
    expect(photo).toEqual([{ width: 300 }]);

    // The migration checklist: each step done from this console session, what is left, and nothing to stop (no base was running).
    const steps = school.getByRole('table', { name: /^Étapes de la migration : Collège Victor Hugo/ });
    for (const step of ['Charger le fichier de base', 'Récupérer les utilisateurs', 'Compléter avec les photos', 'Mettre en service']) {
      await steps.getByRole('row').filter({ hasText: step }).getByText('Fait', { exact: true }).waitFor();
    }
    await steps.getByRole('row').filter({ hasText: 'Arrêter la base en service' }).getByText('Inutile').waitFor();
    await steps.getByRole('row').filter({ hasText: 'Compléter avec les documents' }).getByText('À faire').waitFor();
    // Scanned at rest: the pointer left on the last button clicked would be judged in its hover colours.
    await school.mouse.move(0, 0);
    expect(await seriousViolations(school)).toEqual([]);

    // The member console does not know this browser: a hosting session is no account's session.
    expect((await school.request.get(`${server.url}/api/me`)).status()).toBe(401);

    await school.getByRole('button', { name: 'Se déconnecter' }).click();
    await school.getByLabel(/^Numéro d'hébergement/).waitFor();
    expect((await school.request.get(`${server.url}/api/hosting/session`)).status()).toBe(401);
  });
});
