import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MemberListSchema, MemberSchema, UpdateMemberSchema } from '@preau/contracts';
import { requireMembership } from '../../http/access.ts';
import { OrganizationParamsSchema } from '../organizations/organizations.schemas.ts';
import { MemberParamsSchema } from './members.schemas.ts';
import type { MembersService } from './members.service.ts';

/** /api/organizations/{orgId}/members: list, change role and switches, remove. */
export function registerMemberRoutes(app: FastifyInstance, { membersService }: { membersService: MembersService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['members'];

  r.get('/api/organizations/:orgId/members', {
    config: { action: 'members.list' },
    schema: {
      tags,
      summary: 'Members of the organisation (externals are listed to legal owners and administrators only)',
      params: OrganizationParamsSchema,
      response: { 200: MemberListSchema },
    },
    handler: async (request) => ({
      items: await membersService.listMembers(request.params.orgId, requireMembership(request)),
    }),
  });

  r.patch('/api/organizations/:orgId/members/:memberId', {
    config: { action: 'members.update' },
    schema: {
      tags,
      summary: "Change a member's role or billing switches (the member receives an e-mail summary)",
      params: MemberParamsSchema,
      body: UpdateMemberSchema,
      response: { 200: MemberSchema },
    },
    handler: (request) =>
      membersService.updateMember(request.params.orgId, requireMembership(request), request.params.memberId, request.body),
  });

  r.delete('/api/organizations/:orgId/members/:memberId', {
    config: { action: 'members.remove' },
    schema: { tags, summary: 'Remove a member from the organisation', params: MemberParamsSchema },
    handler: async (request, reply) => {
      await membersService.removeMember(request.params.orgId, requireMembership(request), request.params.memberId);
      return reply.code(204).send();
    },
  });
}
