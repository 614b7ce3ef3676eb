import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateOrganizationSchema,
  OrganizationListSchema,
  OrganizationSchema,
  RenameOrganizationSchema,
} from '@preau/contracts';
import { requireMembership } from '../../http/access.ts';
import { requireUser } from '../../http/session.ts';
import { OrganizationParamsSchema } from './organizations.schemas.ts';
import type { OrganizationsService } from './organizations.service.ts';

/** /api/organizations: list mine, create, read, rename. */
export function registerOrganizationRoutes(
  app: FastifyInstance,
  { organizationsService }: { organizationsService: OrganizationsService },
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['organizations'];

  r.get('/api/organizations', {
    config: { action: 'organizations.list' },
    schema: { tags, summary: 'My organisations, with my role in each', response: { 200: OrganizationListSchema } },
    handler: async (request) => ({ items: await organizationsService.listMyOrganizations(requireUser(request).id) }),
  });

  r.post('/api/organizations', {
    config: { action: 'organizations.create' },
    schema: {
      tags,
      summary: 'Create an organisation (I become its legal owner)',
      body: CreateOrganizationSchema,
      response: { 201: OrganizationSchema },
    },
    handler: async (request, reply) => {
      const organization = await organizationsService.createOrganization(requireUser(request).id, request.body.name);
      return reply.code(201).send(organization);
    },
  });

  r.get('/api/organizations/:orgId', {
    config: { action: 'organization.read' },
    schema: { tags, summary: 'One of my organisations', params: OrganizationParamsSchema, response: { 200: OrganizationSchema } },
    handler: (request) => organizationsService.getOrganization(request.params.orgId, requireMembership(request)),
  });

  r.patch('/api/organizations/:orgId', {
    config: { action: 'organization.rename' },
    schema: {
      tags,
      summary: 'Rename the organisation (legal owners and administrators)',
      params: OrganizationParamsSchema,
      body: RenameOrganizationSchema,
      response: { 200: OrganizationSchema },
    },
    handler: (request) =>
      organizationsService.renameOrganization(request.params.orgId, requireMembership(request), request.body.name),
  });
}
