import { createHash, randomUUID, type Hash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CSRF_COOKIE, CSRF_HEADER } from '../../http/csrf.ts';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostingBase, HostingLoad, HostingLoadList } from '@preau/contracts';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, hostingAgent, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import { makeImportBase, structureOfFile } from '../lsu-imports/lsu-imports.factories.ts';
import { postImport, waitForImport } from '../lsu-imports/lsu-imports.test-helpers.ts';

const errorOf = (response: { statusCode: number; json: () => unknown }) => [response.statusCode, (response.json() as { error?: { code: string } } | null)?.error?.code];

/** A base file's lines, changed by `edit`, packed again (the manifest left as it was unless `edit` changes it). */
function rewrite(file: Buffer, edit: (lines: string[]) => string[]): Buffer {
  const lines = gunzipSync(file).toString('utf8').split('\n');
  return gzipSync(Buffer.from(edit(lines.slice(0, -1)).map((l) => `${l}\n`).join('')));
}

/** As `rewrite`, with the manifest made to match: a file whose rows are wrong rather than damaged. */
function rewriteSigned(file: Buffer, edit: (lines: string[]) => string[]): Buffer {
  return rewrite(file, (lines) => {
    const edited = edit(lines.slice(0, -1));
    const parts: { name: string; rows: number; hash: Hash }[] = [];
    for (const line of edited) {
      if (line.startsWith('{"part"')) parts.push({ name: (JSON.parse(line) as { part: string }).part, rows: 0, hash: createHash('sha256') });
      else if (line.startsWith('[') && parts.length > 0) {
        parts.at(-1)!.rows += 1;
        parts.at(-1)!.hash.update(`${line}\n`);
      }
    }
    return [...edited, JSON.stringify({ manifest: { parts: parts.map((p) => ({ name: p.name, rows: p.rows, sha256: p.hash.digest('hex') })) } })];
  });
}

/** `file` with the value of `column` (its index) in row `row` of `part` replaced. */
const withValue = (file: Buffer, part: string, row: number, column: number, value: unknown) =>
  rewriteSigned(file, (lines) => {
    const at = lines.findIndex((x) => x.startsWith(`{"part":"${part}"`)) + row;
    const values = JSON.parse(lines[at]!) as unknown[];
    values[column] = value;
    return lines.map((l, i) => (i === at ? JSON.stringify(values) : l));
  });

