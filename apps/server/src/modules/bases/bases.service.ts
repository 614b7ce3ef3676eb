import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { LSU_VERSIONS_OF_DEGREE, uaiCheckLetter, type Base, type BaseDegree, type BaseProfileAssignment, type CreateBase, type SetBaseProfile, type UpdateBase } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { BaseAccess, CapabilityRules, Membership } from '../../shared/caller.ts';
import { AppError } from '../../shared/app-error.ts';
import { accessDay, assertEndsAfterToday } from '../effective-access/effective-access.ts';
import { MANAGER_ROLES } from '../members/member-rules.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import { listAddedVersionValues } from '../lsu-versions/lsu-versions.repository.ts';
import { assertSchoolYear, nextBaseState, type BaseTransition } from './base-states.ts';
import { createBasesRepository, type SchoolBaseWithProfileRow } from './bases.repository.ts';
import type { Clock } from '../../shared/clock.ts';

export interface BasesServiceDeps {
  db: Kysely<Database>;
  now: Clock;
  capabilities: CapabilityRules;
  newId?: () => string;
}

/** School bases: create, list, read, settings, put in service and stop; members' base profiles. */
export function createBasesService(deps: BasesServiceDeps) {
  const now = deps.now;
  const newId = deps.newId ?? randomUUID;
  const bases = createBasesRepository(deps.db);

  /** The base as the caller sees it (the access layer already checked they may). */
  async function readBase(access: BaseAccess): Promise<Base> {
    const { caller } = access;
    const memberId = caller.kind === 'member' ? caller.membership.memberId : '';
    const row = await bases.findBase(access.base.organizationId, access.base.id, memberId, accessDay(now()));
    if (!row) throw baseNotFound();
    // API tokens only post imports: no route that answers a base lets them in.
    return toBase(row, caller.kind === 'member' ? caller.membership : undefined, deps.capabilities);
  }

  /** Each version must be of the base's family: built in, or added to that family by an operator. */
  async function assertVersionsOfDegree(degree: BaseDegree, versions: readonly string[]): Promise<void> {
    const other: BaseDegree = degree === 'college' ? 'ecole' : 'college';
    const [own, others] = await Promise.all([listAddedVersionValues(deps.db, degree), listAddedVersionValues(deps.db, other)]);
    const ownVersions = new Set([...LSU_VERSIONS_OF_DEGREE[degree], ...own]);
    const otherVersions = new Set([...LSU_VERSIONS_OF_DEGREE[other], ...others]);
    for (const version of versions) {
      if (ownVersions.has(version)) continue;
      const code = otherVersions.has(version) ? 'base.version_of_other_degree' : 'base.version_unknown';
      const params = { version };
      throw new AppError('unprocessable', code, params, { fields: { '/acceptedVersions': { code, params } } });
    }
  }

  return {
    /** Every base to owners and administrators; to other members, the bases they hold a profile on. */
    async listBases(organizationId: string, caller: Membership): Promise<Base[]> {
      const rows = await bases.listBases(organizationId, caller.memberId, !MANAGER_ROLES.includes(caller.role), accessDay(now()));
      return rows.map((row) => toBase(row, caller, deps.capabilities));
    },

    /** Creates an empty base; 409 `base.duplicate` when the organisation has this UAI for this year. */
    async createBase(organizationId: string, caller: Membership, input: CreateBase): Promise<Base> {
      assertSchoolYear(input.schoolYear);
      const letter = uaiCheckLetter(input.uai);
      if (!input.uai.endsWith(letter)) {
        throw new AppError('bad_request', 'base.uai_check_letter', { uai: input.uai, letter, expected: `${input.uai.slice(0, 7)}${letter}` });
      }
      const row = await bases.insertBase(organizationId, { id: newId(), ...input, name: input.name.trim() });
      if (!row) {
        throw new AppError('conflict', 'base.duplicate', { uai: input.uai, schoolYear: input.schoolYear });
      }
      return toBase({ ...row, my_profile: null }, caller, deps.capabilities);
    },

    readBase,

    /**
     * Renames the base, changes the LSU versions it accepts (its degree's, built in or added: 422
     * `base.version_of_other_degree` or `base.version_unknown`) or its provisional acceptance of newer
     * collège versions (422 `base.provisional_college_only` on an école base).
     */
    async updateBase(access: BaseAccess, patch: UpdateBase): Promise<Base> {
      const name = patch.name?.trim();
      if (patch.acceptedVersions || patch.acceptNewerProvisionally) {
        const { degree } = await readBase(access);
        if (patch.acceptedVersions) await assertVersionsOfDegree(degree, patch.acceptedVersions);
        if (patch.acceptNewerProvisionally && degree !== 'college') {
          throw new AppError('unprocessable', 'base.provisional_college_only', undefined, { fields: { '/acceptNewerProvisionally': { code: 'base.provisional_college_only' } } });
        }
      }
      await bases.updateBase(access.base.organizationId, access.base.id, {
        ...(name !== undefined ? { name } : {}),
        ...(patch.acceptedVersions ? { accepted_versions: patch.acceptedVersions } : {}),
        ...(patch.acceptNewerProvisionally !== undefined ? { accept_newer_provisionally: patch.acceptNewerProvisionally } : {}),
      }, now());
      return readBase(access);
    },

    /** Puts the base in service or stops it, under the allowed transitions (409 otherwise). */
    async changeState(access: BaseAccess, transition: BaseTransition): Promise<Base> {
      await deps.db.transaction().execute(async (trx) => {
        const repository = createBasesRepository(trx);
        const current = await repository.lockBaseState(access.base.organizationId, access.base.id);
        if (!current) throw baseNotFound();
        const state = nextBaseState(current, transition);
        await repository.updateBase(access.base.organizationId, access.base.id, { state }, now());
      });
      return readBase(access);
    },

    /** Members holding a profile on the base. */
    async listProfiles(access: BaseAccess): Promise<BaseProfileAssignment[]> {
      const rows = await bases.listProfiles(access.base.organizationId, access.base.id);
      return rows.map((r) => ({ memberId: r.member_id, name: r.name, email: r.email, role: r.role, profile: r.profile, endsOn: r.ends_on }));
    },

    /** Gives a member of the base's organisation a profile on it (replacing any previous one). */
    async setProfile(access: BaseAccess, memberId: string, input: SetBaseProfile): Promise<BaseProfileAssignment> {
      const { organizationId, id: baseId } = access.base;
      const member = await createMembersRepository(deps.db).findMemberById(organizationId, memberId);
      if (!member) throw new AppError('not_found', 'member.not_found');
      const endsOn = input.endsOn ?? null;
      assertEndsAfterToday(endsOn, now(), '/endsOn');
      await bases.upsertProfile(organizationId, baseId, memberId, input.profile, endsOn);
      return { memberId, name: member.name, email: member.email, role: member.role, profile: input.profile, endsOn };
    },

    /** Removes a member's profile on the base; 404 `member.not_found` or `base_profile.not_found`. */
    async removeProfile(access: BaseAccess, memberId: string): Promise<void> {
      const member = await createMembersRepository(deps.db).findMemberById(access.base.organizationId, memberId);
      if (!member) throw new AppError('not_found', 'member.not_found');
      const removed = await bases.deleteProfile(access.base.organizationId, access.base.id, memberId);
      if (!removed) throw new AppError('not_found', 'base_profile.not_found');
    },
  };
}

export type BasesService = ReturnType<typeof createBasesService>;

function baseNotFound(): AppError {
  return new AppError('not_found', 'base.not_found');
}

/** The base as a member with `role` (undefined: not a member) sees it, with their capabilities on it. */
function toBase(row: SchoolBaseWithProfileRow, caller: Membership | undefined, rules: CapabilityRules): Base {
  return {
    id: row.id,
    organizationId: row.organization_id,
    uai: row.uai,
    name: row.name,
    degree: row.degree,
    schoolYear: row.school_year,
    state: row.state,
    acceptedVersions: row.accepted_versions,
    acceptNewerProvisionally: row.accept_newer_provisionally,
    myProfile: row.my_profile,
    capabilities: caller === undefined ? [] : rules.base(caller.role, row.my_profile, row.state, caller.support),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
