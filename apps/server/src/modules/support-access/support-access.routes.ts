import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CreateSupportGrantSchema, IdParamSchema, OperatorSupportGrantListSchema, SupportActionListSchema, SupportCustomerListSchema, SupportGrantListSchema, SupportGrantSchema, Text } from '@preau/contracts';
import { requireMembership } from '../../http/access.ts';
import { OrganizationParamsSchema } from '../organizations/organizations.schemas.ts';
import type { SupportAccessService } from './support-access.service.ts';

const GrantParamsSchema = Type.Object({ orgId: IdParamSchema, grantId: IdParamSchema });

/**
 * /api/organizations/{orgId}/support-access: the accesses an organisation gives the provider's
 * support; /api/operator/support: the operator's side (running accesses, customers by code).
 */
export function registerSupportAccessRoutes(app: FastifyInstance, { supportAccessService }: { supportAccessService: SupportAccessService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['support'];

  r.get('/api/organizations/:orgId/support-access', {
    config: { action: 'supportAccess.manage' },
    schema: { tags, summary: 'Support accesses given, running and past, newest first', params: OrganizationParamsSchema, response: { 200: SupportGrantListSchema } },
    handler: async (request) => ({ items: await supportAccessService.list(request.params.orgId) }),
  });
  r.post('/api/organizations/:orgId/support-access', {
    config: { action: 'supportAccess.manage' },
    schema: { tags, summary: "Give the provider's support access for 1 hour to 30 days (every legal owner is e-mailed)", params: OrganizationParamsSchema, body: CreateSupportGrantSchema, response: { 201: SupportGrantSchema } },
    handler: async (request, reply) => reply.code(201).send(await supportAccessService.grant(request.params.orgId, requireMembership(request), request.body)),
  });
  r.post('/api/organizations/:orgId/support-access/:grantId/revoke', {
    config: { action: 'supportAccess.manage' },
    schema: { tags, summary: 'End a running support access now', params: GrantParamsSchema, response: { 200: SupportGrantSchema } },
    handler: (request) => supportAccessService.revoke(request.params.orgId, requireMembership(request), request.params.grantId),
  });
  r.get('/api/organizations/:orgId/support-access/:grantId/actions', {
    config: { action: 'supportAccess.manage' },
    schema: { tags, summary: 'What the support read and changed under an access', params: GrantParamsSchema, response: { 200: SupportActionListSchema } },
    handler: async (request) => ({ items: await supportAccessService.actions(request.params.orgId, request.params.grantId) }),
  });

  r.get('/api/operator/support/grants', {
    config: { action: 'operator.support.read' },
    schema: { tags, summary: 'Organisations whose support access runs now', response: { 200: OperatorSupportGrantListSchema } },
    handler: async () => ({ items: await supportAccessService.runningGrants() }),
  });
  r.get('/api/operator/support/customers', {
    config: { action: 'operator.support.read' },
    schema: { tags, summary: 'Customers found by support code, premium support code, hosting number or name', querystring: Type.Object({ q: Text({ max: 120 }) }), response: { 200: SupportCustomerListSchema } },
    handler: async (request) => ({ items: await supportAccessService.searchCustomers(request.query.q) }),
  });
}
