import { Type, type Static } from 'typebox';
import { LocaleSchema } from './common.ts';
import { Text } from './text.ts';

/** GET/PATCH /api/me: the signed-in person's profile. */
export const ProfileSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  emailVerified: Type.Boolean(),
  name: Type.String(),
  /** In E.164 (`+33612345678`); saved numbers are normalised, French ones by default. */
  phone: Type.Union([Type.String(), Type.Null()]),
  /** When the number received and gave back a code sent by SMS; null until then, and again once the number changes. */
  phoneVerifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  locale: LocaleSchema,
  /** Whether this account runs the instance (operator pages, the development outbox). */
  isOperator: Type.Boolean(),
});
export type Profile = Static<typeof ProfileSchema>;

export const UpdateProfileSchema = Type.Object({
  name: Type.Optional(Text({ max: 120 })),
  /** A blank phone clears it (null); any other is checked and saved in E.164 (French when written without +). */
  phone: Type.Optional(Type.Union([Text({ min: 6, max: 20, pattern: '^\\+?[0-9 .-]{6,20}$' }), Type.Null()])),
  locale: Type.Optional(LocaleSchema),
});
export type UpdateProfile = Static<typeof UpdateProfileSchema>;

/** POST /api/me/phone/verification: a code was sent by SMS to `phone`; it may be given until `expiresAt`. */
export const PhoneVerificationSentSchema = Type.Object({
  phone: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type PhoneVerificationSent = Static<typeof PhoneVerificationSentSchema>;

/** POST /api/me/phone/verify: the 6-digit code received by SMS. */
export const VerifyPhoneSchema = Type.Object({
  code: Text({ min: 6, max: 6, pattern: '^[0-9]{6}$' }),
});
export type VerifyPhone = Static<typeof VerifyPhoneSchema>;
