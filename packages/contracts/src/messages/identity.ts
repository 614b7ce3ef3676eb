/**
 * Error codes of the identity routes (`/api/auth/*`: sign-up, sign-in, verification, password reset),
 * answered in the same shape as every other route; better-auth's own codes are mapped to these.
 */
import type { LocalizedMessage } from './format.ts';

export const IDENTITY_ERROR_MESSAGES = {
  'auth.invalid_credentials': { fr: 'Adresse e-mail ou mot de passe incorrect.', en: 'Wrong e-mail address or password.' },
  'auth.invalid_email': { fr: "Cette adresse e-mail n'est pas valide.", en: 'This e-mail address is not valid.' },
  'auth.password_too_short': { fr: 'Le mot de passe doit compter au moins {{min}} caractères.', en: 'The password needs at least {{min}} characters.' },
  'auth.password_too_long': { fr: 'Le mot de passe doit compter au plus {{max}} caractères.', en: 'The password may have at most {{max}} characters.' },
  'auth.password_too_weak': {
    fr: 'Ce mot de passe est trop facile à deviner : évitez les mots de passe courants, les mots seuls, votre nom et votre adresse. Une phrase de plusieurs mots inhabituels convient bien.',
    en: 'This password is too easy to guess: avoid common passwords, single words, your name and your address. A phrase of several unusual words works well.',
  },
  'auth.invalid_token': { fr: "Ce lien n'est plus valable : demandez-en un nouveau.", en: 'This link is no longer valid: ask for a new one.' },
  'auth.email_not_verified': { fr: "Confirmez d'abord votre adresse e-mail : un lien vous a été envoyé.", en: 'Confirm your e-mail address first: a link was sent to you.' },
  'auth.sign_in_locked': {
    fr: 'Trop de tentatives de connexion échouées : réessayez dans {{minutes}} min, ou réinitialisez votre mot de passe.',
    en: 'Too many failed sign-in attempts: try again in {{minutes}} min, or reset your password.',
  },
  'auth.failed': { fr: "L'opération n'a pas abouti. Réessayez.", en: 'This did not work. Try again.' },
} as const satisfies Record<string, LocalizedMessage>;
