// Annex files end to end on one instance: a local base's photos, documents and letters exported
// beside its base file, the base file loaded in another organisation's hosting console, then the
// base completed from each annex file sent as a resumable upload of that console; twice; and the
// refusals, which store nothing (checked in the data folder itself).
import { createHash, randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnexReport, HostingLoad, HostingMigrationList } from '@preau/contracts';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, hostingAgent, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import { makeImportBase, structureOfFile } from '../lsu-imports/lsu-imports.factories.ts';

const tus = { 'tus-resumable': '1.0.0' };
const errorOf = (response: { statusCode: number; json: () => unknown }) => [response.statusCode, (response.json() as { error?: { code: string } } | null)?.error?.code];
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** An annex file's lines changed by `edit`, packed again with a manifest computed afresh (so only the edit is at fault). */
function repack(file: Buffer, edit: (lines: string[]) => string[], keepManifest = false): Buffer {
  const all = gunzipSync(file).toString('utf8').trimEnd().split('\n');
  const lines = edit(all.slice(0, -1));
  if (keepManifest) return gzipSync(Buffer.from([...lines, all.at(-1)!].map((l) => `${l}\n`).join('')));
  const parts: { name: string; rows: number; sha256: string }[] = [];
  let current: { name: string; rows: string[] } | undefined;
  const close = () => current && parts.push({ name: current.name, rows: current.rows.length, sha256: sha256(Buffer.from(current.rows.map((r) => `${r}\n`).join(''))) });
  for (const line of lines.slice(1)) {
    if (line.startsWith('{"part"')) {
      close();
      current = { name: (JSON.parse(line) as { part: string }).part, rows: [] };
    } else current?.rows.push(line);
  }
  close();
  return gzipSync(Buffer.from([...lines, JSON.stringify({ manifest: { parts } })].map((l) => `${l}\n`).join('')));
}

/** A multipart body with fields and a file. */
function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = 'annex-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.concat(parts) };
}

