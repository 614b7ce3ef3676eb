// Minors' data through the API on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): a
// pupil's export (the ZIP unzipped and read), erasure (every table that held the pupil queried after),
// the legal hold, the report of who sees pupils' data, and the retention job on archived bases.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErasurePreview, MinorsDataAccess, RetentionSettings } from '@preau/contracts';
import { createOrganizationApp, eventually, makeBase, makeOrganization, type Agent, type OrganizationApp } from '../../../test/support/index.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { noPupilAccessLog } from './pupil-access-log.ts';
import { createRetentionService, lastSchoolYearEndedBefore } from './retention.service.ts';

const run = promisify(execFile);
const BOUNDARY = 'minors-data-test';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const ROLES = { owner: 'owner', admin: 'admin', direction: 'collaborator', teacher: 'collaborator', teamMate: 'collaborator' } as const;
type Fixture = OrganizationApp<keyof typeof ROLES>;

/** Whether a command-line tool is installed (pdftotext comes with poppler-utils). */
async function has(tool: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
}

function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body: Buffer.concat(parts) };
}

/** Unzips `zip` into a fresh folder; its path. */
async function unzip(zip: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'preau-export-'));
  await writeFile(path.join(dir, 'export.zip'), zip);
  await run('unzip', ['-q', 'export.zip', '-d', 'out'], { cwd: dir });
  return path.join(dir, 'out');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...(await listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)));
    else found.push(`${prefix}${entry.name}`);
  }
  return found.sort();
}

