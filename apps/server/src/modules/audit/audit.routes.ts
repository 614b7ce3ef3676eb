import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AuditCsvQuerySchema, AuditPageSchema, AuditQuerySchema, AuditSettingsSchema, IdParamSchema } from '@preau/contracts';
import { answerLocale } from '../../http/answer-locale.ts';
import { requireBaseAccess } from '../../http/base-access.ts';
import type { Clock } from '../../shared/clock.ts';
import { parisDate } from '../../shared/paris-calendar.ts';
import type { AuditFilters } from './audit.repository.ts';
import type { AuditService } from './audit.service.ts';
import { pupilReadOf } from '../../http/pupil-reads.ts';

const tags = ['audit'];
const CsvSchema = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The CSV file' });
const OrgParams = Type.Object({ orgId: IdParamSchema });
const BaseParams = Type.Object({ baseId: IdParamSchema });

/**
 * The audit log: an organisation's for its managers (`/api/organizations/{orgId}/audit[.csv]`, its
 * retention under `/audit/settings`), a base's for its direction (`/api/bases/{baseId}/audit[.csv]`);
 * and the record of every read of a pupil's data, written before the answer leaves.
 */
export function registerAuditRoutes(app: FastifyInstance, deps: { auditService: AuditService; now: Clock }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { auditService } = deps;
  const csvReply = (request: FastifyRequest, reply: FastifyReply, organizationId: string, filters: AuditFilters) => {
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="journal-${parisDate(deps.now())}.csv"`).header('cache-control', 'private, no-store');
    return auditService.csv(organizationId, filters, answerLocale(request));
  };

  r.get('/api/organizations/:orgId/audit', {
    config: { action: 'audit.read' },
    schema: { tags, summary: "The organisation's audit log, newest first, filtered and paged by cursor", params: OrgParams, querystring: AuditQuerySchema, response: { 200: AuditPageSchema } },
    handler: (request) => {
      const { limit, cursor, ...filters } = request.query;
      return auditService.list(request.params.orgId, filters, { limit, cursor });
    },
  });
  r.get('/api/organizations/:orgId/audit.csv', {
    config: { action: 'audit.read' },
    schema: { tags, summary: 'The filtered audit log as CSV (UTF-8 with BOM, `;` separated), streamed', params: OrgParams, querystring: AuditCsvQuerySchema, response: { 200: CsvSchema } },
    handler: (request, reply) => csvReply(request, reply, request.params.orgId, request.query),
  });
  r.get('/api/organizations/:orgId/audit/settings', {
    config: { action: 'audit.read' },
    schema: { tags, summary: 'How many days the audit log keeps an entry', params: OrgParams, response: { 200: AuditSettingsSchema } },
    handler: async (request) => ({ retentionDays: await auditService.retentionDays(request.params.orgId) }),
  });
  r.put('/api/organizations/:orgId/audit/settings', {
    config: { action: 'audit.manage' },
    schema: { tags, summary: 'Set how many days the audit log keeps an entry (30 to 3650)', params: OrgParams, body: AuditSettingsSchema, response: { 200: AuditSettingsSchema } },
    handler: async (request) => {
      await auditService.setRetentionDays(request.params.orgId, request.body.retentionDays);
      return { retentionDays: request.body.retentionDays };
    },
  });
  r.get('/api/bases/:baseId/audit', {
    config: { action: 'base.audit.read' },
    schema: { tags, summary: "The base's entries of the audit log, newest first, filtered and paged by cursor", params: BaseParams, querystring: AuditQuerySchema, response: { 200: AuditPageSchema } },
    handler: (request) => {
      const { base } = requireBaseAccess(request);
      const { limit, cursor, ...filters } = request.query;
      return auditService.list(base.organizationId, { ...filters, baseId: base.id }, { limit, cursor });
    },
  });
  r.get('/api/bases/:baseId/audit.csv', {
    config: { action: 'base.audit.read' },
    schema: { tags, summary: "The base's filtered entries of the audit log as CSV, streamed", params: BaseParams, querystring: AuditCsvQuerySchema, response: { 200: CsvSchema } },
    handler: (request, reply) => {
      const { base } = requireBaseAccess(request);
      return csvReply(request, reply, base.organizationId, { ...request.query, baseId: base.id });
    },
  });

  // A read of a pupil's data is recorded once answered, before the answer leaves: a read that cannot be recorded fails.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 300 || !request.baseAccess) return payload;
    const read = pupilReadOf(request.method, request.routeOptions.url ?? '', request.routeOptions.config.action);
    if (!read) return payload;
    const { base } = request.baseAccess;
    const objectId = read.param === undefined ? base.id : ((request.params as Record<string, string | undefined>)[read.param] ?? null);
    await auditService.recordRead(base.organizationId, base.id, read.objectKind, objectId);
    return payload;
  });
}
