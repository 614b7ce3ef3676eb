import type { Page } from 'playwright-core';
import type { Base } from '@preau/contracts';
import { callApi } from './api-calls.ts';
import { loadStructureFromCsv } from './base-setup.ts';
import { fillSignUp, type Person } from './console-steps.ts';
import type { LsuScenario } from './lsu-school.ts';
import { upload, waitForImport } from './lsu-uploads.ts';

/** What a prepared school offers to visit. */
export interface PreparedSchool { orgId: string; base: Base; importId: string; pupilId: string }

/**
 * Signs `person` up with their organisation, then through the API: a base with the scenario's
 * structure, put in service, and the scenario's LSU file imported.
 */
export async function prepareSchool(page: Page, origin: string, scenario: LsuScenario, school: { person: Person; organization: string; baseName: string; uai: string }): Promise<PreparedSchool> {
  await page.goto(`${origin}/sign-up`);
  await fillSignUp(page, school.person, school.organization);
  await page.getByRole('heading', { name: /^Accueil/ }).waitFor();
  const orgId = /organizations\/([^/]+)/.exec(page.url())?.[1] ?? '';
  let base = await callApi<Base>(page, 'POST', `${origin}/api/organizations/${orgId}/bases`, { uai: school.uai, name: school.baseName, degree: 'college', schoolYear: '2025-2026' });
  await loadStructureFromCsv(page, origin, base.id, scenario.structure);
  base = await callApi<Base>(page, 'POST', `${origin}/api/bases/${base.id}/put-in-service`);
  const importId = await upload(page, origin, base.id, 'bilans.xml', scenario.file);
  await waitForImport(page, origin, base.id, importId);
  const [pupil] = (await callApi<{ items: { id: string }[] }>(page, 'GET', `${origin}/api/bases/${base.id}/pupils`)).items;
  return { orgId, base, importId, pupilId: pupil?.id ?? '' };
}
