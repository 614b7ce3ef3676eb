import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PhoneVerificationSentSchema, ProfileSchema, UpdateProfileSchema, VerifyPhoneSchema } from '@preau/contracts';
import { requireUser } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { PhoneVerificationService } from './phone-verification.service.ts';
import type { ProfileService } from './profile.service.ts';

/** GET/PATCH /api/me: the signed-in person's profile; /api/me/phone/*: verifying its phone number by SMS. */
export function registerProfileRoutes(
  app: FastifyInstance,
  { profileService, phoneVerificationService }: { profileService: ProfileService; phoneVerificationService: PhoneVerificationService },
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/api/me', {
    config: { action: 'me.read' },
    schema: { tags: ['profile'], summary: 'My profile', response: { 200: ProfileSchema } },
    handler: (request) => profileService.getProfile(requireUser(request).id),
  });
  r.patch('/api/me', {
    config: { action: 'me.update' },
    schema: {
      tags: ['profile'],
      summary: 'Update my profile; the phone is saved in E.164 (400 phone.invalid on /phone otherwise), a new number is no longer verified',
      body: UpdateProfileSchema,
      response: { 200: ProfileSchema },
    },
    handler: (request) => profileService.updateProfile(requireUser(request).id, request.body),
  });
  r.post('/api/me/phone/verification', {
    config: { action: 'me.phone.verify' },
    schema: {
      tags: ['profile'],
      summary:
        'Send a 6-digit code by SMS to my profile\'s number (valid 10 minutes; replaces a pending one); 409 phone.missing or phone.already_verified; 429 past 3 codes an hour',
      response: { 200: PhoneVerificationSentSchema },
    },
    handler: async (request, reply) => {
      const result = await phoneVerificationService.sendCode(requireUser(request).id);
      if ('sent' in result) return result.sent;
      void reply.header('retry-after', String(result.retryAfterSeconds));
      throw new AppError('rate_limited', 'rate_limited');
    },
  });
  r.post('/api/me/phone/verify', {
    config: { action: 'me.phone.verify' },
    schema: {
      tags: ['profile'],
      summary:
        'Give back the code sent by SMS: my number becomes verified. 400 phone.code_wrong (attempts left); 409 phone.code_missing, phone.code_expired or phone.code_attempts_exhausted (ask for a new code)',
      body: VerifyPhoneSchema,
      response: { 200: ProfileSchema },
    },
    handler: async (request) => {
      const userId = requireUser(request).id;
      await phoneVerificationService.verifyCode(userId, request.body.code);
      return profileService.getProfile(userId);
    },
  });
}
