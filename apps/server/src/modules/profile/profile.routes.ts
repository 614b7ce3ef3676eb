import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ProfileSchema, UpdateProfileSchema } from '@preau/contracts';
import { requireUser } from '../../http/session.ts';
import type { ProfileService } from './profile.service.ts';

/** GET/PATCH /api/me: the signed-in person's profile. */
export function registerProfileRoutes(app: FastifyInstance, { profileService }: { profileService: ProfileService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/me', {
    config: { action: 'me.read' },
    schema: { tags: ['profile'], summary: 'My profile', response: { 200: ProfileSchema } },
    handler: (request) => profileService.getProfile(requireUser(request).id),
  });
  r.patch('/api/me', {
    config: { action: 'me.update' },
    schema: { tags: ['profile'], summary: 'Update my profile', body: UpdateProfileSchema, response: { 200: ProfileSchema } },
    handler: (request) => profileService.updateProfile(requireUser(request).id, request.body),
  });
}
