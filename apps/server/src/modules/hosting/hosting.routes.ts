import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ChangeHostingPasswordSchema, HostingBaseSchema, HostingCredentialsSentSchema, HostingSessionSchema, HostingSignInSchema, IdParamSchema, type HostingCredentialsSent } from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import { clearHostingSessionCookie, requireHostingSession, setHostingSessionCookie } from '../../http/hosting-session.ts';
import { AppError } from '../../shared/app-error.ts';
import { HOSTING_SESSION_MAX_MS, type HostingService } from './hosting.service.ts';

const OrganizationParamsSchema = Type.Object({ orgId: IdParamSchema });
const BaseParamsSchema = Type.Object({ baseId: IdParamSchema });
const SENT = 'Sends the hosting number and a NEW hosting password by SMS to the legal owners\' verified numbers; the previous password stops working and every hosting session ends. 409 hosting.no_verified_phone; 429 past 3 sends an hour per organisation';

/**
 * The hosting credentials from the organisation's side (`/api/organizations/:orgId/hosting-credentials/*`,
 * `/api/bases/:baseId/hosting-credentials/send`) and the hosting console's own routes (`/api/hosting/*`,
 * a hosting session of their own: decision 0018).
 */
export function registerHostingRoutes(app: FastifyInstance, { hostingService, secureCookies }: { hostingService: HostingService; secureCookies: boolean }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['hosting'];
  const sent = (result: HostingCredentialsSent | { retryAfterSeconds: number }, reply: FastifyReply): HostingCredentialsSent => {
    if ('sentTo' in result) return result;
    void reply.header('retry-after', String(result.retryAfterSeconds));
    throw new AppError('rate_limited', 'rate_limited');
  };

  r.post('/api/organizations/:orgId/hosting-credentials/send', {
    config: { action: 'hosting.credentials.send' },
    schema: { tags, summary: `"Send me my hosting credentials" (legal owners, administrators). ${SENT}`, params: OrganizationParamsSchema, response: { 200: HostingCredentialsSentSchema } },
    handler: async (request, reply) => sent(await hostingService.sendCredentials(request.params.orgId), reply),
  });

  r.post('/api/bases/:baseId/hosting-credentials/send', {
    config: { action: 'hosting.credentials.sendFromBase' },
    schema: { tags, summary: `"Send me my hosting credentials" from a base (its direction, legal owners, administrators). ${SENT}`, params: BaseParamsSchema, response: { 200: HostingCredentialsSentSchema } },
    handler: async (request, reply) => sent(await hostingService.sendCredentials(requireBaseAccess(request).base.organizationId), reply),
  });

  r.post('/api/organizations/:orgId/hosting-credentials/reset', {
    config: { action: 'hosting.password.reset' },
    schema: { tags, summary: `Reset the hosting password (legal owners). ${SENT}`, params: OrganizationParamsSchema, response: { 200: HostingCredentialsSentSchema } },
    handler: async (request, reply) => sent(await hostingService.resetPassword(request.params.orgId), reply),
  });

  r.post('/api/hosting/sign-in', {
    config: { action: 'hosting.signIn' },
    schema: {
      tags,
      summary: 'Sign in to the hosting console: hosting number, password received by SMS and, at the first sign-in only, the number of an invoice issued to the organisation. Any failure is 401 hosting.sign_in_failed; 5 failures of a number (10 of an address) lock it 15 minutes',
      body: HostingSignInSchema,
      response: { 200: HostingSessionSchema },
    },
    handler: async (request, reply) => {
      const { hostingNumber, password, invoiceNumber } = request.body;
      const signedIn = await hostingService.signIn({ hostingNumber, password, invoiceNumber, ip: request.ip });
      setHostingSessionCookie(reply, signedIn.token, { secure: secureCookies, maxAgeSeconds: HOSTING_SESSION_MAX_MS / 1000 });
      return hostingService.describeSession(signedIn.session);
    },
  });

  r.post('/api/hosting/sign-out', {
    config: { action: 'hosting.session' },
    schema: { tags, summary: 'End my hosting console session' },
    handler: async (request, reply) => {
      await hostingService.signOut(requireHostingSession(request));
      clearHostingSessionCookie(reply, { secure: secureCookies });
      return reply.code(204).send();
    },
  });

  r.get('/api/hosting/session', {
    config: { action: 'hosting.session' },
    schema: { tags, summary: 'My hosting console session: the organisation, its hosting number, whether the invoice step was done, its bases', response: { 200: HostingSessionSchema } },
    handler: (request) => hostingService.describeSession(requireHostingSession(request)),
  });

  r.post('/api/hosting/password', {
    config: { action: 'hosting.session' },
    schema: {
      tags,
      summary: 'Change the hosting password: the current one (400 hosting.password_wrong), a new one of 14 characters at least, not guessable. Other hosting sessions end',
      body: ChangeHostingPasswordSchema,
    },
    handler: async (request, reply) => {
      await hostingService.changePassword(requireHostingSession(request), { ...request.body, ip: request.ip });
      return reply.code(204).send();
    },
  });

  r.get('/api/hosting/bases/:baseId', {
    config: { action: 'hosting.session' },
    schema: { tags, summary: 'One base of the organisation, as the hosting console shows it', params: BaseParamsSchema, response: { 200: HostingBaseSchema } },
    handler: (request) => hostingService.getBase(requireHostingSession(request), request.params.baseId),
  });
}
