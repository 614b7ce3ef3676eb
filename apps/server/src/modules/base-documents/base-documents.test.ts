// Documents attached to pupils and classes, and letters to families, through the API on a real
// database (PGlite, or PostgreSQL with TEST_DATABASE_URL). The attach, download and delete path runs
// on both storage drivers: the data folder, and a real S3-compatible server (s3rver) started here.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseDocument, BaseLetter, BaseProfile, FileReadList } from '@preau/contracts';
import { createOrganizationApp, eventually, makeBase, startS3Server, type Agent, type OrganizationApp, type TestS3Server } from '../../../test/support/index.ts';
import { createBaseFiles } from '../base-files/base-files.service.ts';
import { createLocalStorage } from '../storage/local-storage.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { createBaseDocumentsService, documentsCaller, type ClaimedUpload } from './base-documents.service.ts';

const run = promisify(execFile);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), randomBytes(200)]);
/** A real 2 × 2 PNG (file-type reads its chunks, not only its signature). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC', 'base64');
const MAX_BYTES = 256 * 1024;
const BOUNDARY = 'documents-test-boundary';

/** A multipart body: the fields, then the file. */
function multipart(fields: Record<string, string | string[]>, file?: { name: string; type?: string; bytes: Buffer }): { headers: Record<string, string>; body: Buffer } {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${one}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body: Buffer.concat(parts) };
}

let s3: TestS3Server;

beforeAll(async () => {
  s3 = await startS3Server('preau-documents');
});
afterAll(() => s3?.close());

const ROLES = { owner: 'owner', direction: 'collaborator', secretariat: 'collaborator', teacher: 'collaborator', readOnly: 'collaborator' } as const;
type Fixture = OrganizationApp<keyof typeof ROLES> & { baseId: string; classId: string; pupilId: string; storage: ObjectStorage };

/** An application on `driver`, an organisation with a person per base profile, a base in service with a class and a pupil. */
async function setUp(driver: 'local' | 's3'): Promise<Fixture> {
  const fixture = await createOrganizationApp(ROLES, { config: { documentMaxBytes: MAX_BYTES, ...(driver === 's3' ? { s3: s3.settings } : {}) } });
  const { owner } = fixture.people;
  const base = await makeBase(owner.agent, fixture.organization.id);
  const profiles: [keyof typeof ROLES, BaseProfile][] = [['direction', 'direction'], ['secretariat', 'secretariat'], ['teacher', 'teacher'], ['readOnly', 'read_only']];
  for (const [label, profile] of profiles) {
    const response = await owner.agent.put(`/api/bases/${base.id}/profiles/${fixture.people[label].memberId}`, { profile });
    expect(response.statusCode).toBe(200);
  }
  const classId = (await owner.agent.post(`/api/bases/${base.id}/classes`, { code: '6A', label: 'Sixième A' })).json<{ id: string }>().id;
  const pupilId = (await owner.agent.post(`/api/bases/${base.id}/pupils`, { nationalId: '1234567', lastName: 'Dupont', firstName: 'Léa', classId })).json<{ id: string }>().id;
  const storage = driver === 's3' ? s3.storage : createLocalStorage(path.join(fixture.t.config.dataDir, 'objects'));
  return { ...fixture, baseId: base.id, classId, pupilId, storage };
}

async function attach(agent: Agent, url: string, fields: Record<string, string | string[]>, file?: { name: string; type?: string; bytes: Buffer }) {
  const { headers, body } = multipart(fields, file);
  return agent.request({ method: 'POST', url, headers, body });
}

async function keys(storage: ObjectStorage, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const object of storage.list(prefix)) found.push(object.key);
  return found.sort();
}

