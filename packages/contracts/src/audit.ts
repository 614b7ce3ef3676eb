import { Type, type Static } from 'typebox';
import { DateSchema } from './billing.ts';
import { IdParamSchema } from './common.ts';
import { Text } from './text.ts';

/** Who an audit entry names: an account, an API token, an operator under a support access, a hosting session, nobody signed in, or Préau itself (jobs). */
export const AuditActorKindSchema = Type.Union([
  Type.Literal('account'),
  Type.Literal('api_token'),
  Type.Literal('operator_support'),
  Type.Literal('hosting'),
  Type.Literal('anonymous'),
  Type.Literal('system'),
]);
export type AuditActorKind = Static<typeof AuditActorKindSchema>;

/** What an entry records: a row written, changed or removed, a read of a pupil's data, or a summary of many rows. */
export const AuditOperationSchema = Type.Union([Type.Literal('insert'), Type.Literal('update'), Type.Literal('delete'), Type.Literal('read'), Type.Literal('summary')]);
export type AuditOperation = Static<typeof AuditOperationSchema>;

/** One entry of the audit log. `changes`: the changed fields before and after (secrets only named). */
export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  baseId: Type.Union([Type.String(), Type.Null()]),
  actorKind: AuditActorKindSchema,
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  supportAccessId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  operation: AuditOperationSchema,
  objectKind: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

/** The log's filters (the list and the CSV). */
const auditFilters = {
  /** The actor's id (an account, a token). */
  person: Type.Optional(IdParamSchema),
  /** An access action (`members.update`), or its beginning (`members.`). */
  action: Type.Optional(Text({ max: 100, pattern: '^[A-Za-z0-9_.]+$' })),
  objectKind: Type.Optional(Text({ max: 64, pattern: '^[a-z_]+$' })),
  /** An object's id; two ids joined by `/` for a link (a base profile: base/member). */
  objectId: Type.Optional(Text({ max: 160, pattern: '^[A-Za-z0-9_/-]+$' })),
  /** From this day (inclusive, Paris time). */
  from: Type.Optional(DateSchema),
  /** To this day (inclusive, Paris time). */
  to: Type.Optional(DateSchema),
  /** Words found in the actor's name, the action, the object's kind or id, or the changes. */
  q: Type.Optional(Text({ max: 100 })),
};

/** GET …/audit?person=&action=&objectKind=&objectId=&from=&to=&q=&limit=&cursor= */
export const AuditQuerySchema = Type.Object({
  ...auditFilters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Text({ max: 15, pattern: '^[0-9]{1,15}$' })),
});
export type AuditQuery = Static<typeof AuditQuerySchema>;

/** GET …/audit.csv: the same filters. */
export const AuditCsvQuerySchema = Type.Object(auditFilters);
export type AuditCsvQuery = Static<typeof AuditCsvQuerySchema>;

export const AuditPageSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type AuditPage = Static<typeof AuditPageSchema>;

/** The organisation's log settings: days an entry is kept. */
export const AuditSettingsSchema = Type.Object({
  retentionDays: Type.Integer({ minimum: 30, maximum: 3650 }),
});
export type AuditSettings = Static<typeof AuditSettingsSchema>;
