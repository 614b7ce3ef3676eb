// The audit log on both databases: written by the database in the work's own transaction, append-only
// for the application's connection, read by managers (organisation) and the base's direction (base),
// exported as CSV, purged past its retention; reads of a pupil's data recorded; the support named.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage, Base } from '@preau/contracts';
import { createTestDatabase, makeBase, makeOrganization, makePerson, createTestApp, type Agent, type TestApp } from '../../../test/support/index.ts';
import { runInSystemScope, runInTenantScope, setAuditContext } from '../../db/tenant-scope.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { createAuditRepository } from './audit.repository.ts';
import { createAuditService } from './audit.service.ts';

/** Tables holding an organisation's rows that the log does not follow row by row, and why. */
const NOT_AUDITED: Record<string, string> = {
  audit_log: 'the log itself',
  lsu_import_bilans: "an import's bilans, by the ten thousand: the import's own row records what it stored",
  lsu_import_bilans_unscoped: "the bilans' partition",
  billing_document_words: "words derived from a document's lines, for the search",
  hosting_sessions: "the hosting console's sign-ins (a session row per sign-in, touched on every request)",
  support_actions: "the support's own record of what it did (its changes are in the log too)",
  base_document_reads: 'who downloaded a document: itself a record of reads',
  hosting_migration_events: 'what the hosting console did for a migration: itself a record (the changes it made are in the log)',
};
/** Tables written by the thousand: one summary entry per statement. */
const SUMMARISED = ['billing_document_lines', 'billing_balance_ledger', 'billing_payment_decisions', 'billing_reminder_messages'];

