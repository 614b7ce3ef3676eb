import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AddTeamMembers, AddTeamMembersResult, CatalogueMessage, CreateTeam, Invitation, SetTeamProducts, Team, TeamMember, TeamProduct, TeamProductInput, TeamSummary, UpdateTeam } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Membership } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import { assertEndsAfterToday } from '../effective-access/effective-access.ts';
import { normalizeEmails } from '../invitations/invitation-views.ts';
import type { IntoTeam } from '../invitations/invitations.service.ts';
import { MANAGER_ROLES } from '../members/member-rules.ts';
import { createTeamsRepository, type TeamMemberRow, type TeamProductRow, type TeamRow, type TeamsRepository } from './teams.repository.ts';

export interface TeamsServiceDeps {
  db: Kysely<Database>;
  now: Clock;
  /** Invites addresses into the organisation, straight into a team (the invitations module). */
  inviteIntoTeam: (organizationId: string, caller: Membership, emails: string[], role: 'collaborator' | 'external', team: IntoTeam) => Promise<Invitation[]>;
  newId?: () => string;
}

/**
 * Work teams: managers create them and give them products (a profile on some bases, a right on
 * billing); managers and a team's leader add and remove its members, by id or by address (unknown
 * addresses are invited straight into the team). What a team gives reaches its members at once:
 * the access layer reads teams on every request (modules/effective-access).
 */
