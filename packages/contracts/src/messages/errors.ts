/**
 * Error codes of the API: the stable `error.code` of every error answer, each with its French and
 * English text. The server renders `error.message` from here in the caller's language; the console
 * renders the code itself. Grouped by the module that raises them.
 */
import type { LocalizedMessage } from './format.ts';
import { IDENTITY_ERROR_MESSAGES } from './identity.ts';

export const ERROR_MESSAGES = {
  ...IDENTITY_ERROR_MESSAGES,
  // HTTP-level refusals, raised by the access layer and the error handler.
  bad_request: { fr: 'Requête invalide.', en: 'Bad request.' },
  validation_failed: { fr: 'Certains champs ne sont pas valides.', en: 'Some fields are invalid.' },
  unauthenticated: { fr: "Connectez-vous d'abord.", en: 'Sign in first.' },
  csrf_failed: { fr: 'La page a expiré : rechargez-la et recommencez.', en: 'The page has expired: reload it and try again.' },
  forbidden: { fr: 'Votre rôle ne permet pas cette action.', en: 'Your role does not allow this.' },
  not_found: { fr: 'Introuvable, ou hors de portée de ce compte.', en: 'Not found, or not reachable with this account.' },
  internal: { fr: 'Erreur du serveur. Réessayez dans un instant.', en: 'Something went wrong on our side. Try again later.' },
} as const satisfies Record<string, LocalizedMessage>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
