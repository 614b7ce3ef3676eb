import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecoveryReport } from '@preau/contracts';
import { createOrganizationApp, hostingAgent, makeBase, makeOrganization, makePerson, type Agent, type OrganizationApp } from '../../../test/support/index.ts';
import { grantBaseProfile } from '../lsu-imports/lsu-imports.factories.ts';

const ROLES = { owner: 'owner', admin: 'admin', director: 'collaborator', teacher: 'collaborator', outsider: 'external' } as const;

describe("profiles files: a base's users generated, then recovered in the hosting console", () => {
  let o: OrganizationApp<keyof typeof ROLES>;
  let sourceBase: string;
  let file: Buffer;
  let targetOrg: string;
  let targetNumber: string;
  let hosting: Agent;
  let uai: string;

  const send = (path: 'preview' | 'apply', body: Buffer) =>
    hosting.request({ method: 'POST', url: `/api/hosting/profiles/${path}`, body, headers: { 'content-type': 'application/octet-stream' } });
  const outcomes = (report: RecoveryReport) => Object.fromEntries(report.entries.map((e) => [e.name, e.outcome]));

  beforeAll(async () => {
    // The local Préau: a base with a direction, a teacher (ending next year) and an outsider without profile.
    o = await createOrganizationApp(ROLES, { name: 'Collège local' });
    const base = await makeBase(o.people.owner.agent, o.organization.id, { name: 'Collège Jean Moulin' });
    sourceBase = base.id;
    uai = base.uai;
    await grantBaseProfile(o.t.db, { organizationId: o.organization.id, baseId: sourceBase, memberId: o.people.director.memberId, profile: 'direction' });
    await grantBaseProfile(o.t.db, { organizationId: o.organization.id, baseId: sourceBase, memberId: o.people.teacher.memberId, profile: 'teacher' });

    // The provider's Préau (here the same instance): an organisation with its hosting number and the school's base loaded.
    const target = await makeOrganization(o.t, { owner: 'owner', director: 'collaborator' }, { name: 'Collège hébergé' });
    targetOrg = target.organization.id;
    targetNumber = (await o.t.db.selectFrom('organization').select('hosting_number').where('id', '=', targetOrg).executeTakeFirstOrThrow()).hosting_number;
    await makeBase(target.people.owner.agent, targetOrg, { uai, name: 'Collège Jean Moulin' });
    // The director is a member there already, without profile; the teacher's address has an account under another name.
    await o.t.db.updateTable('user').set({ email: `moved-${randomUUID()}@example.test` }).where('id', '=', target.people.director.userId).execute();
    await o.t.db.updateTable('member').set({ user_id: o.people.director.userId }).where('id', '=', target.people.director.memberId).execute();
    hosting = await hostingAgent(o.t, targetOrg);

    const response = await o.people.owner.agent.get(`/api/bases/${sourceBase}/profiles-file?hostingNumber=${targetNumber}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(`${uai}-2025-2026.preau-profils`);
    file = response.rawPayload;
  });
  afterAll(() => o?.close());

  it('carries e-mails, names, roles and profiles, never a password, for the managers and the members with a profile', () => {
    const text = gunzipSync(file).toString('utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines[0]).toMatchObject({ format: 'preau-profils', formatVersion: 1, base: { uai, schoolYear: '2025-2026', hostingNumber: targetNumber } });
    expect(lines[1]).toEqual({ part: 'profiles', columns: ['email', 'name', 'role', 'profile', 'ends_on'] });
    const rows = lines.slice(2, -1) as unknown[][];
    expect(rows.map((r) => [r[2], r[3]]).sort()).toEqual([['admin', null], ['collaborator', 'direction'], ['collaborator', 'teacher'], ['owner', null]]);
    expect(text).not.toMatch(/password|scrypt|\$/i);
    expect((lines.at(-1) as { manifest: { parts: { name: string; rows: number }[] } }).manifest.parts).toEqual([expect.objectContaining({ name: 'profiles', rows: 4 })]);
  });

  it('previews who is a member, who will be invited and the conflicts; applying grants and invites once, and again changes nothing', async () => {
    // An address of the file has an account here under another name: a conflict left to a person.
    const stranger = await makePerson(o.t, { name: 'Quelqu\'un d\'autre' });
    await o.t.db.updateTable('user').set({ email: `was-${randomUUID()}@example.test` }).where('id', '=', o.people.admin.userId).execute();
    await o.t.db.updateTable('user').set({ email: o.people.admin.email }).where('id', '=', stranger.user!.id).execute();

    const preview = await send('preview', file);
    expect(preview.statusCode).toBe(200);
    const report = preview.json<RecoveryReport>();
    expect(report).toMatchObject({ applied: false, base: { uai, schoolYear: '2025-2026' }, counts: { grant: 1, invite: 2, conflicts: 1 } });
    const names = outcomes(report);
    expect(names).toEqual({ 'director person': 'grant', 'teacher person': 'invite', 'Owner Person': 'invite', 'admin person': 'conflict_name' });
    expect(report.entries.find((e) => e.outcome === 'conflict_name')?.accountName).toBe('Quelqu\'un d\'autre');
    // A preview changes nothing.
    expect(await o.t.db.selectFrom('invitation').select('id').where('organization_id', '=', targetOrg).execute()).toEqual([]);

    const applied = (await send('apply', file)).json<RecoveryReport>();
    expect(applied).toMatchObject({ applied: true, counts: { grant: 1, invite: 2, conflicts: 1 } });
    const profile = await o.t.db.selectFrom('base_profiles as bp').innerJoin('member as m', 'm.id', 'bp.member_id').select(['bp.profile', 'm.user_id']).where('bp.organization_id', '=', targetOrg).execute();
    expect(profile).toEqual([{ profile: 'direction', user_id: o.people.director.userId }]);
    const invitations = await o.t.db.selectFrom('invitation as i').leftJoin('invitation_base_profiles as ip', 'ip.invitation_id', 'i.id').select(['i.role', 'ip.profile']).where('i.organization_id', '=', targetOrg).orderBy('i.role').execute();
    // The legal owner comes back as an administrator; the teacher with their profile on accepting.
    expect(invitations).toEqual([{ role: 'admin', profile: null }, { role: 'collaborator', profile: 'teacher' }]);

    const again = (await send('apply', file)).json<RecoveryReport>();
    expect(again.counts).toMatchObject({ ready: 1, grant: 0, invite: 0, invited: 2 });
    expect(await o.t.db.selectFrom('invitation').select('id').where('organization_id', '=', targetOrg).execute()).toHaveLength(2);
  });

  it('gives the invited teacher their profile on the base when they accept', async () => {
    const invitation = await o.t.db.selectFrom('invitation').select('id').where('organization_id', '=', targetOrg).where('email', '=', o.people.teacher.email).executeTakeFirstOrThrow();
    const accepted = await o.people.teacher.agent.post(`/api/invitations/${invitation.id}/accept`);
    expect(accepted.statusCode).toBeLessThan(300);
    const granted = await o.t.db.selectFrom('base_profiles as bp').innerJoin('member as m', 'm.id', 'bp.member_id').select('bp.profile').where('m.user_id', '=', o.people.teacher.userId).where('bp.organization_id', '=', targetOrg).execute();
    expect(granted).toEqual([{ profile: 'teacher' }]);
  });

  it("refuses another organisation's file, a school it has no base of, and a file that is no profiles file, recovering nothing", async () => {
    const other = await makeOrganization(o.t, { owner: 'owner' }, { name: 'Autre' });
    const otherHosting = await hostingAgent(o.t, other.organization.id);
    const foreign = await otherHosting.request({ method: 'POST', url: '/api/hosting/profiles/apply', body: file, headers: { 'content-type': 'application/octet-stream' } });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json()).toMatchObject({ error: { code: 'hosting_file.other_hosting_number' } });

    const lines = gunzipSync(file).toString('utf8').trim().split('\n');
    const head = JSON.parse(lines[0]!) as { base: { schoolYear: string } };
    head.base.schoolYear = '2030-2031';
    const otherYear = gzipSync(Buffer.from([JSON.stringify(head), ...lines.slice(1)].map((l) => `${l}\n`).join('')));
    expect((await send('preview', otherYear)).json()).toMatchObject({ error: { code: 'hosting_profiles.base_missing', params: { schoolYear: '2030-2031' } } });
    expect((await send('preview', gzipSync(Buffer.from('{"format":"preau-base","formatVersion":1}\n')))).json()).toMatchObject({ error: { code: 'hosting_profiles.unreadable' } });
    expect((await send('preview', Buffer.from('not gzip at all'))).statusCode).toBe(422);
    const badRow = gzipSync(Buffer.from([lines[0], lines[1], '["not an e-mail","X","collaborator",null,null]', lines.at(-1)].map((l) => `${l}\n`).join('')));
    expect((await send('preview', badRow)).json()).toMatchObject({ error: { code: 'hosting_file.row_invalid', params: { part: 'profiles', row: 1 } } });
  });
});
