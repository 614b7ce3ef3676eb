import { Type, type Static } from 'typebox';
import { LocaleSchema } from './common.ts';

/** Bodies of the identity routes (`/api/auth/*`), checked before better-auth sees them. */
const Email = Type.String({ minLength: 3, maxLength: 254, description: 'E-mail address (compared without letter case)' });
const Password = Type.String({ maxLength: 128, description: '8 to 128 characters, not easy to guess' });
const ConsoleUrl = Type.String({ maxLength: 2048, description: 'Console page the e-mailed link leads to' });

export const SignUpBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  email: Email,
  password: Password,
  locale: Type.Optional(LocaleSchema),
  callbackURL: Type.Optional(ConsoleUrl),
});
export type SignUpBody = Static<typeof SignUpBodySchema>;

export const SignInBodySchema = Type.Object({
  email: Email,
  password: Password,
  rememberMe: Type.Optional(Type.Boolean()),
  callbackURL: Type.Optional(ConsoleUrl),
});
export type SignInBody = Static<typeof SignInBodySchema>;

export const EmailBodySchema = Type.Object({ email: Email, callbackURL: Type.Optional(ConsoleUrl) });
export const PasswordResetRequestBodySchema = Type.Object({ email: Email, redirectTo: Type.Optional(ConsoleUrl) });
export const PasswordResetBodySchema = Type.Object({ token: Type.String({ minLength: 1, maxLength: 512 }), newPassword: Password });
export const PasswordChangeBodySchema = Type.Object({
  currentPassword: Password,
  newPassword: Password,
  revokeOtherSessions: Type.Optional(Type.Boolean()),
});
export const EmailVerificationQuerySchema = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 2048 }),
  callbackURL: Type.Optional(ConsoleUrl),
});

/** The signed-in account as the identity routes return it. */
export const IdentityUserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  emailVerified: Type.Boolean(),
  locale: Type.Optional(LocaleSchema),
});
export const SignUpResultSchema = Type.Object({ token: Type.Null(), user: IdentityUserSchema });
export const SignInResultSchema = Type.Object({ redirect: Type.Boolean(), token: Type.String(), user: IdentityUserSchema });
export const SessionSchema = Type.Union([
  Type.Object({ session: Type.Object({ id: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }), user: IdentityUserSchema }),
  Type.Null(),
]);
export const StatusResultSchema = Type.Object({ status: Type.Boolean() });
