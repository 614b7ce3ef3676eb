import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostingMigrationList, MigrationStepState } from '@preau/contracts';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, hostingAgent, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import { makeImportBase, structureOfFile } from '../lsu-imports/lsu-imports.factories.ts';

describe("the hosting console's migration checklist", () => {
  let t: TestApp;
  let owner: Agent;
  let sourceBaseId: string;
  let orgB: string;
  let numberB: string;
  let hostingB: Agent;
  let liveB: string;
  let uai: string;

  const send = (url: string, body: Buffer) => hostingB.request({ method: 'POST', url, body, headers: { 'content-type': 'application/octet-stream' } });
  const checklist = async (agent = hostingB) => {
    const response = await agent.get('/api/hosting/migrations');
    expect(response.statusCode).toBe(200);
    return response.json<HostingMigrationList>();
  };
  const states = (list: HostingMigrationList) => Object.fromEntries((list.items[0]?.steps ?? []).map((s) => [s.step, s.state])) as Record<string, MigrationStepState>;

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const a = await makeOrganization(t, { owner: 'owner' });
    owner = a.people.owner.agent;
    const structure = await structureOfFile(await generateLsuBuffer({ version: '10.0', pupils: 3 }));
    uai = structure.uai;
    sourceBaseId = (await makeImportBase(t.db, a.organization.id, structure)).baseId;
    const b = await makeOrganization(t, { owner: 'owner' });
    orgB = b.organization.id;
    numberB = b.organization.hostingNumber;
    liveB = randomUUID();
    await t.db.insertInto('school_bases').values({ id: liveB, organization_id: orgB, uai, name: 'Base vide', degree: structure.degree, school_year: '2025-2026', state: 'in_service' }).execute();
    hostingB = await hostingAgent(t, orgB);
  }, 60_000);
  afterAll(() => t?.close());

  it('starts with the credentials and no migration', async () => {
    const list = await checklist();
    expect(list.credentials.passwordSetAt).toEqual(expect.any(String));
    expect(list.items).toEqual([]);
  });

  it('tracks each step as it ends, done or failed, with the hosting session that did it', async () => {
    const baseFile = (await owner.get(`/api/bases/${sourceBaseId}/hosting-file?hostingNumber=${numberB}`)).rawPayload;
    const profilesFile = (await owner.get(`/api/bases/${sourceBaseId}/profiles-file?hostingNumber=${numberB}`)).rawPayload;

    // Loading over the running base fails: the step says so, with the school and year the file named.
    expect((await send('/api/hosting/loads?fileName=school.preau-base', baseFile)).statusCode).toBe(409);
    let list = await checklist();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ uai, schoolYear: '2025-2026', baseId: null });
    expect(states(list)).toMatchObject({ base_stopped: 'to_do', base_file: 'failed', users: 'to_do', in_service: 'to_do' });
    expect(list.items[0]?.steps.find((s) => s.step === 'base_file')?.last).toMatchObject({
      outcome: 'failed', errorCode: 'hosting_load.base_running', detail: { fileName: 'school.preau-base' },
      by: { sessionId: expect.any(String) as string, signedInAt: expect.any(String) as string },
    });

    expect((await hostingB.post(`/api/hosting/bases/${liveB}/stop`)).statusCode).toBe(200);
    const loaded = await send('/api/hosting/loads?fileName=school.preau-base', baseFile);
    expect(loaded.statusCode).toBe(201);
    const newBase = loaded.json<{ baseId: string }>().baseId;
    expect((await send('/api/hosting/profiles/apply', profilesFile)).statusCode).toBe(200);
    expect((await hostingB.post(`/api/hosting/bases/${newBase}/put-in-service`)).statusCode).toBe(200);

    list = await checklist();
    expect(list.items).toHaveLength(1);
    const migration = list.items[0]!;
    expect(migration).toMatchObject({ uai, schoolYear: '2025-2026', baseId: newBase, baseName: expect.any(String) as string });
    expect(states(list)).toEqual({ base_stopped: 'done', base_file: 'done', users: 'done', photos: 'to_do', documents: 'to_do', letters: 'to_do', in_service: 'done' });
    expect(migration.steps.find((s) => s.step === 'base_file')?.last?.detail).toMatchObject({ fileName: 'school.preau-base', rows: expect.any(Number) as number });
    expect(migration.steps.find((s) => s.step === 'users')?.last?.detail).toMatchObject({ invite: expect.any(Number) as number });
    // Everything done, newest first, the failed load included.
    expect(migration.events.map((e) => `${e.step}:${e.outcome}`)).toEqual(['in_service:done', 'users:done', 'base_file:done', 'base_stopped:done', 'base_file:failed']);
  }, 60_000);

  it("shows another organisation's hosting console nothing of it", async () => {
    const other = await makeOrganization(t, { owner: 'owner' });
    expect((await checklist(await hostingAgent(t, other.organization.id))).items).toEqual([]);
    // Members' sessions never reach the hosting routes.
    expect((await owner.get('/api/hosting/migrations')).statusCode).toBe(401);
  });
});
