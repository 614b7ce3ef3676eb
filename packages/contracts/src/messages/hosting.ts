/** Error codes of the hosting credentials and the hosting console's sign-in (`modules/hosting`). */
import type { LocalizedMessage } from './format.ts';

export const HOSTING_ERROR_MESSAGES = {
  // One answer for every failed sign-in (unknown number, wrong password, missing or wrong invoice number, locked).
  'hosting.sign_in_failed': {
    fr: "Connexion refusée. Vérifiez le numéro d'hébergement, le mot de passe reçu par SMS et, à la première connexion, le numéro d'une facture. Après plusieurs échecs, la connexion est bloquée 15 minutes.",
    en: 'Sign-in refused. Check the hosting number, the password received by text message and, at the first sign-in, the number of an invoice. After several failures, signing in is blocked for 15 minutes.',
  },
  'hosting.no_verified_phone': {
    fr: "Aucun responsable légal n'a de numéro de téléphone vérifié : un responsable légal doit en vérifier un sur son profil pour recevoir les identifiants d'hébergement par SMS.",
    en: 'No legal owner has a verified phone number: a legal owner must verify one on their profile to receive the hosting credentials by text message.',
  },
  'hosting.password_wrong': { fr: "Le mot de passe d'hébergement actuel est incorrect.", en: 'The current hosting password is wrong.' },
} as const satisfies Record<string, LocalizedMessage>;
