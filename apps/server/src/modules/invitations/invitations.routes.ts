import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CreateInvitationsSchema, InvitationListSchema, InvitationPreviewSchema, InvitationSchema } from '@preau/contracts';
import { limitByClientAddress, type RateLimiter } from '../../http/rate-limit.ts';
import { requireMembership } from '../../http/access.ts';
import { requireUser } from '../../http/session.ts';
import { OrganizationParamsSchema } from '../organizations/organizations.schemas.ts';
import { MyInvitationParamsSchema, OrganizationInvitationParamsSchema } from './invitations.schemas.ts';
import type { InvitationsService } from './invitations.service.ts';
import type { MyInvitationsService } from './my-invitations.service.ts';

interface InvitationRoutesDeps {
  invitationsService: InvitationsService;
  myInvitationsService: MyInvitationsService;
  /** Counts the public invitation reads per client address. */
  previewLimiter: RateLimiter;
}

/** The organisation's invitations (managers) and the signed-in account's own (invitee). */
export function registerInvitationRoutes(app: FastifyInstance, deps: InvitationRoutesDeps): void {
  const { invitationsService, myInvitationsService, previewLimiter } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['invitations'];

  r.post('/api/organizations/:orgId/invitations', {
    config: { action: 'invitations.create' },
    schema: {
      tags,
      summary: 'Invite one or several e-mail addresses with a role (a pending invitation to the same address is refreshed)',
      params: OrganizationParamsSchema,
      body: CreateInvitationsSchema,
      response: { 201: InvitationListSchema },
    },
    handler: async (request, reply) => {
      const items = await invitationsService.inviteMembers(request.params.orgId, requireMembership(request), request.body);
      return reply.code(201).send({ items });
    },
  });

  r.get('/api/organizations/:orgId/invitations', {
    config: { action: 'invitations.list' },
    schema: { tags, summary: "The organisation's invitations", params: OrganizationParamsSchema, response: { 200: InvitationListSchema } },
    handler: async (request) => ({ items: await invitationsService.listInvitations(request.params.orgId) }),
  });

  r.delete('/api/organizations/:orgId/invitations/:invitationId', {
    config: { action: 'invitations.cancel' },
    schema: { tags, summary: 'Cancel a pending invitation', params: OrganizationInvitationParamsSchema },
    handler: async (request, reply) => {
      await invitationsService.cancelInvitation(request.params.orgId, request.params.invitationId);
      return reply.code(204).send();
    },
  });

  r.post('/api/organizations/:orgId/invitations/:invitationId/resend', {
    config: { action: 'invitations.resend' },
    schema: {
      tags,
      summary: 'Send a pending or expired invitation again, with a new expiry',
      params: OrganizationInvitationParamsSchema,
      response: { 200: InvitationSchema },
    },
    handler: (request) =>
      invitationsService.resendInvitation(request.params.orgId, requireMembership(request), request.params.invitationId),
  });

  r.get('/api/invitations', {
    config: { action: 'invitations.mine' },
    schema: {
      tags,
      summary: 'Invitations addressed to my e-mail (listed once the address is verified)',
      response: { 200: InvitationListSchema },
    },
    handler: async (request) => ({ items: await myInvitationsService.listMyInvitations(requireUser(request).id) }),
  });

  r.get('/api/invitations/:invitationId', {
    config: { action: 'invitations.mine' },
    schema: { tags, summary: 'One invitation addressed to my e-mail', params: MyInvitationParamsSchema, response: { 200: InvitationSchema } },
    handler: (request) => myInvitationsService.getMyInvitation(requireUser(request).id, request.params.invitationId),
  });

  r.get('/api/invitations/:invitationId/preview', {
    config: { action: 'invitations.preview' },
    onRequest: limitByClientAddress(previewLimiter),
    schema: {
      tags,
      summary:
        "The invitation page before signing in: organisation, inviter, invited address and role of a pending invitation (the mailed id is the token); 404 invitation.link_unknown, 409 invitation.expired or invitation.not_pending otherwise; rate-limited per client address",
      params: MyInvitationParamsSchema,
      response: { 200: InvitationPreviewSchema },
    },
    handler: (request) => myInvitationsService.previewInvitation(request.params.invitationId),
  });

  r.post('/api/invitations/:invitationId/accept', {
    config: { action: 'invitations.respond' },
    schema: {
      tags,
      summary: 'Accept an invitation addressed to my e-mail: I join the organisation with its role',
      params: MyInvitationParamsSchema,
      response: { 200: InvitationSchema },
    },
    handler: (request) => myInvitationsService.acceptInvitation(requireUser(request).id, request.params.invitationId),
  });

  r.post('/api/invitations/:invitationId/decline', {
    config: { action: 'invitations.respond' },
    schema: { tags, summary: 'Decline an invitation addressed to my e-mail', params: MyInvitationParamsSchema, response: { 200: InvitationSchema } },
    handler: (request) => myInvitationsService.declineInvitation(requireUser(request).id, request.params.invitationId),
  });
}
