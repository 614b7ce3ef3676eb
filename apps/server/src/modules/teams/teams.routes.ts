import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AddTeamMembersResultSchema, AddTeamMembersSchema, CreateTeamSchema, IdParamSchema, MemberAccessSchema, ProductAccessListSchema,
  SetTeamProductsSchema, TeamListSchema, TeamMemberSchema, TeamSchema, UpdateTeamMemberSchema, UpdateTeamSchema,
} from '@preau/contracts';
import { requireMembership } from '../../http/access.ts';
import { requireBaseAccess } from '../../http/base-access.ts';
import type { AccessViews } from '../effective-access/access-views.ts';
import { OrganizationParamsSchema } from '../organizations/organizations.schemas.ts';
import type { TeamsService } from './teams.service.ts';

const TeamParamsSchema = Type.Object({ orgId: IdParamSchema, teamId: IdParamSchema });
const TeamMemberParamsSchema = Type.Object({ orgId: IdParamSchema, teamId: IdParamSchema, memberId: IdParamSchema });

/**
 * /api/organizations/{orgId}/teams: work teams, their products and members; and the access views
 * (a member's products, a base's people, billing's people), with every reason.
 */
export function registerTeamRoutes(app: FastifyInstance, { teamsService, accessViews }: { teamsService: TeamsService; accessViews: AccessViews }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['teams'];
  const base = '/api/organizations/:orgId/teams';

  r.get(base, {
    config: { action: 'teams.list' },
    schema: { tags, summary: 'Work teams (to managers all of them; to others those they are in or lead)', params: OrganizationParamsSchema, response: { 200: TeamListSchema } },
    handler: async (request) => ({ items: await teamsService.list(request.params.orgId, requireMembership(request)) }),
  });
  r.post(base, {
    config: { action: 'teams.manage' },
    schema: { tags, summary: 'Create a team (name, description, colour, products)', params: OrganizationParamsSchema, body: CreateTeamSchema, response: { 201: TeamSchema } },
    handler: async (request, reply) => reply.code(201).send(await teamsService.create(request.params.orgId, requireMembership(request), request.body)),
  });
  r.get(`${base}/:teamId`, {
    config: { action: 'teams.read' },
    schema: { tags, summary: 'A team with its products, members and pending invitees', params: TeamParamsSchema, response: { 200: TeamSchema } },
    handler: (request) => teamsService.get(request.params.orgId, requireMembership(request), request.params.teamId),
  });
  r.patch(`${base}/:teamId`, {
    config: { action: 'teams.manage' },
    schema: { tags, summary: 'Rename a team, change its description, colour or leader', params: TeamParamsSchema, body: UpdateTeamSchema, response: { 200: TeamSchema } },
    handler: (request) => teamsService.update(request.params.orgId, requireMembership(request), request.params.teamId, request.body),
  });
  r.delete(`${base}/:teamId`, {
    config: { action: 'teams.manage' },
    schema: { tags, summary: 'Delete a team (its members lose what it gave them at once)', params: TeamParamsSchema },
    handler: async (request, reply) => {
      await teamsService.remove(request.params.orgId, request.params.teamId);
      return reply.code(204).send();
    },
  });
  r.put(`${base}/:teamId/products`, {
    config: { action: 'teams.manage' },
    schema: { tags, summary: "Set a team's products: a profile on some bases, a right on billing", params: TeamParamsSchema, body: SetTeamProductsSchema, response: { 200: TeamSchema } },
    handler: (request) => teamsService.setProducts(request.params.orgId, requireMembership(request), request.params.teamId, request.body),
  });
  r.post(`${base}/:teamId/members`, {
    config: { action: 'teams.members.manage' },
    schema: { tags, summary: 'Add members by id or e-mail, several at once (unknown addresses are invited straight into the team)', params: TeamParamsSchema, body: AddTeamMembersSchema, response: { 200: AddTeamMembersResultSchema } },
    handler: (request) => teamsService.addMembers(request.params.orgId, requireMembership(request), request.params.teamId, request.body),
  });
  r.patch(`${base}/:teamId/members/:memberId`, {
    config: { action: 'teams.members.manage' },
    schema: { tags, summary: "Change when a member's place in the team ends", params: TeamMemberParamsSchema, body: UpdateTeamMemberSchema, response: { 200: TeamMemberSchema } },
    handler: (request) => teamsService.updateMember(request.params.orgId, request.params.teamId, request.params.memberId, request.body.endsOn),
  });
  r.delete(`${base}/:teamId/members/:memberId`, {
    config: { action: 'teams.members.manage' },
    schema: { tags, summary: 'Take a member out of the team', params: TeamMemberParamsSchema },
    handler: async (request, reply) => {
      await teamsService.removeMember(request.params.orgId, request.params.teamId, request.params.memberId);
      return reply.code(204).send();
    },
  });

  r.get('/api/organizations/:orgId/members/:memberId/access', {
    config: { action: 'members.access.read' },
    schema: { tags, summary: 'Every product a member reaches, with the right and why (role, own grant, team)', params: Type.Object({ orgId: IdParamSchema, memberId: IdParamSchema }), response: { 200: MemberAccessSchema } },
    handler: (request) => accessViews.memberAccess(request.params.orgId, request.params.memberId),
  });
  r.get('/api/organizations/:orgId/billing/access', {
    config: { action: 'billing.access.read' },
    schema: { tags, summary: "Who reaches the organisation's billing, and why", params: OrganizationParamsSchema, response: { 200: ProductAccessListSchema } },
    handler: async (request) => ({ items: await accessViews.billingAccess(request.params.orgId) }),
  });
  r.get('/api/bases/:baseId/access', {
    config: { action: 'base.access.read' },
    schema: { tags, summary: 'Who reaches the base, with their profile and why', params: Type.Object({ baseId: IdParamSchema }), response: { 200: ProductAccessListSchema } },
    handler: async (request) => {
      const { base } = requireBaseAccess(request);
      return { items: await accessViews.baseAccess(base.organizationId, base.id) };
    },
  });
}