describe('base files: generated from a base, loaded in the hosting console', () => {
  let t: TestApp;
  let owner: Agent;
  let orgA: string;
  let sourceBaseId: string;
  let orgB: string;
  let numberB: string;
  let hostingB: Agent;
  let liveB: string;
  let uai: string;
  let file: Buffer;

  const load = (agent: Agent, body: Buffer, fileName = 'base.preau-base') =>
    agent.request({ method: 'POST', url: `/api/hosting/loads?fileName=${fileName}`, body, headers: { 'content-type': 'application/octet-stream' } });

  /** What a base holds, by natural keys: pupils with their class, stored bilans, the history. */
  async function contentsOf(baseId: string) {
    const pupils = await t.db
      .selectFrom('pupils as p')
      .innerJoin('classes as c', 'c.id', 'p.class_id')
      .select(['p.national_id', 'p.last_name', 'p.first_name', 'p.birth_date', 'c.code', 'c.label'])
      .where('p.base_id', '=', baseId)
      .orderBy('p.national_id')
      .execute();
    const bilans = await t.db
      .selectFrom('lsu_import_bilans as b')
      .leftJoin('pupils as p', 'p.id', 'b.pupil_id')
      .leftJoin('periods as pe', 'pe.id', 'b.period_id')
      .select(['b.ordinal', 'b.kind', 'b.status', 'b.content', 'b.fingerprint', 'b.messages', 'p.national_id', 'pe.index', 'b.cycle', 'b.slot'])
      .where('b.base_id', '=', baseId)
      .orderBy('b.ordinal')
      .orderBy('b.kind')
      .execute();
    const history = await t.db
      .selectFrom('lsu_imports')
      .select(['file_name', 'state', 'periodic_success', 'periodic_alert', 'cycle_success', 'bilans_processed', 'labels', 'errors', 'created_at'])
      .where('base_id', '=', baseId)
      .orderBy('created_at')
      .execute();
    // Period-slotted bilans name their period by its index, whatever its id.
    return { pupils, bilans: bilans.map((b) => ({ ...b, slot: b.kind === 'cycle' ? b.slot : 'period' })), history };
  }
  const count = async (table: 'school_bases' | 'pupils' | 'lsu_import_bilans', organizationId: string) =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const a = await makeOrganization(t, { owner: 'owner' });
    orgA = a.organization.id;
    owner = a.people.owner.agent;
    const lsu = await generateLsuBuffer({ version: '10.0', pupils: 12 });
    const structure = await structureOfFile(lsu);
    uai = structure.uai;
    sourceBaseId = (await makeImportBase(t.db, orgA, structure)).baseId;
    await t.db.insertInto('teachers').values({ id: randomUUID(), organization_id: orgA, base_id: sourceBaseId, civility: 'MME', last_name: 'Durand', first_name: 'Anne', sts_id: '1234' }).execute();
    await t.db.insertInto('disciplines').values({ id: randomUUID(), organization_id: orgA, base_id: sourceBaseId, code: '030201', label: 'Anglais' }).execute();
    expect((await waitForImport(owner, await postImport(owner, sourceBaseId, lsu))).import.state).toBe('done');

    const b = await makeOrganization(t, { owner: 'owner' });
    orgB = b.organization.id;
    numberB = b.organization.hostingNumber;
    liveB = randomUUID();
    await t.db.insertInto('school_bases').values({ id: liveB, organization_id: orgB, uai, name: 'Base vide', degree: structure.degree, school_year: '2025-2026', state: 'in_service' }).execute();
    hostingB = await hostingAgent(t, orgB);

    const exported = await owner.get(`/api/bases/${sourceBaseId}/hosting-file?hostingNumber=${numberB}`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toBe(`attachment; filename="${uai}-2025-2026.preau-base"`);
    file = exported.rawPayload;
  }, 60_000);
  afterAll(() => t?.close());

  it('writes a documented container: head, parts with their rows, manifest', () => {
    const lines = gunzipSync(file).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ format: 'preau-base', formatVersion: 1, source: { instance: t.config.publicUrl }, base: { uai, schoolYear: '2025-2026', hostingNumber: numberB } });
    const manifest = lines.at(-1) as { manifest: { parts: { name: string; rows: number }[] } };
    expect(manifest.manifest.parts.map((p) => p.name)).toEqual(['settings', 'periods', 'classes', 'teachers', 'disciplines', 'pupils', 'imports', 'bilans']);
    expect(manifest.manifest.parts.find((p) => p.name === 'pupils')?.rows).toBe(12);
    expect(manifest.manifest.parts.find((p) => p.name === 'teachers')?.rows).toBeGreaterThan(1);
    // PostgreSQL writes the rows itself (COPY of JSON arrays): its own timestamp notation, equally ISO 8601.
    const pupil = JSON.parse(gunzipSync(file).toString('utf8').split('\n').find((l) => l.startsWith('["') && l.includes('"editor_import"')) ?? '[]') as unknown[];
    expect(pupil.at(-1)).toMatch(t.databaseKind === 'postgres' ? /^\d{4}-\d\d-\d\dT[\d:.]+\+00:00$/ : /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
  });

  it('refuses a base file from other members than legal owners and administrators, and a malformed hosting number', async () => {
    expect(errorOf(await owner.get(`/api/bases/${sourceBaseId}/hosting-file?hostingNumber=12`))).toEqual([400, 'validation_failed']);
    expect(errorOf(await hostingB.get(`/api/bases/${sourceBaseId}/hosting-file?hostingNumber=${numberB}`))[0]).toBe(401);
  });

  it('answers a refusal at the head to a client still sending its file over a socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    // The base is in service: refused at the first line, while 24 MB more are on their way.
    const body = Buffer.concat([file, Buffer.alloc(24 * 1024 * 1024, 0x61)]);
    const cookie = [...hostingB.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ agent: false, host: '127.0.0.1', port, method: 'POST', path: '/api/hosting/loads', headers: { 'content-type': 'application/octet-stream', 'content-length': body.length, cookie, origin: t.config.publicUrl, [CSRF_HEADER]: hostingB.cookies.get(CSRF_COOKIE) ?? '' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'hosting_load.base_running' } });
  });

  it('refuses bad files with a clear error and loads nothing', async () => {
    const before = { bases: await count('school_bases', orgB), pupils: await count('pupils', orgB) };
    const otherNumber = (await owner.get(`/api/bases/${sourceBaseId}/hosting-file?hostingNumber=999999999999`)).rawPayload;
    const cases: [string, Buffer, number, string][] = [
      ['running base', file, 409, 'hosting_load.base_running'],
      ['other hosting number', otherNumber, 422, 'hosting_file.other_hosting_number'],
      ['other school', rewrite(file, ([head, ...rest]) => [head!.replace(`"uai":"${uai}"`, '"uai":"0000001A"'), ...rest]), 422, 'hosting_file.other_school'],
      ['future version', rewrite(file, ([head, ...rest]) => [head!.replace('"formatVersion":1', '"formatVersion":2'), ...rest]), 422, 'hosting_file.future_version'],
      ['not a base file', gzipSync(Buffer.from('{"format":"preau-profils","formatVersion":1}\n')), 422, 'hosting_file.unreadable'],
      ['not gzip', Buffer.from('hello'), 422, 'hosting_file.unreadable'],
    ];
    for (const [what, body, status, code] of cases) expect(errorOf(await load(hostingB, body)), what).toEqual([status, code]);

    // Stopped first (the console's "stop it"), the file's own faults remain.
    const stopped = await hostingB.post(`/api/hosting/bases/${liveB}/stop`);
    expect(stopped.json<HostingBase>()).toMatchObject({ state: 'stopped', replacedAt: null });
    const corrupted = rewrite(file, (lines) => {
      const at = lines.findIndex((x) => x.startsWith('{"part":"pupils"')) + 3;
      const row = JSON.parse(lines[at]!) as unknown[];
      row[2] = 'Altered';
      return lines.map((l, i) => (i === at ? JSON.stringify(row) : l));
    });
    expect(gunzipSync(corrupted).equals(gunzipSync(file))).toBe(false);
    const bad = await load(hostingB, corrupted);
    expect(errorOf(bad)).toEqual([422, 'hosting_file.checksum']);
    expect(bad.json()).toMatchObject({ error: { params: { part: 'pupils' } } });
    expect(errorOf(await load(hostingB, file.subarray(0, Math.floor(file.length / 2))))).toEqual([422, 'hosting_file.truncated']);
    expect(errorOf(await load(hostingB, rewrite(file, (lines) => lines.slice(0, -3))))).toEqual([422, 'hosting_file.truncated']);
    // Values the database refuses: a pupil's birth date (inserted), a bilan's kind (copied in on
    // PostgreSQL), a bilan's timestamp and ordinal (checked before they are copied).
    for (const [part, row, column, value] of [['pupils', 5, 4, 'never'], ['bilans', 3, 3, 'neither'], ['bilans', 2, 18, 'soon'], ['bilans', 4, 2, 'first']] as const) {
      const refused = await load(hostingB, withValue(file, part, row, column, value));
      expect(refused.json(), `${part} row ${row}`).toMatchObject({ error: { code: 'hosting_file.row_invalid', params: { part, row } } });
    }
    const badRow = await load(hostingB, rewrite(file, (lines) => {
      const at = lines.findIndex((x) => x.startsWith('{"part":"classes"'));
      return lines.map((l, i) => (i === at + 2 ? '["only one column"]' : l));
    }));
    expect(errorOf(badRow)).toEqual([422, 'hosting_file.row_invalid']);
    expect(badRow.json()).toMatchObject({ error: { params: { part: 'classes', row: 2 } } });

    expect({ bases: await count('school_bases', orgB), pupils: await count('pupils', orgB) }).toEqual(before);
    const loads = (await hostingB.get('/api/hosting/loads')).json<HostingLoadList>().items;
    expect(loads.every((l) => l.state === 'failed')).toBe(true);
    expect(loads[0]?.error).toEqual({ code: 'hosting_file.row_invalid', params: { part: 'classes', row: 2 }, part: 'classes', row: 2 });
  }, 60_000);

  it('loads a base beside the live one, switches it in, keeps the replaced one and switches back', async () => {
    await hostingB.post(`/api/hosting/bases/${liveB}/put-in-service`);
    await hostingB.post(`/api/hosting/bases/${liveB}/stop`);
    const response = await load(hostingB, file, `${uai}-2025-2026.preau-base`);
    expect(response.statusCode).toBe(201);
    const loaded = response.json<HostingLoad>();
    expect(loaded).toMatchObject({ state: 'done', uai, schoolYear: '2025-2026', replacedBaseId: liveB, error: null });
    expect(loaded.parts.find((p) => p.name === 'pupils')).toEqual({ name: 'pupils', rows: 12 });
    const newBase = loaded.baseId!;

    const source = await contentsOf(sourceBaseId);
    expect(source.bilans.length).toBeGreaterThan(20);
    expect(await contentsOf(newBase)).toEqual(source);
    // The audit log: the load and the switch, as the hosting console; not an entry per row loaded.
    const logged = await t.db.selectFrom('audit_log').select(['object_kind', 'actor_kind']).where('organization_id', '=', orgB).where('base_id', '=', newBase).execute();
    expect(logged.filter((e) => e.object_kind === 'pupil')).toEqual([]);
    expect(logged).toContainEqual({ object_kind: 'base', actor_kind: 'hosting' });

    const session = (await hostingB.get('/api/hosting/session')).json<{ bases: HostingBase[] }>().bases;
    expect(session.find((b) => b.id === newBase)).toMatchObject({ state: 'stopped', replacedAt: null });
    expect(session.find((b) => b.id === liveB)).toMatchObject({ state: 'archived', replacedAt: expect.any(String) as string });
    // Previously activated: read-only, never put in service as such.
    expect(errorOf(await hostingB.post(`/api/hosting/bases/${liveB}/put-in-service`))).toEqual([409, 'base.invalid_transition']);
    expect((await hostingB.post(`/api/hosting/bases/${newBase}/put-in-service`)).json<HostingBase>().state).toBe('in_service');

    // Loaded twice: a second copy beside the first (new ids again), switched in once the first is stopped.
    expect(errorOf(await load(hostingB, file))).toEqual([409, 'hosting_load.base_running']);
    expect(errorOf(await hostingB.post(`/api/hosting/bases/${liveB}/switch-back`))).toEqual([409, 'hosting_load.active_in_service']);
    await hostingB.post(`/api/hosting/bases/${newBase}/stop`);
    expect(errorOf(await hostingB.post(`/api/hosting/bases/${newBase}/switch-back`))).toEqual([409, 'hosting_load.not_replaced']);
    const back = await hostingB.post(`/api/hosting/bases/${liveB}/switch-back`);
    expect(back.json<HostingBase>()).toMatchObject({ id: liveB, state: 'stopped', replacedAt: null });
    const again = (await hostingB.get('/api/hosting/session')).json<{ bases: HostingBase[] }>().bases;
    expect(again.find((b) => b.id === newBase)).toMatchObject({ state: 'archived' });
    const reloaded = (await load(hostingB, file)).json<HostingLoad>();
    expect(reloaded).toMatchObject({ state: 'done', replacedBaseId: liveB });
    expect(await contentsOf(reloaded.baseId!)).toEqual(source);
    // Another organisation's hosting session sees none of it.
    const hostingA = await hostingAgent(t, orgA);
    expect(errorOf(await hostingA.get(`/api/hosting/loads/${reloaded.id}`))[0]).toBe(404);
    expect(errorOf(await hostingA.post(`/api/hosting/bases/${liveB}/switch-back`))[0]).toBe(404);
  }, 60_000);
});
