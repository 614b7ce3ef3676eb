import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { create as contentDisposition } from 'content-disposition';
import { Type } from 'typebox';
import {
  ErasePupilSchema,
  ErasurePreviewSchema,
  ErasureResultSchema,
  IdParamSchema,
  LegalHoldStateSchema,
  MinorsDataAccessSchema,
  RetentionRulesSchema,
  RetentionSettingsSchema,
  SetLegalHoldSchema,
} from '@preau/contracts';
import { answerLocale } from '../../http/answer-locale.ts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { requireUser } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { MinorsDataService } from './minors-data.service.ts';
import type { PupilDataService } from './pupil-data.service.ts';
import type { RetentionService } from './retention.service.ts';

export interface MinorsDataRoutesDeps {
  pupilDataService: PupilDataService;
  minorsDataService: MinorsDataService;
  retentionService: RetentionService;
}

const tags = ['minors data'];
const BaseParams = Type.Object({ baseId: IdParamSchema });
const PupilParams = Type.Object({ baseId: IdParamSchema, pupilId: IdParamSchema });
const RULE_FIELDS = ['schoolingDays', 'identityDays', 'accessLogDays'] as const;

/**
 * Days are JSON numbers: Ajv's type coercion would read a string of spaces as 0 days (delete at
 * once), so a string is refused before validation coerces it.
 */
function refuseStringDays(request: FastifyRequest): void {
  const body = request.body as Record<string, unknown> | null;
  if (typeof body !== 'object' || body === null) return;
  const strings = RULE_FIELDS.filter((field) => typeof body[field] === 'string');
  if (strings.length === 0) return;
  throw new AppError('validation_failed', 'validation_failed', {}, { fields: Object.fromEntries(strings.map((field) => [`/${field}`, { code: 'validation.type', params: { type: 'integer' } }])) });
}

const ZipSchema = Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', format: 'binary', description: 'A ZIP archive' });

/**
 * Minors' data (decision 0021): a pupil's export and erasure, a base's legal hold and the report of
 * who sees its pupils' data, the operator's retention rules.
 */
export function registerMinorsDataRoutes(app: FastifyInstance, deps: MinorsDataRoutesDeps): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { pupilDataService: pupils, minorsDataService: bases, retentionService: retention } = deps;
  const base = (request: FastifyRequest) => requireBaseAccess(request).base;

  r.get('/api/bases/:baseId/pupils/:pupilId/data-export', {
    config: { action: 'pupilData.read' },
    schema: {
      tags, params: PupilParams, response: { 200: ZipSchema },
      summary: "Everything Préau holds about the pupil, across the organisation's school years (a family's access request): a ZIP of pupil.json, a PDF summary, documents, letters, photo and bilans. A base's direction gets the bases they direct",
    },
    handler: async (request, reply) => {
      const { fileName, body } = await pupils.exportPupil(requireBaseAccess(request), request.params.pupilId, answerLocale(request));
      return reply.type('application/zip').header('content-disposition', contentDisposition(fileName)).header('cache-control', 'private, no-store').send(body);
    },
  });
  r.get('/api/bases/:baseId/pupils/:pupilId/erasure', {
    config: { action: 'minorsData.read' },
    schema: {
      tags, params: PupilParams, response: { 200: ErasurePreviewSchema },
      summary: "What erasing the pupil deletes (counts per kind, every base of the organisation holding them, their legal holds) and the name to type back to confirm",
    },
    handler: (request) => pupils.previewErasure(requireBaseAccess(request), request.params.pupilId),
  });
  r.post('/api/bases/:baseId/pupils/:pupilId/erasure', {
    config: { action: 'minorsData.manage' },
    schema: {
      tags, params: PupilParams, body: ErasePupilSchema, response: { 200: ErasureResultSchema },
      summary: "Erase the pupil from every base of the organisation, in one transaction (stored files follow within a minute); `confirmation` is the pupil's first and last name typed back (422 otherwise); 409 pupil_data.legal_hold while a base holding them is under legal hold",
    },
    handler: async (request) => ({ counts: await pupils.erase(requireBaseAccess(request), request.params.pupilId, request.body.confirmation, requireUser(request).id) }),
  });

  r.get('/api/bases/:baseId/legal-hold', {
    config: { action: 'minorsData.read' },
    schema: { tags, params: BaseParams, response: { 200: LegalHoldStateSchema }, summary: "The base's legal hold, if any" },
    handler: (request) => bases.holdOf(base(request)),
  });
  r.put('/api/bases/:baseId/legal-hold', {
    config: { action: 'minorsData.manage' },
    schema: {
      tags, params: BaseParams, body: SetLegalHoldSchema, response: { 200: LegalHoldStateSchema },
      summary: "Put the base under legal hold (or change the reason): the retention job deletes nothing of it and none of its pupils may be erased until it is lifted",
    },
    handler: (request) => {
      const user = requireUser(request);
      return bases.setHold(base(request), request.body.reason, { userId: user.id, name: user.name });
    },
  });
  r.delete('/api/bases/:baseId/legal-hold', {
    config: { action: 'minorsData.manage' },
    schema: { tags, params: BaseParams, response: { 200: LegalHoldStateSchema }, summary: "Lift the base's legal hold (nothing happens when there is none)" },
    handler: (request) => bases.liftHold(base(request)),
  });
  r.get('/api/bases/:baseId/minors-data-access', {
    config: { action: 'minorsData.read' },
    schema: {
      tags, params: BaseParams, response: { 200: MinorsDataAccessSchema },
      summary: "Who can see the base's pupils' data: every person and their route of access (role, own profile, team), every API token bound to the base, every support access running",
    },
    handler: (request) => bases.accessReport(base(request)),
  });

  r.get('/api/operator/minors-data/retention', {
    config: { action: 'minorsData.retention.read' },
    schema: { tags, response: { 200: RetentionSettingsSchema }, summary: "The retention rules of minors' data (decision 0021's defaults until an operator sets them) and the last run" },
    handler: () => retention.settings(),
  });
  r.put('/api/operator/minors-data/retention', {
    config: { action: 'minorsData.retention.manage' },
    preValidation: async (request) => refuseStringDays(request),
    schema: { tags, body: RetentionRulesSchema, response: { 200: RetentionSettingsSchema }, summary: "Set the retention rules of minors' data, in days" },
    handler: (request) => retention.updateRules(request.body, requireUser(request).id),
  });
}