describe('annex files: photos, documents and letters generated beside the base file (loaded from a resumable upload), completing the loaded base', () => {
  let t: TestApp;
  let owner: Agent;
  let sourceBaseId: string;
  let hostingB: Agent;
  let orgB: string;
  let numberB: string;
  let loadedBase: string;
  const files: Record<'photos' | 'documents' | 'courriers', Buffer> = { photos: Buffer.alloc(0), documents: Buffer.alloc(0), courriers: Buffer.alloc(0) };
  let nationalIds: string[];
  /** A document larger than a `blobs` line, so its bytes span several. */
  const bigDocument = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2_500_000, 0x20)]);

  /** Sends `bytes` as a resumable upload of the hosting console, in two PATCHes; its id. */
  async function upload(agent: Agent, bytes: Buffer, fileName = 'annex.preau-photos', purpose = 'hosting-annex'): Promise<string> {
    const metadata = `purpose ${Buffer.from(purpose).toString('base64')},filename ${Buffer.from(fileName).toString('base64')}`;
    const created = await agent.request({ method: 'POST', url: '/api/hosting/uploads', headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': metadata } });
    expect(created.statusCode, created.body).toBe(201);
    const url = created.headers.location as string;
    const half = Math.floor(bytes.length / 2);
    for (const [offset, piece] of [[0, bytes.subarray(0, half)], [half, bytes.subarray(half)]] as const) {
      const sent = await agent.request({ method: 'PATCH', url, body: piece, headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' } });
      expect(sent.statusCode, sent.body).toBe(204);
    }
    return url.split('/').at(-1)!;
  }
  const complete = async (agent: Agent, bytes: Buffer) => agent.post('/api/hosting/annexes', { uploadId: await upload(agent, bytes) });

  /** Every object under the data folder's `objects` (the local driver's own place for objects). */
  async function objects(): Promise<string[]> {
    const root = path.join(t.config.dataDir, 'objects');
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
  }
  const attachedIn = async (baseId: string) => ({
    photos: await t.db.selectFrom('pupil_photos as pp').innerJoin('pupils as p', 'p.id', 'pp.pupil_id').select(['p.national_id', 'pp.width']).where('pp.base_id', '=', baseId).orderBy('p.national_id').execute(),
    documents: await t.db.selectFrom('base_documents as d').innerJoin('base_files as f', 'f.id', 'd.file_id').leftJoin('pupils as p', 'p.id', 'f.pupil_id').leftJoin('classes as c', 'c.id', 'f.class_id')
      .select(['d.title', 'd.category', 'd.file_name', 'f.sha256', 'p.national_id', 'c.code']).where('d.base_id', '=', baseId).orderBy('d.title').execute(),
    letters: await t.db.selectFrom('base_letters as l').innerJoin('base_files as f', 'f.id', 'l.file_id').innerJoin('pupils as p', 'p.id', 'l.pupil_id')
      .select(['p.national_id', 'l.template', 'l.fields', 'f.sha256']).where('l.base_id', '=', baseId).orderBy('p.national_id').execute(),
  });

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const a = await makeOrganization(t, { owner: 'owner' });
    owner = a.people.owner.agent;
    const structure = await structureOfFile(await generateLsuBuffer({ version: '10.0', pupils: 6 }));
    const source = await makeImportBase(t.db, a.organization.id, structure);
    sourceBaseId = source.baseId;
    nationalIds = [...source.pupilIds.keys()].sort();
    const [first, second, third] = nationalIds.map((n) => source.pupilIds.get(n)!);
    const classId = [...source.classIds.values()][0]!;

    // Two photos, a pupil's document spanning several lines, a class's document, letters to a class.
    for (const pupilId of [first, second]) {
      const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 190, g: 140, b: 100 } } }).jpeg().toBuffer();
      expect((await owner.request({ method: 'PUT', url: `/api/bases/${sourceBaseId}/pupils/${pupilId}/photo`, body: jpeg, headers: { 'content-type': 'image/jpeg' } })).statusCode).toBe(200);
    }
    const pupilDocument = multipart({ title: 'PAP', category: 'plan' }, { name: 'pap.pdf', type: 'application/pdf', bytes: bigDocument });
    expect((await owner.request({ method: 'POST', url: `/api/bases/${sourceBaseId}/pupils/${third}/documents`, ...pupilDocument })).statusCode).toBe(201);
    const classDocument = multipart({ title: 'Emploi du temps', category: 'other' }, { name: 'edt.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 emploi du temps') });
    expect((await owner.request({ method: 'POST', url: `/api/bases/${sourceBaseId}/classes/${classId}/documents`, ...classDocument })).statusCode).toBe(201);
    const letters = await owner.post(`/api/bases/${sourceBaseId}/letters`, { template: 'convocation', classId, convocation: { date: '2026-12-15', time: '17:30', place: 'Salle 12', reason: 'Conseil' } });
    expect(letters.statusCode, letters.body).toBe(201);

    // The provider: organisation B, the school's base stopped, the base file loaded beside it.
    const b = await makeOrganization(t, { owner: 'owner' });
    orgB = b.organization.id;
    numberB = b.organization.hostingNumber;
    await t.db.insertInto('school_bases').values({ id: randomUUID(), organization_id: orgB, uai: structure.uai, name: 'Base vide', degree: structure.degree, school_year: '2025-2026', state: 'stopped' }).execute();
    hostingB = await hostingAgent(t, orgB);
    const baseFile = (await owner.get(`/api/bases/${sourceBaseId}/hosting-file?hostingNumber=${numberB}`)).rawPayload;
    // The base file itself as a resumable upload of the console too.
    const loaded = await hostingB.post('/api/hosting/loads/from-upload', { uploadId: await upload(hostingB, baseFile, `${structure.uai}-2025-2026.preau-base`, 'hosting-base') });
    expect(loaded.statusCode, loaded.body).toBe(201);
    expect(loaded.json<HostingLoad>()).toMatchObject({ state: 'done', fileName: `${structure.uai}-2025-2026.preau-base` });
    loadedBase = loaded.json<HostingLoad>().baseId!;

    for (const kind of ['photos', 'documents', 'courriers'] as const) {
      const response = await owner.get(`/api/bases/${sourceBaseId}/annex-files/${kind}?hostingNumber=${numberB}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${structure.uai}-2025-2026.preau-${kind}"`);
      files[kind] = response.rawPayload;
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('writes the container: head, files with their keys, blobs in chunks, manifest', () => {
    const lines = gunzipSync(files.documents).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines[0]).toMatchObject({ format: 'preau-documents', formatVersion: 1, base: { schoolYear: '2025-2026', hostingNumber: numberB } });
    expect(lines[1]).toMatchObject({ part: 'files', columns: expect.arrayContaining(['ref', 'pupil_national_id', 'class_code', 'sha256']) as unknown });
    const rows = lines.filter((l): l is unknown[] => Array.isArray(l));
    const big = rows.find((r) => r[8] === 'pap.pdf')!;
    expect(big).toMatchObject([expect.any(String), 'pupil', expect.any(String), nationalIds[2], expect.any(String), expect.any(String), null, expect.any(String), 'pap.pdf', 'application/pdf', bigDocument.length, sha256(bigDocument), { title: 'PAP', category: 'plan' }, expect.any(String)]);
    const chunks = rows.filter((r) => r.length === 3 && r[0] === big[0]);
    expect(chunks.map((r) => r[1])).toEqual([0, 1, 2]);
    expect(Buffer.concat(chunks.map((r) => Buffer.from(r[2] as string, 'base64'))).equals(bigDocument)).toBe(true);
    expect((lines.at(-1) as { manifest: { parts: { name: string; rows: number }[] } }).manifest.parts.map((p) => [p.name, p.rows])).toEqual([['files', 2], ['blobs', 4]]);
  });

  it('completes the loaded base: photos, documents and letters attached by stable keys, with a report by row; again adds nothing', async () => {
    const source = await attachedIn(sourceBaseId);
    expect(source.photos).toHaveLength(2);
    expect(source.letters.length).toBeGreaterThan(0);
    const before = await attachedIn(loadedBase);
    expect(before).toEqual({ photos: [], documents: [], letters: [] });

    const photos = await complete(hostingB, files.photos);
    expect(photos.statusCode, photos.body).toBe(200);
    expect(photos.json<AnnexReport>()).toMatchObject({ kind: 'photos', base: { id: loadedBase }, counts: { attached: 2, already: 0, unmatched: 0, refused: 0 } });
    const documents = (await complete(hostingB, files.documents)).json<AnnexReport>();
    expect(documents.counts).toEqual({ attached: 2, already: 0, unmatched: 0, refused: 0 });
    expect(documents.entries.map((e) => e.outcome)).toEqual(['attached', 'attached']);
    const letters = (await complete(hostingB, files.courriers)).json<AnnexReport>();
    expect(letters.counts).toEqual({ attached: source.letters.length, already: 0, unmatched: 0, refused: 0 });

    // The same photos (by pupil), documents and letters (same bytes, same pupil or class, same details) as the source.
    const after = await attachedIn(loadedBase);
    expect(after).toEqual(source);
    const stored = await objects();

    for (const kind of ['photos', 'documents', 'courriers'] as const) {
      const again = (await complete(hostingB, files[kind])).json<AnnexReport>();
      expect(again.counts.attached, kind).toBe(0);
      expect(again.entries.every((e) => e.outcome === 'already'), kind).toBe(true);
    }
    expect(await attachedIn(loadedBase)).toEqual(after);
    // Nothing new in storage: not the files, not the annex uploads.
    expect(await objects()).toEqual(stored);
    expect(stored.filter((key) => key.startsWith('uploads'))).toEqual([]);
  }, 60_000);

  it('reports the rows that match nothing in the base and attaches the others', async () => {
    // A pupil the hosted base does not have: their letter is left aside, named in the report.
    const lines = gunzipSync(files.courriers).toString('utf8').trimEnd().split('\n');
    const target = lines.findIndex((l) => l.startsWith('["'));
    const strange = repack(files.courriers, (ls) => ls.map((l, i) => {
      if (i !== target) return l;
      const row = JSON.parse(l) as unknown[];
      return JSON.stringify([row[0], row[1], 'unknown-id', '0000000XX', 'Inconnu', 'Personne', null, null, ...row.slice(8)]);
    }));
    const report = (await complete(hostingB, strange)).json<AnnexReport>();
    expect(report.entries[0]).toMatchObject({ row: 1, outcome: 'no_pupil', target: 'Inconnu Personne', pupilId: null });
    expect(report.counts.unmatched).toBe(1);
  });

  it("keeps each completion's report with its checklist event, to show again later; refusals keep none", async () => {
    // A file with a row that matches nothing: the report names it, and is kept as answered.
    const lines = gunzipSync(files.courriers).toString('utf8').trimEnd().split('\n');
    const target = lines.findIndex((l) => l.startsWith('["'));
    const strange = repack(files.courriers, (ls) => ls.map((l, i) => (i === target ? JSON.stringify([...(JSON.parse(l) as unknown[]).slice(0, 2), 'unknown-id', '0000000XX', 'Inconnu', 'Personne', null, null, ...(JSON.parse(l) as unknown[]).slice(8)]) : l)));
    const answered = (await complete(hostingB, strange)).json<AnnexReport>();
    expect(answered.counts.unmatched).toBe(1);
    // A refused file: its failed event has no report.
    expect(errorOf(await complete(hostingB, Buffer.from('hello')))[0]).toBe(422);

    const list = (await hostingB.get('/api/hosting/migrations')).json<HostingMigrationList>();
    const migration = list.items.find((m) => m.baseId === loadedBase)!;
    const letters = migration.steps.find((s) => s.step === 'letters')!;
    expect(letters).toMatchObject({ state: 'done', last: { outcome: 'done', hasReport: true, detail: { unmatched: 1 } } });
    const stored = await hostingB.get(`/api/hosting/migrations/events/${letters.last!.id}/annex-report`);
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.json<AnnexReport>()).toEqual(answered);
    expect(stored.json<AnnexReport>().entries.find((e) => e.outcome === 'no_pupil')).toMatchObject({ row: 1, target: 'Inconnu Personne', pupilId: null });
    // Every completion done keeps one, the photos' too; steps that are not completions keep none.
    const photos = migration.events.filter((e) => e.step === 'photos' && e.outcome === 'done');
    expect(photos.length).toBeGreaterThan(0);
    expect(photos.every((e) => e.hasReport)).toBe(true);
    expect((await hostingB.get(`/api/hosting/migrations/events/${photos.at(-1)!.id}/annex-report`)).json<AnnexReport>()).toMatchObject({ kind: 'photos', counts: { attached: 2, already: 0 } });
    const withoutReport = migration.events.find((e) => e.step === 'base_file')!;
    expect(withoutReport.hasReport).toBe(false);
    expect(errorOf(await hostingB.get(`/api/hosting/migrations/events/${withoutReport.id}/annex-report`))).toEqual([404, 'not_found']);
    // Another organisation's console sees none of them; members' sessions never reach the hosting routes.
    const other = await hostingAgent(t, (await makeOrganization(t, { owner: 'owner' })).organization.id);
    expect(errorOf(await other.get(`/api/hosting/migrations/events/${letters.last!.id}/annex-report`))).toEqual([404, 'not_found']);
    expect(errorOf(await owner.get(`/api/hosting/migrations/events/${letters.last!.id}/annex-report`))[0]).toBe(401);
  });

  it('refuses bad annex files with a clear code, storing nothing', async () => {
    const stored = await objects();
    const rowsBefore = await t.db.selectFrom('base_files').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', orgB).executeTakeFirstOrThrow();
    const otherNumber = (await owner.get(`/api/bases/${sourceBaseId}/annex-files/photos?hostingNumber=999999999999`)).rawPayload;
    const profiles = (await owner.get(`/api/bases/${sourceBaseId}/profiles-file?hostingNumber=${numberB}`)).rawPayload;
    const baseFile = (await owner.get(`/api/bases/${sourceBaseId}/hosting-file?hostingNumber=${numberB}`)).rawPayload;
    const blobAt = (ls: string[]) => ls.findIndex((l) => l.startsWith('{"part":"blobs"')) + 2;
    const cases: [string, Buffer, number, string][] = [
      ['other hosting number', otherNumber, 422, 'hosting_file.other_hosting_number'],
      ['other school', repack(files.photos, ([head, ...rest]) => [head!.replace(/"uai":"[^"]+"/, '"uai":"0000001A"'), ...rest]), 422, 'hosting_annex.base_missing'],
      ['a profiles file', profiles, 422, 'hosting_annex.unreadable'],
      ['a base file', baseFile, 422, 'hosting_annex.unreadable'],
      ['not gzip', Buffer.from('hello'), 422, 'hosting_annex.unreadable'],
      ['future version', repack(files.photos, ([head, ...rest]) => [head!.replace('"formatVersion":1', '"formatVersion":2'), ...rest]), 422, 'hosting_file.future_version'],
      ['truncated', files.documents.subarray(0, Math.floor(files.documents.length * 0.8)), 422, 'hosting_file.truncated'],
      ['corrupted (manifest kept)', repack(files.documents, (ls) => ls.map((l, i) => (i === 2 ? l.replace('"title":"', '"title":"X') : l)), true), 422, 'hosting_file.checksum'],
      ['bytes unlike their row', repack(files.documents, (ls) => ls.map((l, i) => (i === blobAt(ls) + 1 ? l.replace(/"[A-Za-z0-9+/]{8}/, '"AAAAAAAA') : l))), 422, 'hosting_annex.blob_mismatch'],
      ['a file without its bytes', repack(files.documents, (ls) => ls.slice(0, -1)), 422, 'hosting_annex.blob_mismatch'],
      ['a bad row', repack(files.documents, (ls) => ls.map((l, i) => (i === 2 ? '["only one column"]' : l))), 422, 'hosting_file.row_invalid'],
    ];
    // The loaded base emptied of its annexes, so that a refused file would have had everything to add.
    await t.db.deleteFrom('base_files').where('base_id', '=', loadedBase).execute();
    for (const [what, body, status, code] of cases) expect(errorOf(await complete(hostingB, body)), what).toEqual([status, code]);
    expect(Number((await t.db.selectFrom('base_files').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', orgB).executeTakeFirstOrThrow()).n)).toBe(0);
    expect(Number(rowsBefore.n)).toBeGreaterThan(0);
    // No object written for a refused file, nor the annex uploads themselves (the deleted rows' objects go through the queue).
    const left = (await objects()).filter((key) => !stored.includes(key));
    expect(left).toEqual([]);
    expect((await objects()).filter((key) => key.startsWith('uploads') || key.startsWith('.partial'))).toEqual([]);
  }, 60_000);

  it("respects the organisation's storage quota for the whole file, storing nothing past it", async () => {
    const stored = await objects();
    await t.db.insertInto('organization_storage_quotas').values({ organization_id: orgB, quota_bytes: 1_000_000, updated_by_user_id: null }).execute();
    try {
      expect(errorOf(await complete(hostingB, files.documents))).toEqual([413, 'storage.quota_exceeded']);
      expect(await t.db.selectFrom('base_files').select('id').where('organization_id', '=', orgB).execute()).toEqual([]);
      expect((await objects()).filter((key) => !stored.includes(key))).toEqual([]);
    } finally {
      await t.db.deleteFrom('organization_storage_quotas').where('organization_id', '=', orgB).execute();
    }
  });

  it("keeps the console's uploads its own: another organisation's console and members cannot complete with them", async () => {
    const uploadId = await upload(hostingB, files.photos);
    const a = await makeOrganization(t, { owner: 'owner' });
    const hostingA = await hostingAgent(t, a.organization.id);
    expect(errorOf(await hostingA.post('/api/hosting/annexes', { uploadId }))).toEqual([404, 'uploads.not_found']);
    expect(errorOf(await owner.post('/api/hosting/annexes', { uploadId }))[0]).toBe(401);
    // An annex file is no base file to load (nor the reverse): the purpose given at the upload holds.
    expect(errorOf(await hostingB.post('/api/hosting/loads/from-upload', { uploadId }))).toEqual([409, 'uploads.wrong_purpose']);
    // A console sends annex files only.
    const metadata = `purpose ${Buffer.from('document').toString('base64')},filename ${Buffer.from('x.pdf').toString('base64')}`;
    expect(errorOf(await hostingB.request({ method: 'POST', url: '/api/hosting/uploads', headers: { ...tus, 'upload-length': '10', 'upload-metadata': metadata } }))).toEqual([400, 'uploads.bad_metadata']);
    await hostingB.request({ method: 'DELETE', url: `/api/hosting/uploads/${uploadId}`, headers: tus });
  });
});
