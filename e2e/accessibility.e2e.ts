import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callApi } from './support/api-calls.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import { ensureConsoleBuilt } from './support/console-build.ts';
import { makePerson } from './support/console-steps.ts';
import { buildLsuScenario, type LsuScenario } from './support/lsu-school.ts';
import { prepareSchool, type PreparedSchool } from './support/school-setup.ts';
import { startTestPreau, type TestPreau } from './support/preau.ts';

const UAI = '0381234K';

// axe-core on every page of the console, signed out then signed in: no serious or critical violation.
describe('accessibility of every console page', () => {
  let server: TestPreau;
  let browser: Browser;
  let page: Page;
  let scenario: LsuScenario;
  let school: PreparedSchool;

  beforeAll(async () => {
    ensureConsoleBuilt();
    [server, browser, scenario] = await Promise.all([startTestPreau(), launchChromium(), buildLsuScenario({ uai: UAI })]);
    page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 }, bypassCSP: true })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens `path`, waits for its first heading, and returns what axe found there. */
  const scan = async (on: Page, path: string) => {
    await on.goto(`${server.url}${path}`);
    await on.getByRole('heading', { level: 1 }).first().waitFor();
    await on.waitForLoadState('networkidle');
    return { path, violations: await seriousViolations(on) };
  };

  it('finds none on the pages reached without a session', async () => {
    const visitor = await (await browser.newContext({ locale: 'fr-FR', bypassCSP: true })).newPage();
    const found = [];
    for (const path of ['/sign-in', '/sign-up', '/forgot-password', '/reset-password', '/verify-email']) found.push(await scan(visitor, path));
    expect(found.filter((f) => f.violations.length > 0)).toEqual([]);
  });

  it('finds none on the signed-in pages, from the home to a pupil', async () => {
    school = await prepareSchool(page, server.url, scenario, { person: makePerson('Inès Moreau'), organization: 'Collège Stendhal', baseName: 'Collège Stendhal', uai: UAI });
    const { orgId, base, importId, pupilId } = school;
    const team = await callApi<{ id: string }>(page, 'POST', `${server.url}/api/organizations/${orgId}/teams`, {
      name: 'Professeurs principaux', colour: '#1c7ed6', products: [{ kind: 'base', baseId: base.id, profile: 'teacher' }, { kind: 'billing', right: 'read' }],
    });
    const [me] = (await callApi<{ items: { id: string }[] }>(page, 'GET', `${server.url}/api/organizations/${orgId}/members`)).items;
    const paths = [
      `/organizations/${orgId}/teams`, `/organizations/${orgId}/teams/${team.id}`, `/organizations/${orgId}/members/${me!.id}/access`, '/operator/support',
      `/organizations/${orgId}/home`, `/organizations/${orgId}`, `/organizations/${orgId}/members`, `/organizations/${orgId}/bases`,
      `/bases/${base.id}`, ...['periods', 'classes', 'pupils', 'teachers', 'disciplines'].map((tab) => `/bases/${base.id}/structure?tab=${tab}`),
      `/bases/${base.id}/imports`, `/bases/${base.id}/imports/${importId}`, `/bases/${base.id}/imports/${importId}?kind=cycle`,
      `/bases/${base.id}/imports/${importId}?page=2`, `/bases/${base.id}/imports/${importId}?search=zzz&class=${scenario.structure.classes[0]!.code}`,
      `/bases/${base.id}/pupils/${pupilId}`, `/bases/${base.id}/api-tokens`,
      `/organizations/${orgId}/audit`, `/organizations/${orgId}/audit?objectId=${pupilId}`, `/bases/${base.id}/audit?objectId=${pupilId}`, '/profile', '/invitations', '/organizations/new',
      `/organizations/${orgId}/billing`, `/organizations/${orgId}/billing?tab=products`, `/organizations/${orgId}/billing?tab=addresses`,
      // The first account of an instance reached on localhost is its operator: it reaches the operators' pages.
      '/operator/lsu-versions', '/operator/billing', '/operator/billing?tab=catalogue', '/operator/billing?tab=provider',
      `/operator/billing/customers/${orgId}`,
    ];
    const found = [];
    for (const path of paths) found.push(await scan(page, path));
    expect(found.filter((f) => f.violations.length > 0)).toEqual([]);
  }, 300_000); // some forty pages, axe on each: minutes on a loaded machine
  it('finds none on the invitation page and the sign-up from it, signed out', async () => {
    const [invitation] = (await callApi<{ items: { id: string }[] }>(page, 'POST', `${server.url}/api/organizations/${school.orgId}/invitations`, {
      emails: ['invitee@example.test'], role: 'collaborator',
    })).items;
    const visitor = await (await browser.newContext({ locale: 'fr-FR', bypassCSP: true })).newPage();
    const found = [];
    for (const path of [`/invitations/${invitation!.id}`, `/sign-up?redirect=${encodeURIComponent(`/invitations/${invitation!.id}`)}`, '/invitations/00000000-0000-4000-8000-000000000000']) {
      found.push(await scan(visitor, path));
    }
    await visitor.getByRole('alert').waitFor();
    expect(found.filter((f) => f.violations.length > 0)).toEqual([]);
  });
});
