import { describe, expect, it } from 'vitest';
import { ACCESS_ACTIONS, CAPABILITIES, DERIVED_CAPABILITIES } from '@preau/contracts';
import { ACCESS_TABLE } from './access-table.ts';
import { baseCapabilities, organizationCapabilities } from './capabilities.ts';

describe('capabilities', () => {
  it('are named by the contracts: the same actions as the access table, and derived ones apart', () => {
    expect([...ACCESS_ACTIONS].sort()).toEqual(Object.keys(ACCESS_TABLE).sort());
    expect(DERIVED_CAPABILITIES.filter((name) => Object.hasOwn(ACCESS_TABLE, name))).toEqual([]);
    expect(new Set(CAPABILITIES).size).toBe(CAPABILITIES.length);
  });

  it('give each role the organisation actions of its role rules; only a legal owner appoints legal owners', () => {
    const managed = ['billing.read', 'billing.manage', 'organization.read', 'organization.rename', 'members.list', 'members.update', 'members.remove',
      'invitations.create', 'invitations.list', 'invitations.cancel', 'invitations.resend', 'bases.list', 'bases.create', 'storage.read'];
    expect(organizationCapabilities('owner', true)).toEqual([...managed, 'members.appoint_owner']);
    expect(organizationCapabilities('admin', true)).toEqual(managed);
    for (const role of ['collaborator', 'external'] as const) {
      expect(organizationCapabilities(role, false)).toEqual(['organization.read', 'members.list', 'bases.list']);
    }
    // The billing switch opens billing to a collaborator, never to an external.
    expect(organizationCapabilities('collaborator', true)).toEqual(['billing.read', 'billing.manage', 'organization.read', 'members.list', 'bases.list']);
    expect(organizationCapabilities('external', true)).toEqual(['organization.read', 'members.list', 'bases.list']);
  });

  it('give the base actions of its base rules to a role or a base profile, and none of the public or account ones', () => {
    const photos = ['pupilPhotos.read', 'pupilPhotos.write'];
    const documents = ['baseDocuments.read', 'baseDocuments.manage', 'baseDocuments.readLog', 'baseLetters.manage'];
    const everything = ['base.read', 'base.manage', 'base.profiles.list', 'base.profiles.manage', 'base.structure.read',
      'base.structure.write', 'lsuImports.create', 'lsuImports.read', 'pupilBilans.read', 'apiTokens.manage', ...photos, ...documents, 'uploads.resumable'];
    expect(baseCapabilities('admin', null, 'in_service')).toEqual(everything);
    expect(baseCapabilities('collaborator', null, 'in_service')).toEqual([]);
    expect(baseCapabilities('collaborator', 'direction', 'in_service')).toEqual(['base.read', 'base.profiles.list', 'base.structure.read',
      'base.structure.write', 'lsuImports.create', 'lsuImports.read', 'pupilBilans.read', 'apiTokens.manage', ...photos, ...documents, 'uploads.resumable']);
    expect(baseCapabilities('external', 'secretariat', 'empty')).toEqual(['base.read', 'base.structure.read', 'base.structure.write', ...photos,
      'baseDocuments.read', 'baseDocuments.manage', 'baseLetters.manage', 'uploads.resumable']);
    expect(baseCapabilities('collaborator', 'teacher', 'in_service')).toEqual(['base.read', 'base.structure.read', 'pupilPhotos.read', 'baseDocuments.read']);
  });

  it('leave out the client actions on a stopped or loading base, and keep its management', () => {
    for (const state of ['stopped', 'loading'] as const) {
      expect(baseCapabilities('owner', null, state)).toEqual(['base.read', 'base.manage', 'base.profiles.list', 'base.profiles.manage', 'apiTokens.manage']);
      expect(baseCapabilities('collaborator', 'teacher', state)).toEqual(['base.read']);
    }
  });
});
