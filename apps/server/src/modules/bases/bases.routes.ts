import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  BaseListSchema,
  BaseProfileAssignmentSchema,
  BaseProfileListSchema,
  BaseSchema,
  CreateBaseSchema,
  SetBaseProfileSchema,
  UpdateBaseSchema,
} from '@preau/contracts';
import { requireMembership } from '../../http/access.ts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { OrganizationParamsSchema } from '../organizations/organizations.schemas.ts';
import { BaseParamsSchema, BaseProfileParamsSchema } from './bases.schemas.ts';
import type { BasesService } from './bases.service.ts';

/** /api/organizations/{orgId}/bases and /api/bases/{baseId}: bases, their state and members' base profiles. */
export function registerBaseRoutes(app: FastifyInstance, { basesService }: { basesService: BasesService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['bases'];

  r.get('/api/organizations/:orgId/bases', {
    config: { action: 'bases.list' },
    schema: { tags, summary: 'School bases of the organisation (to non-managers: those they hold a profile on)', params: OrganizationParamsSchema, response: { 200: BaseListSchema } },
    handler: async (request) => ({ items: await basesService.listBases(request.params.orgId, requireMembership(request)) }),
  });

  r.post('/api/organizations/:orgId/bases', {
    config: { action: 'bases.create' },
    schema: { tags, summary: 'Create an empty school base for one school year', params: OrganizationParamsSchema, body: CreateBaseSchema, response: { 201: BaseSchema } },
    handler: async (request, reply) => reply.code(201).send(await basesService.createBase(request.params.orgId, requireMembership(request), request.body)),
  });

  r.get('/api/bases/:baseId', {
    config: { action: 'base.read' },
    schema: { tags, summary: 'One school base', params: BaseParamsSchema, response: { 200: BaseSchema } },
    handler: (request) => basesService.readBase(requireBaseAccess(request)),
  });

  r.patch('/api/bases/:baseId', {
    config: { action: 'base.manage' },
    schema: { tags, summary: 'Rename the base or choose the LSU versions it accepts', params: BaseParamsSchema, body: UpdateBaseSchema, response: { 200: BaseSchema } },
    handler: (request) => basesService.updateBase(requireBaseAccess(request), request.body),
  });

  r.post('/api/bases/:baseId/put-in-service', {
    config: { action: 'base.manage' },
    schema: { tags, summary: 'Put an empty or stopped base in service (409 base.invalid_transition otherwise)', params: BaseParamsSchema, response: { 200: BaseSchema } },
    handler: (request) => basesService.changeState(requireBaseAccess(request), 'put_in_service'),
  });

  r.post('/api/bases/:baseId/stop', {
    config: { action: 'base.manage' },
    schema: { tags, summary: 'Stop a base in service: its clients are refused with 403 base.stopped', params: BaseParamsSchema, response: { 200: BaseSchema } },
    handler: (request) => basesService.changeState(requireBaseAccess(request), 'stop'),
  });

  r.get('/api/bases/:baseId/profiles', {
    config: { action: 'base.profiles.list' },
    schema: { tags, summary: 'Members holding a profile on the base', params: BaseParamsSchema, response: { 200: BaseProfileListSchema } },
    handler: async (request) => ({ items: await basesService.listProfiles(requireBaseAccess(request)) }),
  });

  r.put('/api/bases/:baseId/profiles/:memberId', {
    config: { action: 'base.profiles.manage' },
    schema: { tags, summary: "Set a member's profile on the base", params: BaseProfileParamsSchema, body: SetBaseProfileSchema, response: { 200: BaseProfileAssignmentSchema } },
    handler: (request) => basesService.setProfile(requireBaseAccess(request), request.params.memberId, request.body),
  });

  r.delete('/api/bases/:baseId/profiles/:memberId', {
    config: { action: 'base.profiles.manage' },
    schema: { tags, summary: "Remove a member's profile on the base", params: BaseProfileParamsSchema },
    handler: async (request, reply) => {
      await basesService.removeProfile(requireBaseAccess(request), request.params.memberId);
      return reply.code(204).send();
    },
  });
}
