import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { SetStorageQuotaSchema, StorageOrgParamsSchema, StorageUsageSchema, type SetStorageQuota, type StorageUsage } from '@preau/contracts';
import { requireUser } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseFiles } from './base-files.service.ts';

const MB = 1024 * 1024;

export interface StorageRoutesDeps {
  baseFiles: BaseFiles;
}

/**
 * GET /api/organizations/:orgId/storage: what the organisation's bases keep against its quota;
 * GET/PUT /api/operator/organizations/:orgId/storage: the same for the provider, who sets the quota.
 */
export function registerStorageRoutes(app: FastifyInstance, deps: StorageRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['storage'];
  async function usage(organizationId: string): Promise<StorageUsage> {
    const [used, names] = await Promise.all([deps.baseFiles.usage(organizationId), deps.baseFiles.baseNames(organizationId)]);
    if (!names) throw new AppError('not_found', 'organization.not_found');
    return {
      usedBytes: used.usedBytes,
      quotaBytes: used.quotaBytes,
      quotaSource: used.quotaSource,
      bases: [...names].map(([baseId, name]) => ({ baseId, name, usedBytes: used.bases.find((base) => base.baseId === baseId)?.usedBytes ?? 0 })),
    };
  }
  r.get('/api/organizations/:orgId/storage', {
    config: { action: 'storage.read' },
    schema: { tags, summary: "Storage the organisation's bases use (photos, documents, letters), against its quota", params: StorageOrgParamsSchema, response: { 200: StorageUsageSchema } },
    handler: (request) => usage(request.params.orgId),
  });
  r.get('/api/operator/organizations/:orgId/storage', {
    config: { action: 'storage.quota.manage' },
    schema: { tags, summary: "A customer's storage use and quota", params: StorageOrgParamsSchema, response: { 200: StorageUsageSchema } },
    handler: (request) => usage(request.params.orgId),
  });
  r.put('/api/operator/organizations/:orgId/storage', {
    config: { action: 'storage.quota.manage' },
    schema: { tags, summary: "Set a customer's storage quota (megabytes, unlimited, or the instance's default)", params: StorageOrgParamsSchema, body: SetStorageQuotaSchema, response: { 200: StorageUsageSchema } },
    handler: async (request) => {
      if (!(await deps.baseFiles.baseNames(request.params.orgId))) throw new AppError('not_found', 'organization.not_found');
      await deps.baseFiles.setQuota(request.params.orgId, quotaBytesOf(request.body.quota), requireUser(request).id);
      return usage(request.params.orgId);
    },
  });
}

function quotaBytesOf(quota: SetStorageQuota['quota']): number | null | undefined {
  if (quota === 'unlimited') return null;
  if (quota === 'instance_default') return undefined;
  return quota.megabytes * MB;
}
