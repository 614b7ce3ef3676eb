// A collège base that opts in to accept, provisionally, files of a version newer than any known
// (decision 0008): the file is checked against the newest known version, each bilan carries an alert
// saying so, the unknown content is kept (pupil page) and reported in the synthesis, and the history
// shows the declared version. Unknown older or malformed versions stay refused; without the opt-in too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage, type Base, type ImportHistory, type PupilBilans } from '@preau/contracts';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import { grantBaseProfile, makeImportBase, structureOfFile, type ImportBase } from './lsu-imports.factories.ts';
import { allBilans, postImport, waitForImport } from './lsu-imports.test-helpers.ts';

interface ContentNode { name: string; attributes: Record<string, string>; children: ContentNode[] }

describe('provisional acceptance of a newer collège version', { timeout: 120_000 }, () => {
  let t: TestApp;
  let owner: Agent;
  let direction: Agent;
  let base: ImportBase;
  let file10: string;

  /** The 10.0 file declaring `version`, with annual averages (unknown to 10.0) in each periodic bilan and an unknown attribute on vie-scolaire. */
  const newer = (version: string) => Buffer.from(file10
    .replace('schemaVersion="10.0"', `schemaVersion="${version}"`)
    .replace(/<vie-scolaire /g, '<moyennes-annuelles><moyenne-annuelle valeur="12.5"/></moyennes-annuelles><vie-scolaire nb-retenues="2" '));

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const org = await makeOrganization(t, { owner: 'owner', direction: 'collaborator' });
    owner = org.people.owner.agent;
    direction = org.people.direction.agent;
    file10 = (await generateLsuBuffer({ version: '10.0', pupils: 6, pupilsPerDivision: 6, periods: 2, seed: 8 })).toString('utf8');
    base = await makeImportBase(t.db, org.organization.id, await structureOfFile(Buffer.from(file10)));
    await grantBaseProfile(t.db, { baseId: base.baseId, organizationId: org.organization.id, memberId: org.people.direction.memberId, profile: 'direction' });
  });
  afterAll(() => t?.close());

  it('is off by default: a newer version is refused as unknown', async () => {
    const read = (await owner.get(`/api/bases/${base.baseId}`)).json<Base>();
    expect(read.acceptNewerProvisionally).toBe(false);
    const refused = await waitForImport(direction, await postImport(direction, base.baseId, newer('13.0')));
    expect(refused.import.state).toBe('error');
    expect(refused.errors.map((e) => e.code)).toEqual(['schema.version_unknown']);
  });

  it('imports a newer version once the base opts in: an alert on every bilan, unknown content reported and kept, the declared version in the history', async () => {
    const changed = await owner.patch(`/api/bases/${base.baseId}`, { acceptNewerProvisionally: true });
    expect(changed.json<Base>()).toMatchObject({ acceptNewerProvisionally: true });
    const importId = await postImport(direction, base.baseId, newer('13.0'), 'newer.xml');
    const synthesis = await waitForImport(direction, importId);
    expect(synthesis.import).toMatchObject({ state: 'done', schemaVersion: '13.0' });
    const notices = synthesis.errors;
    expect(notices[0]).toMatchObject({ code: 'import.provisional', params: { declared: '13.0', checkedAgainst: '10.0' } });
    const periodicCount = synthesis.import.periodic.success + synthesis.import.periodic.alert + synthesis.import.periodic.rejected;
    expect(notices.slice(1).map((n) => ({ code: n.code, params: n.params }))).toEqual([
      { code: 'import.unknown_element', params: { element: 'moyennes-annuelles', path: '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique/moyennes-annuelles', checkedAgainst: '10.0', count: periodicCount } },
      { code: 'import.unknown_attribute', params: { attribute: 'nb-retenues', element: 'vie-scolaire', path: '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique/vie-scolaire/@nb-retenues', checkedAgainst: '10.0', count: periodicCount } },
    ]);
    expect(renderMessage(notices[0]!, 'en')).toContain('newer than those Préau knows');

    expect(synthesis.import.periodic.success + synthesis.import.cycle.success).toBe(0);
    const bilans = [...(await allBilans(direction, importId, 'periodic')), ...(await allBilans(direction, importId, 'cycle'))];
    expect(bilans.length).toBeGreaterThan(0);
    for (const bilan of bilans) {
      expect(bilan.messages).toContainEqual({ level: 'alert', code: 'provisional.checkedAgainst', params: { declared: '13.0', checkedAgainst: '10.0' } });
    }
    expect(renderMessage({ code: 'provisional.checkedAgainst', params: { declared: '13.0', checkedAgainst: '10.0' } }, 'fr')).toContain('vérifié provisoirement avec la version 10.0');

    const history = (await direction.get(`/api/bases/${base.baseId}/lsu-imports`)).json<ImportHistory>();
    expect(history.items.find((i) => i.id === importId)?.schemaVersion).toBe('13.0');

    const pupilId = [...base.pupilIds.values()][0]!;
    const view = (await direction.get(`/api/bases/${base.baseId}/pupils/${pupilId}/bilans`)).json<PupilBilans>();
    const periodic = view.items.find((b) => b.kind === 'periodic')!;
    const kept = (periodic.content as ContentNode).children.find((c) => c.name === 'moyennes-annuelles');
    expect(kept?.children[0]?.attributes).toEqual({ valeur: '12.5' });
  });

  it('still refuses unknown older and malformed versions, and errors in known content', async () => {
    for (const version of ['9.0', '13', '13.0b']) {
      const refused = await waitForImport(direction, await postImport(direction, base.baseId, newer(version)));
      expect(refused.import.state, version).toBe('error');
      expect(refused.errors.map((e) => e.code), version).toEqual(['schema.version_unknown']);
    }
    const broken = await waitForImport(direction, await postImport(direction, base.baseId, Buffer.from(newer('13.0').toString('utf8').replace(/positionnement="\d"/, 'positionnement="9"'))));
    expect(broken.import.state).toBe('error');
    expect(broken.errors.map((e) => e.code)).toContain('facet.pattern');
  });

  it('is refused on an école base', async () => {
    const org = await makeOrganization(t, { owner: 'owner' });
    const ecole = (await org.people.owner.agent.post(`/api/organizations/${org.organization.id}/bases`, { uai: '0381234K', name: 'École', degree: 'ecole', schoolYear: '2025-2026' })).json<Base>();
    const refused = await org.people.owner.agent.patch(`/api/bases/${ecole.id}`, { acceptNewerProvisionally: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'base.provisional_college_only' } });
  });
});
