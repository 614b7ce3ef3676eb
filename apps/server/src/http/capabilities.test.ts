import { describe, expect, it } from 'vitest';
import { ACCESS_ACTIONS, CAPABILITIES, DERIVED_CAPABILITIES } from '@preau/contracts';
import { ACCESS_TABLE } from './access-table.ts';
import { baseCapabilities, organizationCapabilities, supportCapabilities } from './capabilities.ts';

describe('capabilities', () => {
  it('are named by the contracts: the same actions as the access table, and derived ones apart', () => {
    expect([...ACCESS_ACTIONS].sort()).toEqual(Object.keys(ACCESS_TABLE).sort());
    expect(DERIVED_CAPABILITIES.filter((name) => Object.hasOwn(ACCESS_TABLE, name))).toEqual([]);
    expect(new Set(CAPABILITIES).size).toBe(CAPABILITIES.length);
  });

  it('give each role the organisation actions of its role rules; only a legal owner appoints legal owners', () => {
    const managed = ['billing.read', 'billing.manage', 'organization.read', 'organization.rename', 'members.list', 'members.update', 'members.remove',
      'invitations.create', 'invitations.list', 'invitations.cancel', 'invitations.resend', 'bases.list', 'bases.create', 'storage.read',
      'teams.list', 'teams.read', 'teams.manage', 'teams.members.manage', 'members.access.read', 'billing.access.read', 'supportAccess.manage', 'search.read'];
    // Hosting credentials: sent on a manager's demand, reset by a legal owner only.
    expect(organizationCapabilities('owner', true)).toEqual([...managed, 'hosting.credentials.send', 'hosting.password.reset', 'bases.rolloverSettings', 'audit.read', 'audit.manage', 'members.appoint_owner']);
    expect(organizationCapabilities('admin', true)).toEqual([...managed, 'hosting.credentials.send', 'bases.rolloverSettings', 'audit.read', 'audit.manage']);
    const everyone = ['organization.read', 'members.list', 'bases.list', 'teams.list', 'teams.read', 'search.read'];
    for (const role of ['collaborator', 'external'] as const) {
      expect(organizationCapabilities(role, false)).toEqual(everyone);
    }
    // The billing switch opens billing to a collaborator, never to an external.
    expect(organizationCapabilities('collaborator', true)).toEqual(['billing.read', 'billing.manage', ...everyone]);
    expect(organizationCapabilities('external', true)).toEqual(everyone);
    // A team's billing right opens billing to whoever is in it, externals included.
    expect(organizationCapabilities('external', false, 'read')).toEqual(['billing.read', ...everyone]);
    expect(organizationCapabilities('collaborator', false, 'manage')).toEqual(['billing.read', 'billing.manage', ...everyone]);
  });

  it("give the support an administrator's reading, its changes only when allowed, and never what the support may not do", () => {
    expect(supportCapabilities(false)).toEqual(['billing.read', 'organization.read', 'members.list', 'invitations.list', 'bases.list', 'storage.read', 'teams.list', 'teams.read', 'members.access.read', 'billing.access.read', 'search.read', 'audit.read']);
    const write = supportCapabilities(true);
    expect(write).toContain('organization.rename');
    expect(write).toContain('bases.create');
    for (const never of ['audit.manage', 'supportAccess.manage', 'members.update', 'members.remove', 'invitations.create', 'teams.manage', 'members.appoint_owner']) expect(write).not.toContain(never);
    expect(baseCapabilities('admin', null, 'in_service', { write: false })).toEqual(['base.read', 'base.profiles.list', 'base.structure.read', 'lsuImports.read', 'pupilBilans.read', 'pupilPhotos.read', 'baseDocuments.read', 'baseDocuments.readLog', 'base.access.read', 'pupilData.read', 'minorsData.read', 'base.audit.read']);
  });

  it('give the base actions of its base rules to a role or a base profile, and none of the public or account ones', () => {
    const photos = ['pupilPhotos.read', 'pupilPhotos.write'];
    const documents = ['baseDocuments.read', 'baseDocuments.manage', 'baseDocuments.readLog', 'baseLetters.manage'];
    const everything = ['base.read', 'base.manage', 'base.profiles.list', 'base.profiles.manage', 'base.structure.read',
      'base.structure.write', 'lsuImports.create', 'lsuImports.read', 'pupilBilans.read', 'apiTokens.manage', ...photos, ...documents, 'uploads.resumable', 'base.access.read',
      'pupilData.read', 'minorsData.read', 'minorsData.manage', 'hosting.credentials.sendFromBase', 'base.rollover', 'base.audit.read', 'hostingFiles.export'];
    expect(baseCapabilities('admin', null, 'in_service')).toEqual(everything);
    expect(baseCapabilities('collaborator', null, 'in_service')).toEqual([]);
    expect(baseCapabilities('collaborator', 'direction', 'in_service')).toEqual(['base.read', 'base.profiles.list', 'base.structure.read',
      'base.structure.write', 'lsuImports.create', 'lsuImports.read', 'pupilBilans.read', 'apiTokens.manage', ...photos, ...documents, 'uploads.resumable',
      'pupilData.read', 'hosting.credentials.sendFromBase', 'base.rollover', 'base.audit.read']);
    expect(baseCapabilities('external', 'secretariat', 'empty')).toEqual(['base.read', 'base.structure.read', 'base.structure.write', ...photos,
      'baseDocuments.read', 'baseDocuments.manage', 'baseLetters.manage', 'uploads.resumable']);
    expect(baseCapabilities('collaborator', 'teacher', 'in_service')).toEqual(['base.read', 'base.structure.read', 'pupilPhotos.read', 'baseDocuments.read']);
  });

  it('leave out the client actions on a stopped or loading base, and keep its management', () => {
    for (const state of ['stopped', 'loading'] as const) {
      expect(baseCapabilities('owner', null, state)).toEqual(['base.read', 'base.manage', 'base.profiles.list', 'base.profiles.manage', 'apiTokens.manage', 'base.access.read',
        'pupilData.read', 'minorsData.read', 'minorsData.manage', 'hosting.credentials.sendFromBase', 'base.rollover', 'base.audit.read', 'hostingFiles.export']);
      expect(baseCapabilities('collaborator', 'teacher', state)).toEqual(['base.read']);
    }
  });

  it('keep, on an archived base, the client actions that only read, and its management', () => {
    expect(baseCapabilities('owner', null, 'archived')).toEqual(['base.read', 'base.manage', 'base.profiles.list', 'base.profiles.manage', 'base.structure.read', 'lsuImports.read',
      'pupilBilans.read', 'apiTokens.manage', 'pupilPhotos.read', 'baseDocuments.read', 'baseDocuments.readLog', 'base.access.read', 'pupilData.read', 'minorsData.read', 'minorsData.manage',
      'hosting.credentials.sendFromBase', 'base.rollover', 'base.audit.read', 'hostingFiles.export']);
    expect(baseCapabilities('collaborator', 'teacher', 'archived')).toEqual(['base.read', 'base.structure.read', 'pupilPhotos.read', 'baseDocuments.read']);
  });
});