export function createTeamsService(deps: TeamsServiceDeps) {
  const { db, now } = deps;
  const newId = deps.newId ?? randomUUID;
  const teams = createTeamsRepository(db);

  const isManager = (caller: Membership) => MANAGER_ROLES.includes(caller.role);

  async function summaries(organizationId: string, caller: Membership, rows: TeamRow[]): Promise<TeamSummary[]> {
    const products = await teams.listProducts(organizationId, rows.map((r) => r.id));
    return rows.map((row) => toSummary(row, products.filter((p) => p.team_id === row.id), caller));
  }

  /** The team if the caller may see it: managers see every team, others those they are in or lead (404 otherwise). */
  async function visibleTeam(organizationId: string, caller: Membership, teamId: string): Promise<TeamRow> {
    const row = await teams.findTeam(organizationId, teamId);
    if (!row) throw teamNotFound();
    if (isManager(caller) || row.leader_member_id === caller.memberId) return row;
    if (caller.memberId !== '' && (await teams.isInTeam(organizationId, teamId, caller.memberId))) return row;
    throw teamNotFound();
  }

  async function readTeam(organizationId: string, caller: Membership, row: TeamRow): Promise<Team> {
    const [[summary], members, invitees] = await Promise.all([
      summaries(organizationId, caller, [row]),
      teams.listMembers(organizationId, row.id),
      teams.listInvitees(organizationId, row.id, now()),
    ]);
    return {
      ...summary!,
      members: members.map(toTeamMember),
      invitees: invitees.map((i) => ({ invitationId: i.id, email: i.email, role: i.role, expiresAt: i.expires_at.toISOString() })),
    };
  }

  /** Checks and shapes the products: each base the organisation's own, with a profile, and given once; billing once, with a right. */
  async function productRows(repository: TeamsRepository, organizationId: string, products: readonly TeamProductInput[]) {
    const baseIds = products.flatMap((p) => (p.kind === 'base' && p.baseId !== undefined ? [p.baseId] : []));
    const existing = await repository.existingBases(organizationId, baseIds);
    const fields: Record<string, CatalogueMessage> = {};
    let code: 'team.base_unknown' | 'team.base_twice' | 'team.billing_twice' | undefined;
    const seen = new Set<string>();
    let billing = false;
    // The answer's code: an unknown base above all, else the first repetition found.
    const refuse = (pointer: string, field: 'validation.required' | 'validation.invalid' | 'validation.unique_items', raised?: NonNullable<typeof code>) => {
      fields[pointer] = { code: field };
      if (raised === 'team.base_unknown') code = raised;
      else code ??= raised;
    };
    for (const [index, product] of products.entries()) {
      if (product.kind === 'base') {
        if (product.baseId === undefined) refuse(`/products/${index}/baseId`, 'validation.required');
        else if (!existing.has(product.baseId)) refuse(`/products/${index}/baseId`, 'validation.invalid', 'team.base_unknown');
        else if (seen.has(product.baseId)) refuse(`/products/${index}/baseId`, 'validation.unique_items', 'team.base_twice');
        if (product.baseId !== undefined) seen.add(product.baseId);
        if (product.profile === undefined) refuse(`/products/${index}/profile`, 'validation.required');
      } else {
        if (billing) refuse(`/products/${index}/kind`, 'validation.unique_items', 'team.billing_twice');
        billing = true;
        if (product.right === undefined) refuse(`/products/${index}/right`, 'validation.required');
      }
    }
    if (Object.keys(fields).length > 0) {
      if (code) throw new AppError('unprocessable', code, {}, { fields });
      throw new AppError('validation_failed', 'validation_failed', {}, { fields });
    }
    return products.map((p) => ({
      id: newId(),
      kind: p.kind,
      base_id: p.kind === 'base' ? (p.baseId ?? null) : null,
      base_profile: p.kind === 'base' ? (p.profile ?? null) : null,
      billing_right: p.kind === 'billing' ? (p.right ?? null) : null,
    }));
  }

  return {
    async list(organizationId: string, caller: Membership): Promise<TeamSummary[]> {
      const rows = await teams.listTeams(organizationId, isManager(caller) ? undefined : caller.memberId);
      return summaries(organizationId, caller, rows);
    },

    async get(organizationId: string, caller: Membership, teamId: string): Promise<Team> {
      return readTeam(organizationId, caller, await visibleTeam(organizationId, caller, teamId));
    },

    async create(organizationId: string, caller: Membership, input: CreateTeam): Promise<Team> {
      const id = newId();
      const name = cleanName(input.name);
      await db.transaction().execute(async (trx) => {
        const repository = createTeamsRepository(trx);
        const rows = await productRows(repository, organizationId, input.products ?? []);
        if (!(await repository.insertTeam(organizationId, { id, name, description: (input.description ?? '').trim(), colour: input.colour, createdAt: now() }))) throw nameTaken(name);
        await repository.replaceProducts(organizationId, id, rows);
      });
      return this.get(organizationId, caller, id);
    },

    async update(organizationId: string, caller: Membership, teamId: string, input: UpdateTeam): Promise<Team> {
      await db.transaction().execute(async (trx) => {
        const repository = createTeamsRepository(trx);
        if (!(await repository.findTeam(organizationId, teamId))) throw teamNotFound();
        const name = input.name === undefined ? undefined : cleanName(input.name);
        if (name !== undefined && (await repository.nameTaken(organizationId, name, teamId))) throw nameTaken(name);
        if (input.leaderMemberId && !(await repository.isInTeam(organizationId, teamId, input.leaderMemberId))) {
          throw new AppError('unprocessable', 'team.leader_not_in_team', {}, { fields: { '/leaderMemberId': { code: 'validation.invalid' } } });
        }
        await repository.updateTeam(organizationId, teamId, {
          ...(name !== undefined ? { name } : {}),
          ...(input.description !== undefined ? { description: input.description.trim() } : {}),
          ...(input.colour !== undefined ? { colour: input.colour } : {}),
          ...(input.leaderMemberId !== undefined ? { leader_member_id: input.leaderMemberId } : {}),
        });
      });
      return this.get(organizationId, caller, teamId);
    },

    async remove(organizationId: string, teamId: string): Promise<void> {
      if (!(await teams.deleteTeam(organizationId, teamId))) throw teamNotFound();
    },

    async setProducts(organizationId: string, caller: Membership, teamId: string, input: SetTeamProducts): Promise<Team> {
      await db.transaction().execute(async (trx) => {
        const repository = createTeamsRepository(trx);
        if (!(await repository.findTeam(organizationId, teamId))) throw teamNotFound();
        await repository.replaceProducts(organizationId, teamId, await productRows(repository, organizationId, input.products));
      });
      return this.get(organizationId, caller, teamId);
    },

    /**
     * Adds members by id and by address; an address that is no member's is invited to the
     * organisation (as `inviteRole`) and joins the team on accepting. All or nothing: an unknown
     * member id refuses the whole request.
     */
    async addMembers(organizationId: string, caller: Membership, teamId: string, input: AddTeamMembers): Promise<AddTeamMembersResult> {
      if (!(await teams.findTeam(organizationId, teamId))) throw teamNotFound();
      const endsOn = input.endsOn ?? null;
      assertEndsAfterToday(endsOn, now(), '/endsOn');
      const memberIds = input.memberIds ?? [];
      const emails = normalizeEmails(input.emails ?? []);
      if (memberIds.length === 0 && emails.length === 0) throw new AppError('unprocessable', 'team.nobody_to_add');
      const found = new Set((await teams.findMembers(organizationId, memberIds)).map((m) => m.id));
      const unknown = Object.fromEntries(memberIds.flatMap((id, index) => (found.has(id) ? [] : [[`/memberIds/${index}`, { code: 'validation.invalid' } as CatalogueMessage]])));
      if (Object.keys(unknown).length > 0) throw new AppError('unprocessable', 'team.member_unknown', {}, { fields: unknown });
      const byEmail = await teams.findMembersByEmail(organizationId, emails);
      const memberEmails = new Set(byEmail.map((m) => m.email));
      const toAdd = [...new Set([...memberIds, ...byEmail.map((m) => m.id)])];
      const strangers = emails.filter((e) => !memberEmails.has(e));
      // Inviting someone into the organisation is a manager's act, not a leader's.
      const [stranger] = strangers;
      if (stranger !== undefined && !isManager(caller)) throw new AppError('forbidden', 'team.leader_cannot_invite', { email: stranger });
      // The places and the invitations commit together, or neither does.
      let added = new Set<string>();
      const addPlaces = async (db: Kysely<Database>) => {
        added = await createTeamsRepository(db).addMembers(organizationId, teamId, toAdd, endsOn, now());
      };
      let invitations: Invitation[] = [];
      if (strangers.length === 0) await addPlaces(deps.db);
      else invitations = await deps.inviteIntoTeam(organizationId, caller, strangers, input.inviteRole ?? 'collaborator', { teamId, endsOn, alongside: addPlaces });
      const rows = await teams.listMembers(organizationId, teamId);
      return {
        added: rows.filter((r) => added.has(r.member_id)).map(toTeamMember),
        invited: invitations.map((i) => ({ invitationId: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt })),
        alreadyIn: toAdd.filter((id) => !added.has(id)),
      };
    },

    async updateMember(organizationId: string, teamId: string, memberId: string, endsOn: string | null): Promise<TeamMember> {
      if (!(await teams.findTeam(organizationId, teamId))) throw teamNotFound();
      assertEndsAfterToday(endsOn, now(), '/endsOn');
      if (!(await teams.setMemberEnd(organizationId, teamId, memberId, endsOn))) throw notInTeam();
      const row = (await teams.listMembers(organizationId, teamId)).find((r) => r.member_id === memberId);
      if (!row) throw notInTeam();
      return toTeamMember(row);
    },

    async removeMember(organizationId: string, teamId: string, memberId: string): Promise<void> {
      if (!(await teams.findTeam(organizationId, teamId))) throw teamNotFound();
      if (!(await teams.removeMember(organizationId, teamId, memberId))) throw notInTeam();
    },
  };
}

