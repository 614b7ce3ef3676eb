// Imports parsed while their file arrives (decision 0024; PGlite, or PostgreSQL with TEST_DATABASE_URL):
// the import runs before the upload has ended and ends as the same file imported once stored would;
// a client gone midway leaves neither import nor file; a refused file stores nothing; an upload
// arriving while an import runs is queued behind it.
import type { ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiToken, ImportSynthesis } from '@preau/contracts';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, eventually, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import { makeImportBase, structureOfFile } from './lsu-imports.factories.ts';
import { allBilans, openRequest, postImport, waitForImport } from './lsu-imports.test-helpers.ts';

describe('LSU imports parsed while their file arrives', () => {
  let t: TestApp;
  let owner: Agent;
  let file: Buffer;
  let baseId: string;
  let token: string;
  let origin: string;

  beforeAll(async () => {
    file = await generateLsuBuffer({ version: '10.0', pupils: 300 });
    t = await createTestApp({ mailMode: 'outbox' });
    const org = await makeOrganization(t, { owner: 'owner' });
    owner = org.people.owner.agent;
    baseId = (await makeImportBase(t.db, org.organization.id, await structureOfFile(file))).baseId;
    token = (await owner.post(`/api/bases/${baseId}/api-tokens`, { name: 'Logiciel' })).json<CreatedApiToken>().token;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(() => t?.close());

  const headers = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/xml', 'content-length': String(file.length) });
  const filesLeft = async () => {
    const dir = path.join(t.config.dataDir, 'objects');
    const stored = await readdir(path.join(dir, 'uploads', 'lsu')).catch(() => [] as string[]);
    const partial = await readdir(path.join(dir, '.partial')).catch(() => [] as string[]);
    return [...stored, ...partial];
  };
  const importRows = () => t.db.selectFrom('lsu_imports').select(['id', 'state', 'bytes_read', 'file_size', 'upload_sha256']).where('base_id', '=', baseId).execute();

  it('parses the file before it has all arrived, and ends as an import of the stored file does', async () => {
    const before = (await importRows()).length;
    const request = openRequest(`${origin}/api/bases/${baseId}/lsu-imports`, headers());
    const answer = answerOf(request);
    // All but the end: the parse sends its rows in batches (2 MB on PGlite), and says how far it read with each.
    const sent = file.length - 1000;
    request.write(file.subarray(0, sent));
    // Running, and bytes read, while the file's end has not been sent.
    const running = await eventually(async () => (await importRows()).find((row) => row.state === 'running' && Number(row.bytes_read) > 0), { what: 'the import runs on the bytes sent' });
    expect(Number(running.bytes_read)).toBeLessThanOrEqual(sent);
    expect(running.upload_sha256).toBeNull();
    request.end(file.subarray(sent));
    const { status, body } = await answer;
    expect(status).toBe(202);
    const id = (JSON.parse(body) as { id: string }).id;
    expect(id).toBe(running.id);
    const live = await waitForImport(owner, id);
    expect(live.import.state).toBe('done');
    const row = (await importRows()).find((r) => r.id === id)!;
    expect(Number(row.file_size)).toBe(file.length);
    expect(row.upload_sha256).toMatch(/^[0-9a-f]{64}$/);

    // The same file again, once stored (multipart: the console's way), reads the same.
    const again = await waitForImport(owner, await postImport(owner, baseId, file));
    expect(again.import.periodic).toEqual(live.import.periodic);
    expect(again.import.cycle).toEqual(live.import.cycle);
    expect((await allBilans(owner, id, 'periodic')).length).toBe(live.import.periodic.success + live.import.periodic.alert + live.import.periodic.rejected);
    expect((await importRows()).length).toBe(before + 2);
    await eventually(async () => ((await filesLeft()).length === 0 ? true : undefined), { what: 'no uploaded file left' });
  });

  it('leaves neither import nor file when the client goes away midway, and imports again after', async () => {
    const before = await importRows();
    const request = openRequest(`${origin}/api/bases/${baseId}/lsu-imports`, headers());
    request.write(file.subarray(0, Math.floor(file.length / 2)));
    await eventually(async () => (await importRows()).find((row) => row.state === 'running'), { what: 'the import runs' });
    request.destroy();
    await eventually(async () => ((await importRows()).length === before.length && (await filesLeft()).length === 0 ? true : undefined), { what: 'the import and its file gone' });
    expect(await t.db.selectFrom('lsu_import_bilans').select('id').where('base_id', '=', baseId).where('import_id', 'not in', before.map((row) => row.id)).execute()).toEqual([]);
    expect((await waitForImport(owner, await postImport(owner, baseId, file))).import.state).toBe('done');
  });

  it('refuses a broken file whole, storing nothing of it', async () => {
    const broken = Buffer.from(file.toString('utf8').replace('<vie-scolaire ', '<vie-scolaire nb-retards-inconnu="1" '));
    const synthesis: ImportSynthesis = await waitForImport(owner, await postImport(owner, baseId, broken, 'casse.xml'));
    expect(synthesis.import.state).toBe('error');
    expect(synthesis.errorCount).toBeGreaterThan(0);
    expect(await t.db.selectFrom('lsu_import_bilans').select('id').where('import_id', '=', synthesis.import.id).execute()).toEqual([]);
    await eventually(async () => ((await filesLeft()).length === 0 ? true : undefined), { what: 'no uploaded file left' });
  });

  it('queues an upload that arrives while an import runs, and runs it after', async () => {
    const request = openRequest(`${origin}/api/bases/${baseId}/lsu-imports`, headers());
    const answer = answerOf(request);
    request.write(file.subarray(0, 1000));
    const first = await eventually(async () => (await importRows()).find((row) => row.state === 'running'), { what: 'the first import runs' });
    const second = await postImport(owner, baseId, file, 'second.xml');
    expect((await importRows()).find((row) => row.id === second)?.state).toBe('queued');
    request.end(file.subarray(1000));
    expect((await answer).status).toBe(202);
    expect((await waitForImport(owner, first.id)).import.state).toBe('done');
    expect((await waitForImport(owner, second)).import.state).toBe('done');
  });
});

function answerOf(request: ClientRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}
