import { Type, type Static } from 'typebox';
import { LocaleSchema } from './common.ts';
import { Text } from './text.ts';

/** GET/PATCH /api/me: the signed-in person's profile. */
export const ProfileSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  emailVerified: Type.Boolean(),
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  locale: LocaleSchema,
  /** Whether this account runs the instance (operator pages, the development outbox). */
  isOperator: Type.Boolean(),
});
export type Profile = Static<typeof ProfileSchema>;

export const UpdateProfileSchema = Type.Object({
  name: Type.Optional(Text({ max: 120 })),
  /** A blank phone clears it (null). */
  phone: Type.Optional(Type.Union([Text({ min: 6, max: 20, pattern: '^\\+?[0-9 .-]{6,20}$' }), Type.Null()])),
  locale: Type.Optional(LocaleSchema),
});
export type UpdateProfile = Static<typeof UpdateProfileSchema>;