async function counts(f: Fixture) {
  const count = async (table: 'base_files' | 'base_documents') => Number((await f.t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { files: await count('base_files'), documents: await count('base_documents'), objects: (await keys(f.storage, 'bases/')).length };
}

describe.each(['local', 's3'] as const)('attached documents on the %s driver', (driver) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp(driver);
  });
  afterAll(() => f?.close());

  it('attaches a PDF to a pupil, lists it, serves it as a download or a sandboxed preview, and records every read', async () => {
    const { owner, direction, teacher } = f.people;
    const url = `/api/bases/${f.baseId}/pupils/${f.pupilId}/documents`;
    const created = await attach(owner.agent, url, { title: 'PAP de Léa', category: 'plan', visibleTo: ['teacher'] }, { name: 'pap-léa.pdf', type: 'application/pdf', bytes: PDF });
    expect(created.statusCode).toBe(201);
    const document = created.json<BaseDocument>();
    expect(document).toMatchObject({ title: 'PAP de Léa', category: 'plan', visibleTo: ['teacher'], fileName: 'pap-léa.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, pupilId: f.pupilId, classId: null, previewable: true, createdBy: owner.name });
    expect(await keys(f.storage, `bases/${f.baseId}/document/`)).toHaveLength(1);

    const listed = await teacher.agent.get(url);
    expect(listed.json<{ items: BaseDocument[] }>().items.map((d) => d.id)).toEqual([document.id]);

    const download = await teacher.agent.get(`/api/bases/${f.baseId}/documents/${document.id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(download.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff' });
    expect(download.headers['content-disposition']).toBe(`attachment; filename="pap-l?a.pdf"; filename*=UTF-8''pap-l%C3%A9a.pdf`);

    const preview = await direction.agent.get(`/api/bases/${f.baseId}/documents/${document.id}/file?inline=1`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-disposition']).toMatch(/^inline; /);
    // A PDF is framed by Préau's pages only, without the sandbox in which Chromium's PDF viewer does not start.
    expect(preview.headers['content-security-policy']).toBe("frame-ancestors 'self'");

    const reads = await direction.agent.get(`/api/bases/${f.baseId}/documents/${document.id}/reads`);
    expect(reads.statusCode).toBe(200);
    expect(reads.json<FileReadList>().items.map((r) => [r.readerName, r.userId, r.inline])).toEqual([
      [direction.name, direction.userId, true],
      [teacher.name, teacher.userId, false],
    ]);
    // Only the direction (and the managers) read who read.
    expect((await teacher.agent.get(`/api/bases/${f.baseId}/documents/${document.id}/reads`)).statusCode).toBe(403);
  });

  it('refuses a PDF whose bytes are a ZIP, and a file over the limit, storing nothing', async () => {
    const { owner } = f.people;
    const url = `/api/bases/${f.baseId}/classes/${f.classId}/documents`;
    const before = await counts(f);
    const zip = await attach(owner.agent, url, { title: 'Certificat', category: 'certificate' }, { name: 'certificat.pdf', type: 'application/pdf', bytes: ZIP });
    expect([zip.statusCode, zip.json<{ error: { code: string } }>().error.code]).toEqual([415, 'base_document.type_mismatch']);
    const big = await attach(owner.agent, url, { title: 'Trop gros', category: 'other' }, { name: 'gros.pdf', bytes: Buffer.concat([PDF, randomBytes(MAX_BYTES)]) });
    expect([big.statusCode, big.json<{ error: { code: string } }>().error.code]).toEqual([413, 'storage.too_large']);
    const exe = await attach(owner.agent, url, { title: 'Programme', category: 'other' }, { name: 'setup.exe', bytes: randomBytes(100) });
    expect([exe.statusCode, exe.json<{ error: { code: string } }>().error.code]).toEqual([415, 'base_document.type_not_allowed']);
    const noTitle = await attach(owner.agent, url, { category: 'other' }, { name: 'a.pdf', bytes: PDF });
    expect([noTitle.statusCode, noTitle.json<{ error: { code: string } }>().error.code]).toEqual([400, 'validation_failed']);
    expect(await counts(f)).toEqual(before);
  });

  it('deletes a document: its row, its reads, and its object soon after', async () => {
    const { owner } = f.people;
    const created = await attach(owner.agent, `/api/bases/${f.baseId}/classes/${f.classId}/documents`, { title: 'Photo de classe', category: 'other' }, { name: 'classe.png', bytes: PNG });
    expect(created.statusCode).toBe(201);
    const document = created.json<BaseDocument>();
    expect(document).toMatchObject({ contentType: 'image/png', classId: f.classId, pupilId: null });
    const before = await counts(f);
    expect((await owner.agent.delete(`/api/bases/${f.baseId}/documents/${document.id}`)).statusCode).toBe(204);
    expect((await owner.agent.get(`/api/bases/${f.baseId}/documents/${document.id}/file`)).statusCode).toBe(404);
    const expected = { files: before.files - 1, documents: before.documents - 1, objects: before.objects - 1 };
    await eventually(async () => (JSON.stringify(await counts(f)) === JSON.stringify(expected) ? true : undefined), { what: 'the deleted document and its object gone', timeoutMs: 20_000 });
  });
});

describe('who sees which document, letters, and what a deleted pupil takes with it', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setUp('local');
  });
  afterAll(() => f?.close());

  const list = async (agent: Agent, url: string) => (await agent.get(url)).json<{ items: BaseDocument[] }>().items.map((d) => d.title).sort();

  it('lists to each profile the documents whose visibility names it; the direction and the managers see all', async () => {
    const { owner, direction, secretariat, teacher, readOnly } = f.people;
    const url = `/api/bases/${f.baseId}/pupils/${f.pupilId}/documents`;
    const post = async (agent: Agent, title: string, visibleTo: string[]) => {
      const response = await attach(agent, url, { title, category: 'plan', visibleTo }, { name: `${title}.pdf`, bytes: PDF });
      expect(response.statusCode).toBe(201);
      return response.json<BaseDocument>();
    };
    const secret = await post(owner.agent, 'PAI', []);
    await post(owner.agent, 'PPS', ['teacher', 'read_only']);
    const bySecretariat = await post(secretariat.agent, 'Certificat', ['teacher']);
    // The author's own profile is kept: nobody hides a document from themselves.
    expect(bySecretariat.visibleTo).toEqual(['secretariat', 'teacher']);

    expect(await list(owner.agent, url)).toEqual(['Certificat', 'PAI', 'PPS']);
    expect(await list(direction.agent, url)).toEqual(['Certificat', 'PAI', 'PPS']);
    expect(await list(secretariat.agent, url)).toEqual(['Certificat']);
    expect(await list(teacher.agent, url)).toEqual(['Certificat', 'PPS']);
    expect(await list(readOnly.agent, url)).toEqual(['PPS']);
    // A document the caller may not see does not exist for them.
    expect((await teacher.agent.get(`/api/bases/${f.baseId}/documents/${secret.id}/file`)).statusCode).toBe(404);
    expect((await secretariat.agent.patch(`/api/bases/${f.baseId}/documents/${secret.id}`, { title: 'Vu' })).statusCode).toBe(404);
    // Teachers read; they do not attach.
    expect((await attach(teacher.agent, url, { title: 'X', category: 'other' }, { name: 'x.pdf', bytes: PDF })).statusCode).toBe(403);

    const changed = await direction.agent.patch(`/api/bases/${f.baseId}/documents/${secret.id}`, { title: 'PAI (allergies)', visibleTo: ['teacher'] });
    expect(changed.json<BaseDocument>()).toMatchObject({ title: 'PAI (allergies)', category: 'plan', visibleTo: ['teacher'] });
    expect(await list(teacher.agent, url)).toEqual(['Certificat', 'PAI (allergies)', 'PPS']);
  });

  it('generates a class letter: one PDF per pupil naming them, listed on each pupil, its downloads recorded', async () => {
    const { owner, direction } = f.people;
    const classId = (await owner.agent.post(`/api/bases/${f.baseId}/classes`, { code: '5B', label: 'Cinquième B' })).json<{ id: string }>().id;
    const names = [['Martin', 'Zoé'], ['Bernard', 'Hugo'], ['Petit', 'Chloé'], ['Durand', 'Noah']] as const;
    const pupilIds: string[] = [];
    for (const [index, [lastName, firstName]] of names.entries()) {
      const response = await owner.agent.post(`/api/bases/${f.baseId}/pupils`, { nationalId: `99${index}`, lastName, firstName, classId });
      pupilIds.push(response.json<{ id: string }>().id);
    }
    const generated = await direction.agent.post(`/api/bases/${f.baseId}/letters`, {
      template: 'convocation',
      classId,
      convocation: { date: '2026-12-15', time: '17:30', place: 'Salle 12', reason: 'Rencontre parents-professeurs' },
    });
    expect(generated.statusCode).toBe(201);
    const letters = generated.json<{ items: BaseLetter[] }>().items;
    expect(letters).toHaveLength(names.length);
    expect(new Set(letters.map((l) => l.pupilId))).toEqual(new Set(pupilIds));
    expect(letters[0]).toMatchObject({ template: 'convocation', language: 'fr', fields: { date: '2026-12-15', time: '17:30', place: 'Salle 12' }, createdBy: direction.name });

    const work = await mkdtemp(path.join(tmpdir(), 'preau-letters-'));
    try {
      for (const [index, pupilId] of pupilIds.entries()) {
        const listed = (await direction.agent.get(`/api/bases/${f.baseId}/pupils/${pupilId}/letters`)).json<{ items: BaseLetter[] }>().items;
        expect(listed).toHaveLength(1);
        const pdf = await direction.agent.get(`/api/bases/${f.baseId}/letters/${listed[0]!.id}/file`);
        expect(pdf.headers['content-type']).toBe('application/pdf');
        const file = path.join(work, `${index}.pdf`);
        await writeFile(file, pdf.rawPayload);
        const { stdout } = await run('pdftotext', [file, '-']);
        const [lastName, firstName] = names[index]!;
        expect(stdout).toContain(`${firstName} ${lastName}`);
        expect(stdout).toContain('Cinquième B');
        expect(stdout).toContain('Collège Jean Moulin');
        expect(stdout).toContain('15 décembre 2026');
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    const reads = await direction.agent.get(`/api/bases/${f.baseId}/letters/${letters[0]!.id}/reads`);
    expect(reads.json<FileReadList>().items).toHaveLength(1);

    const english = await direction.agent.post(`/api/bases/${f.baseId}/letters`, { template: 'information', language: 'en', pupilId: pupilIds[0], information: { subject: 'School trip', text: 'The trip leaves at 8.\nBring a packed lunch.' } });
    expect(english.statusCode).toBe(201);
    const letter = english.json<{ items: BaseLetter[] }>().items[0]!;
    const work2 = await mkdtemp(path.join(tmpdir(), 'preau-letters-'));
    try {
      await writeFile(path.join(work2, 'en.pdf'), (await direction.agent.get(`/api/bases/${f.baseId}/letters/${letter.id}/file`)).rawPayload);
      const { stdout } = await run('pdftotext', [path.join(work2, 'en.pdf'), '-']);
      expect(stdout).toContain('Subject: School trip');
      expect(stdout).toContain('Bring a packed lunch.');
    } finally {
      await rm(work2, { recursive: true, force: true });
    }
    const missing = await direction.agent.post(`/api/bases/${f.baseId}/letters`, { template: 'convocation', pupilId: pupilIds[0] });
    expect([missing.statusCode, missing.json<{ error: { code: string } }>().error.code]).toEqual([400, 'base_letter.fields_required']);
    // Letters are the direction's and the secretariat's.
    expect((await f.people.teacher.agent.get(`/api/bases/${f.baseId}/pupils/${pupilIds[0]}/letters`)).statusCode).toBe(403);
  });

  it('attaches the file a resumable upload finished, and deletes a refused one', async () => {
    const baseFiles = createBaseFiles({ db: f.t.db, storage: f.storage, defaultQuotaBytes: null });
    const waiting = new Map<string, ClaimedUpload>();
    const claimUpload = async (_organizationId: string, _baseId: string, uploadId: string) => waiting.get(uploadId)!;
    const service = createBaseDocumentsService({ db: f.t.db, baseFiles, storage: f.storage, maxBytes: MAX_BYTES, now: () => new Date(), claimUpload });
    const upload = async (id: string, fileName: string, bytes: Buffer) => {
      const stored = await f.storage.put(`uploads/${id}`, Readable.from([bytes]));
      waiting.set(id, { storageKey: `uploads/${id}`, sizeBytes: stored.size, sha256: stored.sha256, fileName, contentType: 'application/octet-stream' });
    };
    const base = { id: f.baseId, organizationId: f.organization.id, state: 'in_service' as const, schoolYear: '2025-2026' };
    const membership = { organizationId: f.organization.id, memberId: f.people.owner.memberId, userId: f.people.owner.userId, role: 'owner' as const, billingRights: true };
    const caller = documentsCaller({ base, caller: { kind: 'member', membership, profile: null, profiles: [] } }, 'Owner Person');

    await upload('good', 'bilan.pdf', PDF);
    const document = await service.attachFromUpload(base, caller, { uploadId: 'good', title: 'Bilan orthophonique', category: 'certificate', pupilId: f.pupilId });
    expect(document).toMatchObject({ fileName: 'bilan.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, pupilId: f.pupilId });
    // The object stays where the upload left it, now named by the document's base file.
    expect(await keys(f.storage, 'uploads/')).toEqual(['uploads/good']);

    await upload('zip', 'faux.pdf', ZIP);
    await expect(service.attachFromUpload(base, caller, { uploadId: 'zip', title: 'Faux', category: 'other', pupilId: f.pupilId })).rejects.toMatchObject({ code: 'base_document.type_mismatch', status: 415 });
    expect(await keys(f.storage, 'uploads/')).toEqual(['uploads/good']);
    await expect(service.attachFromUpload(base, caller, { uploadId: 'x', title: 'Deux cibles', category: 'other', pupilId: f.pupilId, classId: f.classId })).rejects.toMatchObject({ code: 'base_document.target_required' });
  });

  it("deletes a pupil's documents and letters with the pupil", async () => {
    const { owner } = f.people;
    const pupilId = (await owner.agent.post(`/api/bases/${f.baseId}/pupils`, { nationalId: '7654321', lastName: 'Leroy', firstName: 'Adam', classId: f.classId })).json<{ id: string }>().id;
    const created = await attach(owner.agent, `/api/bases/${f.baseId}/pupils/${pupilId}/documents`, { title: 'PPS', category: 'plan' }, { name: 'pps.pdf', bytes: PDF });
    expect(created.statusCode).toBe(201);
    const letter = await owner.agent.post(`/api/bases/${f.baseId}/letters`, { template: 'information', pupilId, information: { subject: 'Sortie', text: 'Départ à 8 h.' } });
    expect(letter.statusCode).toBe(201);
    const rowsOf = async () => ({
      files: (await f.t.db.selectFrom('base_files').select('id').where('pupil_id', '=', pupilId).execute()).length,
      letters: (await f.t.db.selectFrom('base_letters').select('id').where('pupil_id', '=', pupilId).execute()).length,
      documents: (await f.t.db.selectFrom('base_documents').select('id').where('id', '=', created.json<BaseDocument>().id).execute()).length,
    });
    expect(await rowsOf()).toEqual({ files: 2, letters: 1, documents: 1 });
    expect((await owner.agent.delete(`/api/bases/${f.baseId}/pupils/${pupilId}`)).statusCode).toBe(204);
    expect(await rowsOf()).toEqual({ files: 0, letters: 0, documents: 0 });
    expect((await owner.agent.get(`/api/bases/${f.baseId}/pupils/${pupilId}/documents`)).statusCode).toBe(404);
  });
});
