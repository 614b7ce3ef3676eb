import { Type, type Static } from 'typebox';
import { LocaleSchema } from './common.ts';
import { PRINTABLE_ASCII_PATTERN, Secret, Text } from './text.ts';

/**
 * Bodies of the identity routes (`/api/auth/*`), checked before better-auth sees them. An address is
 * checked loosely here (an account created before EMAIL_PATTERN must still sign in): better-auth
 * checks it again. URLs and tokens end up in headers and links: printable ASCII only.
 */
const Email = Text({ min: 3, max: 254, description: 'E-mail address (compared without letter case)' });
const Password = Secret({ max: 128, description: '8 to 128 characters, not easy to guess' });
const ConsoleUrl = Text({ max: 2048, pattern: PRINTABLE_ASCII_PATTERN, description: 'Console page the e-mailed link leads to' });

export const SignUpBodySchema = Type.Object({
  name: Text({ max: 120 }),
  email: Email,
  password: Password,
  locale: Type.Optional(LocaleSchema),
  callbackURL: Type.Optional(ConsoleUrl),
  /** Signing up alone: the organisation created in the same step, the new account its legal owner (left out from an invitation). */
  organizationName: Type.Optional(Text({ min: 2, max: 120 })),
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
export const PasswordResetBodySchema = Type.Object({ token: Text({ max: 512, pattern: PRINTABLE_ASCII_PATTERN }), newPassword: Password });
export const PasswordChangeBodySchema = Type.Object({
  currentPassword: Password,
  newPassword: Password,
  revokeOtherSessions: Type.Optional(Type.Boolean()),
});
export const EmailVerificationQuerySchema = Type.Object({
  token: Text({ max: 2048, pattern: PRINTABLE_ASCII_PATTERN }),
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
