import { Type, type Static } from 'typebox';
import { BaseDegreeSchema, BaseStateSchema } from './bases.ts';
import { IsoDateTimeSchema } from './common.ts';
import { Secret, Text } from './text.ts';

/** Length of a generated hosting password; a changed one needs at least as many characters. */
export const HOSTING_PASSWORD_LENGTH = 14;

/**
 * POST /api/hosting/sign-in: the hosting console's own sign-in. The invoice number is needed at the
 * first successful sign-in only (proof that the organisation is the hosting provider's customer).
 * Whatever is wrong, the answer is the same 401 `hosting.sign_in_failed`.
 */
export const HostingSignInSchema = Type.Object({
  hostingNumber: Text({ max: 40 }),
  password: Secret({ max: 128 }),
  invoiceNumber: Type.Optional(Text({ min: 0, max: 60 })),
});
export type HostingSignIn = Static<typeof HostingSignInSchema>;

/** A school base as the hosting console lists it. */
export const HostingBaseSchema = Type.Object({
  id: Type.String(),
  uai: Type.String(),
  name: Type.String(),
  degree: BaseDegreeSchema,
  schoolYear: Type.String(),
  state: BaseStateSchema,
});
export type HostingBase = Static<typeof HostingBaseSchema>;

/** GET /api/hosting/session: the organisation a hosting session acts for, and its bases. */
export const HostingSessionSchema = Type.Object({
  organizationName: Type.String(),
  hostingNumber: Type.String(),
  /** Whether an invoice number was given at a first sign-in (later sign-ins need none). */
  ownershipProved: Type.Boolean(),
  passwordSetAt: IsoDateTimeSchema,
  /** When the session ends unless used again before. */
  expiresAt: IsoDateTimeSchema,
  bases: Type.Array(HostingBaseSchema),
});
export type HostingSession = Static<typeof HostingSessionSchema>;

/** POST /api/hosting/password: change the hosting password from a hosting session. */
export const ChangeHostingPasswordSchema = Type.Object({
  currentPassword: Secret({ max: 128 }),
  newPassword: Secret({ max: 128 }),
});
export type ChangeHostingPassword = Static<typeof ChangeHostingPasswordSchema>;

/** The hosting number and a new password went by SMS to these (masked) numbers; the previous password no longer works. */
export const HostingCredentialsSentSchema = Type.Object({
  sentTo: Type.Array(Type.String()),
  passwordSetAt: IsoDateTimeSchema,
});
export type HostingCredentialsSent = Static<typeof HostingCredentialsSentSchema>;
