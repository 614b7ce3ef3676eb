// A version Préau has never seen, end to end (issue 17): a "next" collège schema built from the
// official 10.0 one (read from ../shared/lsu/, never copied here) is reviewed and added by an operator
// over the API, a base accepts it, and an import of a file of that version succeeds with the new
// element shown by the pupil page's API. Also: what a base may accept, and what the routes refuse.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Base, ImportHistory, LsuVersionList, LsuVersionReview, PupilBilans } from '@preau/contracts';
import { buildLsuDocument, materialize, nextSchemaFrom, toBytes, toNextVersionDocument } from '@preau/lsu/test-support';
import { createTestApp, makeOrganization, makePerson, type Agent, type TestApp } from '../../../test/support/index.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { grantBaseProfile, makeImportBase, structureOfFile, type ImportBase } from '../lsu-imports/lsu-imports.factories.ts';
import { postImport, waitForImport } from '../lsu-imports/lsu-imports.test-helpers.ts';

const official10 = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../../shared/lsu/college/lsu-college-10.0.xsd');
const XML = { 'content-type': 'application/xml' };

interface ContentNode { name: string; attributes: Record<string, string>; children: ContentNode[] }

describe.skipIf(!existsSync(official10))('LSU versions added by an operator', { timeout: 120_000 }, () => {
  let t: TestApp;
  let operator: Agent;
  let owner: Agent;
  let direction: Agent;
  let base: ImportBase;
  let schema: Buffer;
  let file10: Buffer;
  let file13: Buffer;

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    operator = await makePerson(t);
    await createOperatorsRepository(t.db).grant(operator.user!.id);
    const org = await makeOrganization(t, { owner: 'owner', direction: 'collaborator' });
    owner = org.people.owner.agent;
    direction = org.people.direction.agent;
    const doc = materialize(buildLsuDocument({ version: '10.0', pupils: 12, pupilsPerDivision: 6, periods: 2, seed: 17 }));
    file10 = toBytes(doc);
    file13 = toBytes(toNextVersionDocument(doc));
    base = await makeImportBase(t.db, org.organization.id, await structureOfFile(file10));
    await grantBaseProfile(t.db, { baseId: base.baseId, organizationId: org.organization.id, memberId: org.people.direction.memberId, profile: 'direction' });
    schema = Buffer.from(nextSchemaFrom(readFileSync(official10, 'utf8')));
  });
  afterAll(() => t?.close());

  it('reviews the schema without storing it, then adds the reviewed file only', async () => {
    const reviewed = await operator.request({ method: 'POST', url: '/api/operator/lsu-versions/review', body: schema, headers: XML });
    expect(reviewed.statusCode).toBe(200);
    const review = reviewed.json<LsuVersionReview>();
    expect(review).toMatchObject({ id: 'college-13.0', family: 'college', versions: ['13.0'], previousId: 'college-10.0', warnings: [], alreadyAdded: false });
    const bilan = '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique';
    expect(review.changes.map((c) => c.text)).toEqual([
      'schemaVersion values: 10.0 → 13.0',
      '~ attribute /lsun-bilans/@schemaVersion type string enumeration={10.0} → string enumeration={13.0}',
      `+ element ${bilan}/moyennes-annuelles [0..1] sequence`,
      `+ element ${bilan}/moyennes-annuelles/moyenne-annuelle [1..n] empty`,
      `- element ${bilan}/devoirs-faits`,
    ]);
    let listed = (await operator.get('/api/operator/lsu-versions')).json<LsuVersionList>();
    expect(listed.items.filter((v) => !v.builtIn)).toEqual([]);
    expect(listed.items.map((v) => v.id)).toEqual(['college-10.0', 'college-7.0', 'college-3.0', 'ecole-1.0b']);

    const otherSha = '0'.repeat(64);
    const stale = await operator.request({ method: 'POST', url: `/api/operator/lsu-versions?sha256=${otherSha}`, body: schema, headers: XML });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: { code: 'lsu_version.not_reviewed' } });

    const added = await operator.request({ method: 'POST', url: `/api/operator/lsu-versions?sha256=${review.sourceSha256}`, body: schema, headers: XML });
    expect(added.statusCode).toBe(201);
    expect(added.json<LsuVersionReview>()).toMatchObject({ id: 'college-13.0', alreadyAdded: true });
    const again = await operator.request({ method: 'POST', url: `/api/operator/lsu-versions?sha256=${review.sourceSha256}`, body: schema, headers: XML });
    expect(again.json()).toMatchObject({ error: { code: 'lsu_version.already_added', params: { id: 'college-13.0' } } });
    listed = (await operator.get('/api/operator/lsu-versions')).json<LsuVersionList>();
    expect(listed.items.find((v) => v.id === 'college-13.0')).toMatchObject({ builtIn: false, family: 'college', versions: ['13.0'], previousId: 'college-10.0', warnings: [] });
    expect(listed.items.find((v) => v.id === 'college-13.0')?.changes).toHaveLength(5);
  });

  it('refuses a schema outside the subset, a body that is not XML, and one over the size limit', async () => {
    const refused = await operator.request({
      method: 'POST', url: '/api/operator/lsu-versions/review', headers: XML,
      body: schema.toString('utf8').replace('<xs:element name="donnees" type="lsun:Donnees" />', '<xs:element name="donnees" type="lsun:Donnees" substitutionGroup="lsun:x" />'),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'lsu_version.schema_refused', params: { reason: 'xsd.unsupported', detail: 'construct=xs:element/@substitutionGroup' } } });
    const notSchema = await operator.request({ method: 'POST', url: '/api/operator/lsu-versions/review', body: '<html/>', headers: XML });
    expect(notSchema.json()).toMatchObject({ error: { code: 'lsu_version.schema_refused' } });
    const json = await operator.post('/api/operator/lsu-versions/review', { xsd: 'x' });
    expect(json.json()).toMatchObject({ error: { code: 'lsu_version.content_type' } });
    const huge = await operator.request({ method: 'POST', url: '/api/operator/lsu-versions/review', body: Buffer.alloc(3 * 1024 * 1024, 0x20), headers: XML });
    expect(huge.statusCode).toBe(413);
  });

  it("lets a base accept an added version of its degree's family only", async () => {
    const unknown = await owner.patch(`/api/bases/${base.baseId}`, { acceptedVersions: ['10.0', '14.0'] });
    expect(unknown.json()).toMatchObject({ error: { code: 'base.version_unknown', params: { version: '14.0' } } });
    const other = await owner.patch(`/api/bases/${base.baseId}`, { acceptedVersions: ['13.0', '1.0'] });
    expect(other.json()).toMatchObject({ error: { code: 'base.version_of_other_degree', params: { version: '1.0' } } });
    const accepted = await owner.patch(`/api/bases/${base.baseId}`, { acceptedVersions: ['10.0', '13.0'] });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<Base>()).toMatchObject({ acceptedVersions: ['10.0', '13.0'], acceptNewerProvisionally: false });
  });

  it('imports a file of the added version, and the pupil page shows its new element', async () => {
    const importId = await postImport(direction, base.baseId, file13, 'next.xml');
    const synthesis = await waitForImport(direction, importId);
    expect(synthesis.errors).toEqual([]);
    expect(synthesis.import).toMatchObject({ state: 'done', schemaVersion: '13.0' });
    expect(synthesis.import.periodic.rejected).toBe(0);
    const history = (await direction.get(`/api/bases/${base.baseId}/lsu-imports`)).json<ImportHistory>();
    expect(history.items.find((i) => i.id === importId)?.schemaVersion).toBe('13.0');

    const withAverages: ContentNode[] = [];
    for (const pupilId of base.pupilIds.values()) {
      const view = (await direction.get(`/api/bases/${base.baseId}/pupils/${pupilId}/bilans`)).json<PupilBilans>();
      for (const bilan of view.items) {
        const content = bilan.content as ContentNode;
        const averages = content.children.find((c) => c.name === 'moyennes-annuelles');
        if (averages) withAverages.push(averages);
        expect(content.children.some((c) => c.name === 'devoirs-faits')).toBe(false);
      }
    }
    expect(withAverages).toHaveLength(1);
    expect(withAverages[0]!.children.map((c) => c.attributes.valeur)).toEqual(['12.123456789', '20']);

    // The base no longer accepting 13.0: the same file is refused.
    await owner.patch(`/api/bases/${base.baseId}`, { acceptedVersions: ['10.0'] });
    const refused = await waitForImport(direction, await postImport(direction, base.baseId, file13, 'next.xml'));
    expect(refused.import.state).toBe('error');
    expect(refused.errors.map((e) => e.code)).toEqual(['schema.version_not_accepted']);
  });
});