export type TeamsService = ReturnType<typeof createTeamsService>;

function cleanName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

function teamNotFound(): AppError {
  return new AppError('not_found', 'team.not_found');
}

function notInTeam(): AppError {
  return new AppError('not_found', 'team.member_not_in_team');
}

function nameTaken(name: string): AppError {
  return new AppError('conflict', 'team.name_taken', { name }, { fields: { '/name': { code: 'validation.invalid' } } });
}

function toProduct(row: TeamProductRow): TeamProduct {
  if (row.kind === 'billing') return { kind: 'billing', right: row.billing_right ?? 'read' };
  return { kind: 'base', baseId: row.base_id ?? '', baseName: row.base_name ?? '', schoolYear: row.school_year ?? '', profile: row.base_profile ?? 'read_only' };
}

function toTeamMember(row: TeamMemberRow): TeamMember {
  return { memberId: row.member_id, name: row.name, email: row.email, role: row.role, endsOn: row.ends_on, addedAt: row.added_at.toISOString() };
}

function toSummary(row: TeamRow, products: TeamProductRow[], caller: Membership): TeamSummary {
  const manager = MANAGER_ROLES.includes(caller.role) && !caller.support;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    colour: row.colour,
    leader: row.leader_member_id && row.leader_name !== null ? { memberId: row.leader_member_id, name: row.leader_name } : null,
    memberCount: row.member_count,
    products: products.map(toProduct),
    createdAt: row.created_at.toISOString(),
    mayManageMembers: manager || (caller.memberId !== '' && row.leader_member_id === caller.memberId),
    mayManage: manager,
  };
}
