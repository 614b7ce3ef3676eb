import type { Locale } from '@preau/contracts';

/**
 * A text message template: one function per language, taking the template's variables. Texts stay
 * within one SMS (160 characters of the GSM alphabet: no ç, ê, â, ô, œ or typographic quotes), which
 * `sms.test.ts` checks for every template with its longest variables.
 */
export type SmsTemplate<Vars> = Record<Locale, (vars: Vars) => string>;

/** Renders the template in the recipient's language (French when unknown). */
export function renderSms<Vars>(template: SmsTemplate<Vars>, locale: string | null | undefined, vars: Vars): string {
  return template[locale === 'en' ? 'en' : 'fr'](vars);
}

/** The code that proves a person receives texts at the number of their profile (a secret: never logged). */
export const phoneVerificationSms: SmsTemplate<{ code: string; minutes: number }> = {
  fr: ({ code, minutes }) => `Préau : votre code de vérification est ${code}. Il est valable ${minutes} minutes. Ne le donnez à personne.`,
  en: ({ code, minutes }) => `Préau: your verification code is ${code}. It is valid for ${minutes} minutes. Do not share it with anyone.`,
};

/** The hosting console's credentials, sent to the organisation's legal owners (a secret: never logged). */
export const hostingCredentialsSms: SmsTemplate<{ hostingNumber: string; password: string }> = {
  fr: ({ hostingNumber, password }) => `Préau, console d'hébergement. Numéro : ${hostingNumber}. Mot de passe : ${password}. L'ancien mot de passe ne fonctionne plus.`,
  en: ({ hostingNumber, password }) => `Préau hosting console. Number: ${hostingNumber}. Password: ${password}. The previous password no longer works.`,
};