describe("minors' data", () => {
  let f: Fixture;
  let owner: Agent;
  let orgId: string;
  let nowMs = Date.parse('2026-03-02T10:00:00Z');
  let objectsDir: string;

  /** A class and a pupil in the base. */
  async function addPupil(baseId: string, nationalId: string, lastName: string, firstName: string): Promise<string> {
    const classId = (await owner.post(`/api/bases/${baseId}/classes`, { code: `C${nationalId.slice(-3)}`, label: 'Sixième' })).json<{ id: string }>().id;
    const created = await owner.post(`/api/bases/${baseId}/pupils`, { nationalId, lastName, firstName, classId, birthDate: '2013-05-04' });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ id: string }>().id;
  }

  /** A finished import of the base with one bilan of the pupil (its content names them). */
  async function addBilan(baseId: string, pupilId: string, nationalId: string, name: { last: string; first: string }, schoolYear: string): Promise<void> {
    const importId = randomUUID();
    await f.t.db.insertInto('lsu_imports').values({
      id: importId, organization_id: orgId, base_id: baseId, school_year: schoolYear, mode: 'manual', file_name: `lsu-${schoolYear}.xml`, file_size: 100,
      submitted_by: 'Owner', submitted_by_user_id: null, api_token_id: null, job_id: null, editor: null, application: null, source_kind: null,
      schema_version: null, heartbeat_at: null, started_at: null, finished_at: new Date(nowMs), state: 'done',
    }).execute();
    await f.t.db.insertInto('lsu_import_bilans').values({
      id: randomUUID(), organization_id: orgId, base_id: baseId, import_id: importId, ordinal: 1, kind: 'periodic', status: 'success',
      pupil_national_id: nationalId, pupil_last_name: name.last, pupil_first_name: name.first, pupil_id: pupilId, class_code: '6A',
      period_id: null, period_index: 1, period_count: 3, cycle: null, slot: 'p1', messages: '[]',
      content: `<bilan-periodique><eleve nom="${name.last}" prenom="${name.first}"/></bilan-periodique>`, fingerprint: null,
    }).execute();
  }

  /** A photo, a document (read once) and a letter for the pupil, through the API. */
  async function addFiles(baseId: string, pupilId: string): Promise<void> {
    const jpeg = await sharp({ create: { width: 30, height: 40, channels: 3, background: '#a08070' } }).jpeg().toBuffer();
    expect((await owner.request({ method: 'PUT', url: `/api/bases/${baseId}/pupils/${pupilId}/photo`, body: jpeg, headers: { 'content-type': 'image/jpeg' } })).statusCode).toBe(200);
    const { headers, body } = multipart({ title: 'PAP', category: 'plan', visibleTo: 'teacher' }, { name: 'pap.pdf', type: 'application/pdf', bytes: PDF });
    const document = await owner.request({ method: 'POST', url: `/api/bases/${baseId}/pupils/${pupilId}/documents`, headers, body });
    expect(document.statusCode).toBe(201);
    expect((await owner.get(`/api/bases/${baseId}/documents/${document.json<{ id: string }>().id}/file`)).statusCode).toBe(200);
    const letter = await owner.post(`/api/bases/${baseId}/letters`, { template: 'information', pupilId, information: { subject: 'Sortie', text: 'Départ à 8 h.' } });
    expect(letter.statusCode).toBe(201);
  }

  async function objectCount(): Promise<number> {
    try {
      return (await listFiles(objectsDir)).filter((name) => name.startsWith('bases/')).length;
    } catch {
      return 0;
    }
  }

  beforeAll(async () => {
    f = await createOrganizationApp(ROLES, { clock: () => new Date(nowMs) });
    owner = f.people.owner.agent;
    orgId = f.organization.id;
    objectsDir = path.join(f.t.config.dataDir, 'objects');
  });
  afterAll(() => f?.close());

  describe('export and erasure of one pupil', () => {
    let lastYear: string;
    let thisYear: string;
    let pupilLastYear: string;
    let pupilThisYear: string;
    const name = { last: 'Dupont', first: 'Éloïse' };

    beforeAll(async () => {
      lastYear = (await makeBase(owner, orgId, { schoolYear: '2024-2025', name: 'Collège Jean Moulin' })).id;
      thisYear = (await makeBase(owner, orgId, { schoolYear: '2025-2026', name: 'Collège Jean Moulin' })).id;
      pupilLastYear = await addPupil(lastYear, '70123456', name.last, name.first);
      pupilThisYear = await addPupil(thisYear, '70123456', name.last, name.first);
      await addBilan(lastYear, pupilLastYear, '70123456', name, '2024-2025');
      await addBilan(thisYear, pupilThisYear, '70123456', name, '2025-2026');
      await addFiles(thisYear, pupilThisYear);
      // The direction of this year's base only; a teacher of it.
      expect((await owner.put(`/api/bases/${thisYear}/profiles/${f.people.direction.memberId}`, { profile: 'direction' })).statusCode).toBe(200);
      expect((await owner.put(`/api/bases/${thisYear}/profiles/${f.people.teacher.memberId}`, { profile: 'teacher' })).statusCode).toBe(200);
    });

    it('exports everything held about the pupil across school years as a ZIP: JSON, a PDF summary naming them, the files', async () => {
      const response = await owner.get(`/api/bases/${thisYear}/pupils/${pupilThisYear}/data-export`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/zip');
      expect(response.headers['content-disposition']).toMatch(/attachment; filename=.*\.zip/);
      const dir = await unzip(response.rawPayload);
      try {
        const files = await listFiles(dir);
        expect(files).toEqual(expect.arrayContaining(['pupil.json', 'summary.pdf', 'photo.jpg', 'documents/001-pap.pdf']));
        expect(files.filter((file) => file.startsWith('bilans/'))).toHaveLength(2);
        expect(files.filter((file) => file.startsWith('letters/'))).toHaveLength(1);
        const json = JSON.parse(await readFile(path.join(dir, 'pupil.json'), 'utf8')) as Record<string, unknown> & { classHistory: unknown[]; accesses: { who: string }[] };
        expect(Object.keys(json).sort()).toEqual(['accesses', 'bilans', 'classHistory', 'documents', 'exportedAt', 'letters', 'organization', 'photo', 'pupil'].sort());
        expect(json.pupil).toEqual({ nationalId: '70123456', lastName: 'Dupont', firstName: 'Éloïse', birthDate: '2013-05-04' });
        expect(json.classHistory.map((c) => (c as { schoolYear: string }).schoolYear)).toEqual(['2024-2025', '2025-2026']);
        expect(json.accesses).toHaveLength(1); // the document's download
        expect(await readFile(path.join(dir, 'documents/001-pap.pdf'))).toEqual(PDF);
        const pdf = await readFile(path.join(dir, 'summary.pdf'));
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        if (await has('pdftotext')) {
          const { stdout } = await run('pdftotext', [path.join(dir, 'summary.pdf'), '-']);
          expect(stdout).toContain('Éloïse Dupont');
          expect(stdout).toContain('70123456');
          expect(stdout).toContain('bilan périodique, accepté');
          expect(stdout).toContain('Information aux familles');
        }
      } finally {
        await rm(path.dirname(dir), { recursive: true, force: true });
      }
    });

    it("gives a base's direction the bases they direct only; refuses a teacher, another organisation and unknown or malformed ids", async () => {
      const direction = await f.people.direction.agent.get(`/api/bases/${thisYear}/pupils/${pupilThisYear}/data-export`);
      expect(direction.statusCode).toBe(200);
      const dir = await unzip(direction.rawPayload);
      const json = JSON.parse(await readFile(path.join(dir, 'pupil.json'), 'utf8')) as { classHistory: unknown[]; bilans: unknown[] };
      await rm(path.dirname(dir), { recursive: true, force: true });
      expect(json.classHistory).toHaveLength(1);
      expect(json.bilans).toHaveLength(1);

      expect((await f.people.teacher.agent.get(`/api/bases/${thisYear}/pupils/${pupilThisYear}/data-export`)).statusCode).toBe(403);
      const other = await makeOrganization(f.t, { owner: 'owner' });
      const foreignBase = (await makeBase(other.people.owner.agent, other.organization.id)).id;
      const outsider = await other.people.owner.agent.get(`/api/bases/${thisYear}/pupils/${pupilThisYear}/data-export`);
      expect(outsider.statusCode).toBe(404);
      expect(outsider.json<{ error: { code: string } }>().error.code).toBe('not_found');
      // A's pupil through B's base: B's owner learns nothing of it.
      const crossed = await other.people.owner.agent.get(`/api/bases/${foreignBase}/pupils/${pupilThisYear}/data-export`);
      expect(crossed.statusCode).toBe(404);
      expect(crossed.json<{ error: { code: string } }>().error.code).toBe('pupil.not_found');
      expect(crossed.body).not.toContain('Dupont');
      expect((await owner.get(`/api/bases/${thisYear}/pupils/${randomUUID()}/data-export`)).json<{ error: { code: string } }>().error.code).toBe('pupil.not_found');
      expect((await owner.get(`/api/bases/${thisYear}/pupils/${encodeURIComponent("x' OR '1'='1")}/data-export`)).statusCode).toBe(400);
    });

    it('refuses the erasure under a legal hold (409 with its code), and on a wrong name (422), erasing nothing', async () => {
      const preview = await owner.get(`/api/bases/${thisYear}/pupils/${pupilThisYear}/erasure`);
      expect(preview.statusCode).toBe(200);
      const p = preview.json<ErasurePreview>();
      expect(p.confirmation).toBe('Éloïse Dupont');
      expect(p.counts).toEqual({ pupilRecords: 2, bilans: 2, documents: 1, letters: 1, photos: 1, storedFiles: 4, documentReads: 1 });
      expect(p.bases.map((b) => b.schoolYear)).toEqual(['2024-2025', '2025-2026']);
      expect((await f.people.direction.agent.put(`/api/bases/${thisYear}/legal-hold`, { reason: 'Contentieux' })).statusCode).toBe(403);
      const held = await owner.put(`/api/bases/${lastYear}/legal-hold`, { reason: 'Contentieux en cours' });
      expect(held.statusCode).toBe(200);
      expect(held.json<{ hold: { reason: string } }>().hold.reason).toBe('Contentieux en cours');

      const refused = await owner.post(`/api/bases/${thisYear}/pupils/${pupilThisYear}/erasure`, { confirmation: 'Eloise DUPONT' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('pupil_data.legal_hold');
      expect((await owner.get(`/api/bases/${thisYear}/pupils/${pupilThisYear}/erasure`)).json<ErasurePreview>().counts.pupilRecords).toBe(2);

      expect((await owner.delete(`/api/bases/${lastYear}/legal-hold`)).json()).toEqual({ hold: null });
      const mismatch = await owner.post(`/api/bases/${thisYear}/pupils/${pupilThisYear}/erasure`, { confirmation: 'Léa Dupont' });
      expect(mismatch.statusCode).toBe(422);
      expect(mismatch.json<{ error: { code: string } }>().error.code).toBe('pupil_data.confirmation_mismatch');
      expect((await f.people.admin.agent.get(`/api/bases/${thisYear}/pupils/${pupilThisYear}/erasure`)).json<ErasurePreview>().counts.storedFiles).toBe(4);
    });

    it('erases every trace of the pupil, rows and stored objects, in every base of the organisation', async () => {
      const objectsBefore = await objectCount();
      expect(objectsBefore).toBeGreaterThanOrEqual(4);
      // The name typed back with other case, accents and spacing.
      const erased = await owner.post(`/api/bases/${thisYear}/pupils/${pupilThisYear}/erasure`, { confirmation: '  eloise   DUPONT ' });
      expect(erased.statusCode).toBe(200);
      expect(erased.json<{ counts: { pupilRecords: number } }>().counts.pupilRecords).toBe(2);

      const db = f.t.db;
      const ids = [pupilLastYear, pupilThisYear];
      const count = async (query: { execute(): Promise<unknown[]> }) => (await query.execute()).length;
      expect(await count(db.selectFrom('pupils').select('id').where((eb) => eb.or([eb('id', 'in', ids), eb('national_id', '=', '70123456'), eb('last_name', '=', 'Dupont')])))).toBe(0);
      expect(await count(db.selectFrom('base_files').select('id').where('pupil_id', 'in', ids))).toBe(0);
      expect(await count(db.selectFrom('pupil_photos').select('pupil_id').where('pupil_id', 'in', ids))).toBe(0);
      expect(await count(db.selectFrom('base_letters').select('id').where('pupil_id', 'in', ids))).toBe(0);
      expect(await count(db.selectFrom('base_documents').select('id'))).toBe(0);
      expect(await count(db.selectFrom('base_document_reads').select('id'))).toBe(0);
      expect(await count(db.selectFrom('lsu_import_bilans').select('id').where((eb) => eb.or([
        eb('pupil_id', 'in', ids), eb('pupil_national_id', '=', '70123456'), eb('pupil_last_name', '=', 'Dupont'), eb('content', 'like', '%Dupont%'),
      ])))).toBe(0);
      // The audit log: the erasure's own entry, with counts; nothing of the pupil's names or national id in any entry.
      const log = await db.selectFrom('audit_log').select(['object_kind', 'changes']).execute();
      expect(log.filter((e) => e.object_kind === 'pupil_erasure')).toEqual([{ object_kind: 'pupil_erasure', changes: expect.objectContaining({ pupilRecords: 2 }) }]);
      expect(log.filter((e) => /Dupont|70123456|Eloise|Éloïse/i.test(JSON.stringify(e.changes ?? {})))).toEqual([]);
      await eventually(async () => ((await objectCount()) === objectsBefore - 4 ? true : undefined), { what: "the pupil's stored objects are removed" });
      expect((await owner.get(`/api/bases/${thisYear}/pupils/${pupilThisYear}/erasure`)).statusCode).toBe(404);
    });
  });

  it('lists every way into the base\'s pupils\' data: roles, own profiles, teams, API tokens, running support accesses', async () => {
    const baseId = (await makeBase(owner, orgId, { name: 'École des Tilleuls' })).id;
    expect((await owner.put(`/api/bases/${baseId}/profiles/${f.people.direction.memberId}`, { profile: 'direction' })).statusCode).toBe(200);
    const team = await owner.post(`/api/organizations/${orgId}/teams`, { name: 'Vie scolaire', colour: '#228be6' });
    expect(team.statusCode).toBe(201);
    const teamId = team.json<{ id: string }>().id;
    expect((await owner.put(`/api/organizations/${orgId}/teams/${teamId}/products`, { products: [{ kind: 'base', baseId, profile: 'read_only' }] })).statusCode).toBe(200);
    expect((await owner.post(`/api/organizations/${orgId}/teams/${teamId}/members`, { memberIds: [f.people.teamMate.memberId], emails: [] })).statusCode).toBeLessThan(300);
    expect((await owner.post(`/api/bases/${baseId}/api-tokens`, { name: 'Logiciel de vie scolaire' })).statusCode).toBe(201);
    expect((await owner.post(`/api/organizations/${orgId}/support-access`, { durationHours: 2, reason: 'Import bloqué', write: false })).statusCode).toBe(201);

    const response = await owner.get(`/api/bases/${baseId}/minors-data-access`);
    expect(response.statusCode).toBe(200);
    const report = response.json<MinorsDataAccess>();
    const sourcesOf = (memberId: string) => report.people.find((p) => p.memberId === memberId)?.sources.map((s) => s.source.kind === 'team' ? `team:${s.source.teamName}` : s.source.kind);
    expect(sourcesOf(f.people.owner.memberId)).toEqual(['role']);
    expect(sourcesOf(f.people.admin.memberId)).toEqual(['role']);
    expect(sourcesOf(f.people.direction.memberId)).toEqual(['direct']);
    expect(sourcesOf(f.people.teamMate.memberId)).toEqual(['team:Vie scolaire']);
    expect(sourcesOf(f.people.teacher.memberId)).toBeUndefined();
    expect(report.tokens.map((token) => token.name)).toEqual(['Logiciel de vie scolaire']);
    expect(report.support.map((s) => s.reason)).toEqual(['Import bloqué']);
    expect((await f.people.direction.agent.get(`/api/bases/${baseId}/minors-data-access`)).statusCode).toBe(403);
  });

  describe('retention on archived bases', () => {
    it('names the last school year ended before a date', () => {
      expect(lastSchoolYearEndedBefore('2025-07-31')).toBe('2023-2024');
      expect(lastSchoolYearEndedBefore('2025-08-01')).toBe('2024-2025');
      expect(lastSchoolYearEndedBefore('2026-01-15')).toBe('2024-2025');
    });

    it("lets the operator set the rules (defaults until then), and no one else", async () => {
      const operator = f.people.admin;
      // (The legal owner, first account of this trial instance, is an operator.)
      const before = await f.people.teacher.agent.get('/api/operator/minors-data/retention');
      expect(before.statusCode).toBe(403);
      await createOperatorsRepository(f.t.db).grant(operator.userId);
      const defaults = (await operator.agent.get('/api/operator/minors-data/retention')).json<RetentionSettings>();
      expect(defaults).toMatchObject({ rules: { schoolingDays: 365, identityDays: 0, accessLogDays: 365 }, updatedAt: null });
      expect((await operator.agent.put('/api/operator/minors-data/retention', { schoolingDays: -1, identityDays: 0, accessLogDays: 365 })).statusCode).toBe(400);
      // A string of spaces is no number of days (Ajv would read it as 0).
      const blank = await operator.agent.put('/api/operator/minors-data/retention', { schoolingDays: 365, identityDays: '  ', accessLogDays: 365 });
      expect(blank.statusCode).toBe(400);
      expect(blank.json<{ error: { fields: Record<string, { code: string }> } }>().error.fields['/identityDays']?.code).toBe('validation.type');
      const set = await operator.agent.put('/api/operator/minors-data/retention', { schoolingDays: 400, identityDays: 30, accessLogDays: 200 });
      expect(set.statusCode).toBe(200);
      expect(set.json<RetentionSettings>().rules).toEqual({ schoolingDays: 400, identityDays: 30, accessLogDays: 200 });
      expect((await operator.agent.put('/api/operator/minors-data/retention', { schoolingDays: 365, identityDays: 0, accessLogDays: 365 })).statusCode).toBe(200);
      await createOperatorsRepository(f.t.db).revoke(operator.userId);
    });

    it('removes what is past its time on archived bases, suspended by a legal hold, idempotent', async () => {
      const clock = () => new Date(nowMs);
      const retention = createRetentionService({ db: f.t.db, accessLog: noPupilAccessLog, now: clock });
      const old = (await makeBase(owner, orgId, { schoolYear: '2022-2023', name: 'Collège ancien' })).id;
      const held = (await makeBase(owner, orgId, { schoolYear: '2022-2023', name: 'Collège en litige' })).id;
      const later = (await makeBase(owner, orgId, { schoolYear: '2026-2027', name: 'Collège ancien' })).id;
      const leaver = await addPupil(old, '80000001', 'Martin', 'Hugo');
      const stayer = await addPupil(old, '80000002', 'Bernard', 'Inès');
      await addPupil(later, '80000002', 'Bernard', 'Inès');
      const heldPupil = await addPupil(held, '80000003', 'Petit', 'Noé');
      for (const [baseId, pupilId, nationalId, last, first] of [[old, leaver, '80000001', 'Martin', 'Hugo'], [held, heldPupil, '80000003', 'Petit', 'Noé']] as const) {
        await addBilan(baseId, pupilId, nationalId, { last, first }, '2022-2023');
        await addFiles(baseId, pupilId);
      }
      // Not archived yet: nothing happens, whatever the date.
      nowMs = Date.parse('2026-03-02T10:00:00Z');
      expect(await retention.run()).toMatchObject({ pupilsRemoved: 0, bilansRemoved: 0, filesRemoved: 0 });
      await f.t.db.updateTable('school_bases').set({ state: 'archived' }).where('id', 'in', [old, held]).execute();
      expect((await owner.put(`/api/bases/${held}/legal-hold`, { reason: 'Enquête' })).statusCode).toBe(200);
      // 2022-2023 ended on 31 July 2023; its schooling data is kept 365 days, until 30 July 2024.
      nowMs = Date.parse('2024-07-30T10:00:00Z');
      expect(await retention.run()).toMatchObject({ basesExamined: 2, basesHeld: 1, pupilsRemoved: 0, bilansRemoved: 0, filesRemoved: 0 });
      nowMs = Date.parse('2026-03-02T10:00:00Z');
      const first = await retention.run();
      expect(first).toMatchObject({ basesExamined: 2, basesHeld: 1, pupilsRemoved: 1, bilansRemoved: 1, filesRemoved: 4 });
      // The leaver is gone; the pupil still in a later base keeps their identity; the held base keeps everything.
      const pupils = await f.t.db.selectFrom('pupils').select('id').where('id', 'in', [leaver, stayer, heldPupil]).execute();
      expect(pupils.map((p) => p.id).sort()).toEqual([stayer, heldPupil].sort());
      expect(await f.t.db.selectFrom('base_files').select('id').where('base_id', '=', old).execute()).toEqual([]);
      expect(await f.t.db.selectFrom('lsu_import_bilans').select('id').where('base_id', '=', old).execute()).toEqual([]);
      expect(await f.t.db.selectFrom('base_files').select('id').where('base_id', '=', held).execute()).toHaveLength(4);
      expect(await f.t.db.selectFrom('lsu_import_bilans').select('id').where('base_id', '=', held).execute()).toHaveLength(1);
      // Again: nothing more.
      expect(await retention.run()).toMatchObject({ pupilsRemoved: 0, bilansRemoved: 0, filesRemoved: 0 });
      // The hold lifted, the held base goes the same way.
      expect((await owner.delete(`/api/bases/${held}/legal-hold`)).statusCode).toBe(200);
      nowMs += 3_600_000;
      expect(await retention.run()).toMatchObject({ basesHeld: 0, pupilsRemoved: 1, bilansRemoved: 1, filesRemoved: 4 });
      const settings = await retention.settings();
      expect(settings.lastRun).toMatchObject({ pupilsRemoved: 1, filesRemoved: 4 });
    });
  });
});
