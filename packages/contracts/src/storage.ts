import { Type, type Static } from 'typebox';
import { Text } from './text.ts';

/** Bytes of base files an organisation keeps, in all and per base, against its quota. */
export const StorageUsageSchema = Type.Object({
  usedBytes: Type.Integer({ minimum: 0 }),
  quotaBytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'null: no limit' }),
  quotaSource: Type.Union([Type.Literal('instance'), Type.Literal('operator')], { description: "instance: the instance's default (STORAGE_QUOTA_MB); operator: set for this organisation" }),
  bases: Type.Array(
    Type.Object({
      baseId: Type.String(),
      name: Type.String(),
      usedBytes: Type.Integer({ minimum: 0 }),
    }),
  ),
});
export type StorageUsage = Static<typeof StorageUsageSchema>;

/** An operator's storage quota for one organisation. */
export const SetStorageQuotaSchema = Type.Object(
  {
    quota: Type.Union([
      Type.Object({ megabytes: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) }, { additionalProperties: false }),
      Type.Literal('unlimited'),
      Type.Literal('instance_default'),
    ]),
  },
  { additionalProperties: false },
);
export type SetStorageQuota = Static<typeof SetStorageQuotaSchema>;

export const StorageOrgParamsSchema = Type.Object({ orgId: Text({ min: 1, max: 64 }) });
