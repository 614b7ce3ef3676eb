import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { RolloverPlanSchema, RolloverRequestSchema, RolloverResultSchema, RolloverSettingsSchema } from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { BaseParamsSchema } from '../bases/bases.schemas.ts';
import { OrganizationParamsSchema } from '../organizations/organizations.schemas.ts';
import type { BaseRolloverService } from './base-rollover.service.ts';

/** /api/bases/{baseId}/rollover: next year's base from this one; the organisation's August setting. */
export function registerBaseRolloverRoutes(app: FastifyInstance, { rolloverService }: { rolloverService: BaseRolloverService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['bases'];

  r.get('/api/bases/:baseId/rollover', {
    config: { action: 'base.rollover' },
    schema: { tags, summary: "What moving on to next year would carry: counts, and each class's proposed class next year", params: BaseParamsSchema, response: { 200: RolloverPlanSchema } },
    handler: (request) => rolloverService.plan(requireBaseAccess(request)),
  });

  r.post('/api/bases/:baseId/rollover', {
    config: { action: 'base.rollover' },
    schema: {
      tags,
      summary: "Create next year's base from this one with the confirmed class mapping, and archive this one (409 base.rollover_state, base.rollover_next_exists; 422 on the mapping)",
      params: BaseParamsSchema,
      body: RolloverRequestSchema,
      response: { 201: RolloverResultSchema },
    },
    handler: async (request, reply) => reply.code(201).send(await rolloverService.rollover(requireBaseAccess(request), request.body)),
  });

  r.get('/api/organizations/:orgId/rollover-settings', {
    config: { action: 'bases.rolloverSettings' },
    schema: { tags, summary: "Whether next year's empty bases are created at the end of August", params: OrganizationParamsSchema, response: { 200: RolloverSettingsSchema } },
    handler: (request) => rolloverService.settings(request.params.orgId),
  });

  r.put('/api/organizations/:orgId/rollover-settings', {
    config: { action: 'bases.rolloverSettings' },
    schema: { tags, summary: "Have next year's empty bases created at the end of August (from 31 August, unless one exists)", params: OrganizationParamsSchema, body: RolloverSettingsSchema, response: { 200: RolloverSettingsSchema } },
    handler: (request) => rolloverService.saveSettings(request.params.orgId, request.body.autoCreateNextYear),
  });
}
