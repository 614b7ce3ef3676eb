/**
 * Error codes of phone numbers and SMS: verifying the number of one's profile by a code sent by SMS
 * (`modules/profile`), and the SMS sender itself (`modules/sms`).
 */
import type { LocalizedMessage } from './format.ts';

export const PHONE_ERROR_MESSAGES = {
  'phone.missing': { fr: "Enregistrez d'abord un numéro de téléphone sur votre profil.", en: 'Save a phone number on your profile first.' },
  'phone.already_verified': { fr: 'Ce numéro est déjà vérifié.', en: 'This number is already verified.' },
  'phone.code_wrong': {
    fr: 'Code incorrect. Tentatives restantes : {{remaining}}.',
    en: 'Wrong code. Attempts left: {{remaining}}.',
  },
  'phone.code_missing': { fr: 'Aucun code en cours pour ce numéro : demandez-en un.', en: 'No code is waiting for this number: ask for one.' },
  'phone.code_expired': { fr: 'Ce code a expiré : demandez-en un nouveau.', en: 'This code has expired: ask for a new one.' },
  'phone.code_attempts_exhausted': {
    fr: 'Trop de codes incorrects : demandez un nouveau code.',
    en: 'Too many wrong codes: ask for a new code.',
  },
  'sms.recipient_invalid': { fr: "Ce numéro ne peut pas recevoir de SMS.", en: 'This number cannot receive text messages.' },
  'sms.send_failed': {
    fr: "Le SMS n'a pas pu être envoyé. Réessayez dans quelques minutes.",
    en: 'The text message could not be sent. Try again in a few minutes.',
  },
} as const satisfies Record<string, LocalizedMessage>;