describe('the audit log in the schema', () => {
  it('follows every table holding an organisation: a row trigger, a summary per statement, or a stated reason not to', async () => {
    const handle = await createTestDatabase();
    try {
      const { rows } = await sql<{ table: string; row: boolean; statement: boolean }>`
        select c.relname as table,
          exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'audit_changes') as row,
          exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'audit_inserts') as statement
        from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
          and (c.relname = 'organization' or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped))
        order by 1`.execute(handle.db);
      const wrong = rows.filter((r) => (Object.hasOwn(NOT_AUDITED, r.table) ? r.row || r.statement : SUMMARISED.includes(r.table) ? !r.statement || r.row : !r.row || r.statement));
      expect(wrong).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});

describe('the audit log', () => {
  let t: TestApp;
  let orgId: string;
  let owner: Agent;
  let ownerId: string;
  let direction: Agent;
  let base: Base;
  let otherBase: Base;
  let pupilId: string;

  const entries = async (agent: Agent, url: string) => {
    const response = await agent.get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<AuditPage>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    const org = await makeOrganization(t, { owner: 'owner', head: 'collaborator' }, { name: 'Collège audité' });
    orgId = org.organization.id;
    owner = org.people.owner.agent;
    ownerId = org.people.owner.userId;
    direction = org.people.head.agent;
    base = await makeBase(owner, orgId, { name: 'Base suivie' });
    otherBase = await makeBase(owner, orgId, { name: 'Autre base' });
    expect((await owner.put(`/api/bases/${base.id}/profiles/${org.people.head.memberId}`, { profile: 'direction' })).statusCode).toBe(200);
    const created = await owner.post(`/api/bases/${base.id}/classes`, { code: '6A', label: '6e A' });
    expect(created.statusCode, created.body).toBe(201);
    const pupil = await direction.post(`/api/bases/${base.id}/pupils`, { nationalId: '123456', lastName: 'Martin', firstName: 'Éloïse', classId: created.json<{ id: string }>().id });
    expect(pupil.statusCode, pupil.body).toBe(201);
    pupilId = pupil.json<{ id: string }>().id;
    await owner.post(`/api/bases/${otherBase.id}/classes`, { code: '5B', label: '5e B' });
  });
  afterAll(() => t?.close());

  it("records a change with its actor, action, before and after, IP and user agent, in the work's transaction", async () => {
    const renamed = await owner.request({ method: 'PATCH', url: `/api/organizations/${orgId}`, body: { name: 'Collège renommé' }, headers: { 'user-agent': 'AuditTest/1.0' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const page = await entries(owner, `/api/organizations/${orgId}/audit?action=organization.rename`);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      actorKind: 'account', actorId: ownerId, actorName: 'Owner Person', action: 'organization.rename', operation: 'update',
      objectKind: 'organization', objectId: orgId, changes: { before: { name: 'Collège audité' }, after: { name: 'Collège renommé' } }, userAgent: 'AuditTest/1.0',
    });
    expect(page.items[0]!.ip).toBeTruthy();
    // A refused change leaves no entry: the entry is the work's, and rolls back with it.
    const before = (await entries(owner, `/api/organizations/${orgId}/audit`)).items[0]!.id;
    const refused = await direction.post(`/api/bases/${base.id}/pupils`, { nationalId: '123456', lastName: 'Twin', firstName: 'Same', classId: 'nope' });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect((await entries(owner, `/api/organizations/${orgId}/audit`)).items[0]!.id).toBe(before);
  });

  it('names the base of a change, and shows the direction only its base', async () => {
    const pupilEntries = await entries(owner, `/api/organizations/${orgId}/audit?objectId=${pupilId}`);
    expect(pupilEntries.items.map((e) => [e.operation, e.objectKind, e.baseId, e.action])).toEqual([['insert', 'pupil', base.id, 'base.structure.write']]);
    expect(pupilEntries.items[0]!.changes).toMatchObject({ after: { last_name: 'Martin', first_name: 'Éloïse' } });
    const mine = await entries(direction, `/api/bases/${base.id}/audit?limit=200`);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.baseId === base.id)).toBe(true);
    expect((await direction.get(`/api/bases/${otherBase.id}/audit`)).statusCode).toBe(403);
    expect((await direction.get(`/api/organizations/${orgId}/audit`)).statusCode).toBe(403);
  });

  it('filters on person, action prefix, object kind, dates and text, and pages by cursor', async () => {
    const byOwner = await entries(owner, `/api/organizations/${orgId}/audit?person=${ownerId}&limit=200`);
    expect(byOwner.items.length).toBeGreaterThan(2);
    expect(byOwner.items.every((e) => e.actorId === ownerId)).toBe(true);
    const structure = await entries(owner, `/api/organizations/${orgId}/audit?action=base.structure.&objectKind=class`);
    expect(structure.items.map((e) => e.objectKind)).toEqual(['class', 'class']);
    const text = await entries(owner, `/api/organizations/${orgId}/audit?q=eloise`);
    expect(text.items.map((e) => e.objectId)).toContain(pupilId);
    const today = new Date().toISOString().slice(0, 10);
    expect((await entries(owner, `/api/organizations/${orgId}/audit?from=2000-01-01&to=2000-01-02`)).items).toEqual([]);
    expect((await entries(owner, `/api/organizations/${orgId}/audit?from=${today}`)).items.length).toBeGreaterThan(0);
    // Pages of two, newest first, with nothing lost nor repeated.
    const all = (await entries(owner, `/api/organizations/${orgId}/audit?limit=200`)).items.map((e) => e.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditPage = await entries(owner, `/api/organizations/${orgId}/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect((await owner.get(`/api/organizations/${orgId}/audit?action=drop%20table`)).statusCode).toBe(400);
    expect((await owner.get(`/api/organizations/${orgId}/audit?q=${'%'.repeat(3)}_'`)).statusCode).toBe(200);
  });

  it('records reads of a pupil’s data: the pupil’s bilans, the base’s pupils, the export of all the pupil’s data', async () => {
    expect((await direction.get(`/api/bases/${base.id}/pupils/${pupilId}/bilans`)).statusCode).toBe(200);
    expect((await direction.get(`/api/bases/${base.id}/pupils`)).statusCode).toBe(200);
    expect((await direction.get(`/api/bases/${base.id}/pupils/${pupilId}/data-export`)).statusCode).toBe(200);
    const reads = await entries(owner, `/api/organizations/${orgId}/audit?person=${direction.user!.id}&limit=5`);
    expect(reads.items.filter((e) => e.operation === 'read').map((e) => [e.action, e.objectKind, e.objectId, e.baseId])).toEqual([
      ['pupilData.read', 'pupil', pupilId, base.id],
      ['base.structure.read', 'base', base.id, base.id],
      ['pupilBilans.read', 'pupil', pupilId, base.id],
    ]);
  });

  it('exports the filtered log as CSV', async () => {
    const csv = await owner.get(`/api/organizations/${orgId}/audit.csv?objectKind=pupil`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('Acteur');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.includes(';pupil;'))).toBe(true);
    const baseCsv = await direction.get(`/api/bases/${base.id}/audit.csv`);
    expect(baseCsv.statusCode).toBe(200);
    expect(baseCsv.body).toContain(pupilId);
  });

  it("cannot be changed by the application's connection: updates, deletes and truncation are refused", async () => {
    const refused = async (statements: string[]) => {
      const run = () => t.db.transaction().execute(async (trx) => {
        for (const statement of statements) await sql.raw(statement).execute(trx);
      });
      const outcome = await runInTenantScope(orgId, run).then(() => 'done', (error: Error) => error.message);
      expect(outcome).toMatch(/append-only/);
    };
    const count = async () => Number((await sql<{ n: number }>`select count(*) as n from audit_log where organization_id = ${orgId}`.execute(t.db)).rows[0]!.n);
    const before = await count();
    await refused([`update audit_log set actor_name = 'someone else' where organization_id = '${orgId}'`]);
    await refused([`delete from audit_log where organization_id = '${orgId}'`]);
    await refused(['truncate audit_log']);
    // The purge's switch alone lets nothing younger than the retention go.
    await refused(["select set_config('preau.audit_purge', 'on', true)", `delete from audit_log where organization_id = '${orgId}'`]);
    expect(await count()).toBe(before);
  });

  it('keeps entries for the retention the managers set (30 to 3650 days), and the purge removes older ones only', async () => {
    expect((await owner.get(`/api/organizations/${orgId}/audit/settings`)).json()).toEqual({ retentionDays: 365 });
    expect((await owner.put(`/api/organizations/${orgId}/audit/settings`, { retentionDays: 29 })).statusCode).toBe(400);
    expect((await owner.put(`/api/organizations/${orgId}/audit/settings`, { retentionDays: 4000 })).statusCode).toBe(400);
    expect((await owner.put(`/api/organizations/${orgId}/audit/settings`, { retentionDays: 30 })).json()).toEqual({ retentionDays: 30 });
    const setting = await entries(owner, `/api/organizations/${orgId}/audit?objectKind=audit_settings`);
    expect(setting.items[0]).toMatchObject({ action: 'audit.manage', operation: 'insert', changes: { after: { retention_days: 30 } } });
    // Two entries written 40 and 20 days ago (inserting is what the log allows).
    await sql`insert into audit_log (organization_id, at, actor_kind, action, operation, object_kind) values
      (${orgId}, now() - interval '40 days', 'system', 'old.entry', 'update', 'old'),
      (${orgId}, now() - interval '20 days', 'system', 'recent.entry', 'update', 'old')`.execute(t.db);
    const service = createAuditService({ audit: createAuditRepository(t.db), now: () => new Date() });
    expect(await runInSystemScope(() => service.purgeExpired())).toBe(1);
    const left = await entries(owner, `/api/organizations/${orgId}/audit?objectKind=old`);
    expect(left.items.map((e) => e.action)).toEqual(['recent.entry']);
  });

  it('names an operator acting under a support access, with the access', async () => {
    const operator = await makePerson(t, { name: 'Support Person' });
    await createOperatorsRepository(t.db).grant(operator.user!.id);
    const grantId = randomUUID();
    await t.db.insertInto('support_grants').values({ id: grantId, organization_id: orgId, reason: 'Audit test', write: true, granted_by_user_id: null, granted_by_name: 'Owner', created_at: new Date(Date.now() - 60_000), ends_at: new Date(Date.now() + 3_600_000), revoked_at: null, revoked_by_name: null, first_used_at: null, end_notified_at: null }).execute();
    const renamed = await operator.request({ method: 'PATCH', url: `/api/bases/${otherBase.id}`, body: { name: 'Renommée par le support' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const page = await entries(owner, `/api/organizations/${orgId}/audit?objectId=${otherBase.id}&limit=1`);
    expect(page.items[0]).toMatchObject<Partial<AuditEntry>>({ actorKind: 'operator_support', actorId: operator.user!.id, actorName: 'Support Person', supportAccessId: grantId, operation: 'update', baseId: otherBase.id });
  });

  // Write routes whose bodies the access walk (test/access.test.ts) does not build: called here with
  // success, each must leave an entry of its action.
  it('records the writes of pupils, photos, invitations, support access, team members, put in service, uploads, naming their callers', async () => {
    const photo = await sharp({ create: { width: 30, height: 40, channels: 3, background: '#a08070' } }).jpeg().toBuffer();
    const team = await owner.post(`/api/organizations/${orgId}/teams`, { name: 'Équipe auditée', colour: '#123456' });
    expect(team.statusCode, team.body).toBe(201);
    const teamId = team.json<{ id: string }>().id;
    const classId = (await entries(direction, `/api/bases/${base.id}/audit?objectKind=class&limit=1`)).items[0]!.objectId!;
    const fresh = await makeBase(owner, orgId, { name: 'Base à ouvrir', empty: true });
    let uploadUrl = '';
    const calls: { action: string; call: () => Promise<{ statusCode: number; body: string }> }[] = [
      { action: 'base.structure.write', call: () => direction.put(`/api/bases/${base.id}/pupils/${pupilId}`, { nationalId: '123456', lastName: 'Martin', firstName: 'Éloïse Anne', classId }) },
      { action: 'pupilPhotos.write', call: () => direction.request({ method: 'PUT', url: `/api/bases/${base.id}/pupils/${pupilId}/photo`, body: photo, headers: { 'content-type': 'image/jpeg' } }) },
      { action: 'invitations.create', call: () => owner.post(`/api/organizations/${orgId}/invitations`, { emails: ['invitee@example.test'], role: 'collaborator' }) },
      { action: 'teams.members.manage', call: () => owner.post(`/api/organizations/${orgId}/teams/${teamId}/members`, { emails: ['teammate@example.test'], inviteRole: 'external' }) },
      { action: 'supportAccess.manage', call: () => owner.post(`/api/organizations/${orgId}/support-access`, { durationHours: 1, reason: 'Audit test', write: false }) },
      { action: 'base.manage', call: () => owner.post(`/api/bases/${fresh.id}/put-in-service`) },
      { action: 'uploads.resumable', call: async () => {
        const metadata = `purpose ${Buffer.from('document').toString('base64')},filename ${Buffer.from('a.txt').toString('base64')}`;
        const created = await direction.request({ method: 'POST', url: `/api/bases/${base.id}/uploads`, headers: { 'tus-resumable': '1.0.0', 'upload-length': '5', 'upload-metadata': metadata } });
        uploadUrl = created.headers.location as string;
        return created;
      } },
      // The last chunk: the upload is complete (its received bytes alone are book-keeping).
      { action: 'uploads.resumable', call: () => direction.request({ method: 'PATCH', url: uploadUrl, body: Buffer.from('hello'), headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' } }) },
    ];
    const silent: string[] = [];
    for (const { action, call } of calls) {
      const last = Number((await entries(owner, `/api/organizations/${orgId}/audit?limit=1`)).items[0]!.id);
      const response = await call();
      expect(response.statusCode, `${action}: ${response.body}`).toBeLessThan(300);
      const { rows } = await sql<{ n: number }>`select count(*) as n from audit_log where id > ${last} and action = ${action}`.execute(t.db);
      if (Number(rows[0]!.n) === 0) silent.push(action);
    }
    expect(silent).toEqual([]);
    const grant = (await t.db.selectFrom('support_grants').select('id').where('organization_id', '=', orgId).where('reason', '=', 'Audit test').executeTakeFirstOrThrow()).id;
    expect((await owner.post(`/api/organizations/${orgId}/support-access/${grant}/revoke`)).statusCode).toBeLessThan(300);
    expect((await entries(owner, `/api/organizations/${orgId}/audit?objectId=${grant}&limit=1`)).items[0]).toMatchObject({ action: 'supportAccess.manage', operation: 'update' });
  });

  it('writes the changed fields only, long values cut, secrets named and never valued, ids of two columns joined', async () => {
    const latest = async (objectKind: string) =>
      (await entries(owner, `/api/organizations/${orgId}/audit?objectKind=${objectKind}&limit=1`)).items[0]!;
    const token = await owner.post(`/api/bases/${base.id}/api-tokens`, { name: 'Jeton du logiciel' });
    expect(token.statusCode, token.body).toBe(201);
    const created = await latest('api_token');
    expect(created).toMatchObject({ operation: 'insert', changes: { before: {}, after: { name: 'Jeton du logiciel' }, secrets: ['token_hash'] } });
    expect(JSON.stringify(created.changes)).not.toContain(token.json<{ token: string }>().token);
    expect(Object.keys((created.changes as { after: object }).after)).not.toContain('organization_id');

    const long = 'é'.repeat(300);
    const { name } = await runInSystemScope(() => t.db.selectFrom('school_bases').select('name').where('id', '=', otherBase.id).executeTakeFirstOrThrow());
    await runInSystemScope(() => t.db.updateTable('school_bases').set({ name: long }).where('id', '=', otherBase.id).execute());
    const renamed = await latest('base');
    expect(renamed.changes).toEqual({ before: { name }, after: { name: `${'é'.repeat(197)}…` } });
    // A change of book-keeping columns only is no entry.
    const before = renamed.id;
    await runInSystemScope(() => t.db.updateTable('school_bases').set({ updated_at: new Date() }).where('id', '=', otherBase.id).execute());
    expect((await latest('base')).id).toBe(before);

    const profile = (await entries(owner, `/api/organizations/${orgId}/audit?objectKind=base_profile&limit=1`)).items[0]!;
    expect(profile.objectId).toMatch(new RegExp(`^${base.id}/.+`));

    const schoolClass = (await owner.post(`/api/bases/${otherBase.id}/classes`, { code: '3C', label: '3e C' })).json<{ id: string }>();
    expect((await owner.delete(`/api/bases/${otherBase.id}/classes/${schoolClass.id}`)).statusCode).toBeLessThan(300);
    expect(await latest('class')).toMatchObject({ operation: 'delete', objectId: schoolClass.id, changes: { before: { code: '3C', label: '3e C' }, after: {} } });
  });

  it('names the system for work done outside a request, and whoever a context names', async () => {
    await runInSystemScope(() => t.db.updateTable('school_bases').set({ name: 'Renommée par un job' }).where('id', '=', base.id).execute());
    await runInSystemScope(async () => {
      setAuditContext({ k: 'api_token', id: 'no-such-token', a: 'lsuImports.create' });
      await t.db.updateTable('school_bases').set({ name: 'Renommée par un jeton' }).where('id', '=', base.id).execute();
    });
    const page = await entries(owner, `/api/organizations/${orgId}/audit?objectId=${base.id}&objectKind=base&limit=2`);
    expect(page.items.map((e) => [e.actorKind, e.action, e.actorId])).toEqual([['api_token', 'lsuImports.create', 'no-such-token'], ['system', 'system', null]]);
  });
});
