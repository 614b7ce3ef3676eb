import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResults } from '@preau/contracts';
import { createOrganizationApp, makeBase, makeOrganization, type OrganizationApp } from '../../../test/support/index.ts';
import { insertIssuedInvoice } from '../../../test/support/billing-rows.ts';
import { grantBaseProfile } from '../lsu-imports/lsu-imports.factories.ts';

const ROLES = { owner: 'owner', teacher: 'collaborator', outsider: 'external' } as const;

describe('search across the organisation', () => {
  let o: OrganizationApp<keyof typeof ROLES>;
  let baseA: string;
  let baseB: string;
  let eloise: string;
  let invoiceNumber: string;

  beforeAll(async () => {
    o = await createOrganizationApp(ROLES, { name: 'Collège des Tilleuls' });
    const owner = o.people.owner.agent;
    baseA = (await makeBase(owner, o.organization.id, { name: 'École Jean Jaurès' })).id;
    baseB = (await makeBase(owner, o.organization.id, { name: 'Collège Victor Hugo' })).id;
    eloise = await insertPupil(baseA, 'MARTIN', 'Éloïse', '1234567890A');
    await insertPupil(baseB, 'MARTINEZ', 'Hugo', '2234567890B');
    await insertPupil(baseA, 'DUPONT', '100%_garçon', '3234567890C');
    await o.t.db.insertInto('teams').values({ id: randomUUID(), organization_id: o.organization.id, name: 'Équipe de direction', colour: '#123456', leader_member_id: null }).execute();
    await o.t.db
      .insertInto('lsu_imports')
      .values({ id: randomUUID(), organization_id: o.organization.id, base_id: baseA, school_year: '2025-2026', mode: 'manual', file_name: 'bilans-trimestre-1.xml', file_size: 10, submitted_by: 'Owner', state: 'done', editor: 'Éditeur Pronotes', classes: [] })
      .execute();
    const invoiceId = await insertIssuedInvoice(o.t.db, o.organization.id);
    invoiceNumber = (await o.t.db.selectFrom('billing_documents').select('number').where('id', '=', invoiceId).executeTakeFirstOrThrow()).number!;
    // The teacher works in base A only.
    await grantBaseProfile(o.t.db, { organizationId: o.organization.id, baseId: baseA, memberId: o.people.teacher.memberId, profile: 'teacher' });
  });
  afterAll(() => o?.close());

  async function insertPupil(baseId: string, last: string, first: string, nationalId: string): Promise<string> {
    const scope = { organization_id: o.organization.id, base_id: baseId };
    const classId = randomUUID();
    await o.t.db.insertInto('classes').values({ id: classId, ...scope, code: `C${classId.slice(0, 6)}`, label: 'Classe' }).execute();
    const id = randomUUID();
    await o.t.db.insertInto('pupils').values({ id, ...scope, national_id: nationalId, last_name: last, first_name: first, class_id: classId }).execute();
    return id;
  }

  async function search(who: keyof typeof ROLES, q: string): Promise<SearchResults> {
    const response = await o.people[who].agent.get(`/api/organizations/${o.organization.id}/search?q=${encodeURIComponent(q)}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<SearchResults>();
  }
  const titles = (results: SearchResults, kind: keyof SearchResults['groups']) => results.groups[kind].map((hit) => hit.title);

  it('finds pupils accents and case aside, by prefix as one types, with a typo, and by national id', async () => {
    expect(titles(await search('owner', 'eloise'), 'pupils')).toEqual(['MARTIN Éloïse']);
    expect(titles(await search('owner', 'ÉLOÏSE martin'), 'pupils')).toEqual(['MARTIN Éloïse']);
    expect(titles(await search('owner', 'mart'), 'pupils')).toEqual(['MARTIN Éloïse', 'MARTINEZ Hugo']);
    expect(titles(await search('owner', 'Eloisse'), 'pupils')).toEqual(['MARTIN Éloïse']);
    const byId = await search('owner', '1234567890a');
    expect(byId.groups.pupils).toEqual([{ id: eloise, baseId: baseA, title: 'MARTIN Éloïse', detail: expect.stringContaining('1234567890A') as unknown }]);
  });

  it('finds people, teams, bases, imports and invoices, grouped by kind', async () => {
    expect(titles(await search('owner', 'teacher pers'), 'people')).toEqual(['teacher person']);
    expect(titles(await search('owner', 'equipe'), 'teams')).toEqual(['Équipe de direction']);
    expect(titles(await search('owner', 'jaures'), 'bases')).toEqual(['École Jean Jaurès']);
    expect(titles(await search('owner', 'pronote'), 'imports')).toEqual(['bilans-trimestre-1.xml']);
    expect(titles(await search('owner', invoiceNumber.slice(0, 8)), 'invoices')).toEqual([invoiceNumber]);
    const hugo = await search('owner', 'hugo');
    expect(titles(hugo, 'bases')).toEqual(['Collège Victor Hugo']);
    expect(titles(hugo, 'pupils')).toEqual(['MARTINEZ Hugo']);
  });

  it("respects the caller's access: a teacher finds the pupils of their base only, no imports, no invoices", async () => {
    const teacher = await search('teacher', 'mart');
    expect(titles(teacher, 'pupils')).toEqual(['MARTIN Éloïse']);
    expect(titles(await search('teacher', 'hugo'), 'bases')).toEqual([]);
    expect(titles(await search('teacher', 'pronote'), 'imports')).toEqual([]);
    expect(titles(await search('teacher', invoiceNumber), 'invoices')).toEqual([]);
    // An external with no base profile: no pupil, no base; and externals are not listed to them but themself.
    expect(titles(await search('outsider', 'mart'), 'pupils')).toEqual([]);
    expect(titles(await search('teacher', 'outsider'), 'people')).toEqual([]);
    expect(titles(await search('owner', 'outsider'), 'people')).toEqual(['outsider person']);
  });

  it("never reaches another organisation's data, even by its exact names", async () => {
    const other = await makeOrganization(o.t, { owner: 'owner' }, { name: 'Autre école' });
    const response = await other.people.owner.agent.get(`/api/organizations/${other.organization.id}/search?q=eloise`);
    expect(Object.values(response.json<SearchResults>().groups).flat()).toEqual([]);
    const foreign = await other.people.owner.agent.get(`/api/organizations/${o.organization.id}/search?q=eloise`);
    expect(foreign.statusCode).toBe(404);
  });

  it('takes SQL and pattern characters literally, and refuses an empty or overlong query', async () => {
    expect(titles(await search('owner', '100%_g'), 'pupils')).toEqual(['DUPONT 100%_garçon']);
    expect(Object.values((await search('owner', "%' or 'a'='a' --")).groups).flat()).toEqual([]);
    expect(Object.values((await search('owner', '.*[a-z]+\\')).groups).flat()).toEqual([]);
    for (const q of ['', '   ', 'x'.repeat(101)]) {
      const response = await o.people.owner.agent.get(`/api/organizations/${o.organization.id}/search?q=${encodeURIComponent(q)}`);
      expect([response.statusCode, response.json<{ error: { code: string } }>().error.code]).toEqual([400, 'validation_failed']);
    }
  });
});
