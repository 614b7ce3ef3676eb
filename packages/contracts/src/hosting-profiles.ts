import { Type, type Static } from 'typebox';
import { RoleSchema } from './organizations.ts';

/**
 * Users recovered from a profiles file (`.preau-profils`, docs/hosting-files.md) in the hosting
 * console: who already is a member (and gets their profile), who will be invited, and the conflicts
 * left for a person to settle.
 *
 * - `ready`: a member with this profile already: nothing to do;
 * - `grant`: a member who gets the profile on the base;
 * - `invite`: invited by e-mail, receiving the profile on accepting;
 * - `invited`: an invitation is pending already (applying again sends none);
 * - `conflict_name`: an account has this e-mail under another name (left aside);
 * - `conflict_profile`: the profile is not one Préau knows (left aside).
 */
export const RECOVERY_OUTCOMES = ['ready', 'grant', 'invite', 'invited', 'conflict_name', 'conflict_profile'] as const;
export const RecoveryOutcomeSchema = Type.Union([
  Type.Literal('ready'), Type.Literal('grant'), Type.Literal('invite'), Type.Literal('invited'), Type.Literal('conflict_name'), Type.Literal('conflict_profile'),
]);
export type RecoveryOutcome = (typeof RECOVERY_OUTCOMES)[number];

export const RecoveryEntrySchema = Type.Object({
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  /** The profile on the base the file gives (null for a legal owner or administrator without one; as written when unknown). */
  profile: Type.Union([Type.String(), Type.Null()]),
  outcome: RecoveryOutcomeSchema,
  /** The name of the account that already has this e-mail, for a name conflict. */
  accountName: Type.Union([Type.String(), Type.Null()]),
});
export type RecoveryEntry = Static<typeof RecoveryEntrySchema>;

export const RecoveryReportSchema = Type.Object({
  base: Type.Object({ id: Type.String(), uai: Type.String(), schoolYear: Type.String(), name: Type.String() }),
  /** True once applied (the entries then say what was done). */
  applied: Type.Boolean(),
  counts: Type.Object({ ready: Type.Integer(), grant: Type.Integer(), invite: Type.Integer(), invited: Type.Integer(), conflicts: Type.Integer() }),
  entries: Type.Array(RecoveryEntrySchema),
});
export type RecoveryReport = Static<typeof RecoveryReportSchema>;
