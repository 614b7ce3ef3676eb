/**
 * What a reminder says, by e-mail and by SMS, in the recipient's language (French by default): the
 * invoice's number, what it still asks, its due date, the payment reference and the verification
 * code, which the customer may check in the console (Facturation › Vérifier un rappel).
 */
import type { Locale } from '@preau/contracts';
import { defineMailTemplate } from '../mail/mail.templates.ts';
import type { SmsTemplate } from '../sms/sms.templates.ts';

export interface ReminderVars {
  organizationName: string;
  number: string;
  /** Formatted for the recipient's language. */
  amount: string;
  /** DD/MM/YYYY. */
  dueDate: string;
  /** Printed in groups of four. */
  reference: string;
  /** Printed form, `XXXX-XXXX`. */
  code: string;
  step: number;
  checkUrl: string;
}

export const reminderMail = defineMailTemplate<ReminderVars>({
  fr: (v) => ({
    subject: `Rappel : facture ${v.number} en attente de paiement`,
    paragraphs: [
      `Bonjour,`,
      `Sauf erreur de notre part, la facture ${v.number} de ${v.organizationName}, échue le ${v.dueDate}, n’est pas encore réglée : il reste ${v.amount} à payer (rappel n° ${v.step}).`,
      `Pour la régler, faites un virement avec la référence ${v.reference}, ou payez-la avec votre solde prépayé dans la console Préau.`,
      `Code de vérification de ce rappel : ${v.code}. Pour vous assurer que ce message vient bien de Préau, saisissez ce code dans la console (Facturation › Vérifier un rappel) en vous connectant comme d’habitude, sans suivre de lien d’un message douteux.`,
      `Si vous avez déjà payé, la page « J’ai payé mais j’ai reçu un rappel » de la console vous dit ce que nous avons reçu.`,
    ],
    action: { label: 'Ouvrir la facturation', url: v.checkUrl },
  }),
  en: (v) => ({
    subject: `Reminder: invoice ${v.number} awaiting payment`,
    paragraphs: [
      `Hello,`,
      `Unless we are mistaken, invoice ${v.number} of ${v.organizationName}, due on ${v.dueDate}, is not paid yet: ${v.amount} remains to be paid (reminder no. ${v.step}).`,
      `To pay it, make a transfer with the reference ${v.reference}, or pay it from your prepaid balance in the Préau console.`,
      `Verification code of this reminder: ${v.code}. To make sure this message comes from Préau, type this code in the console (Billing › Check a reminder), signing in as usual rather than through a link of a doubtful message.`,
      `If you have paid already, the console's “I paid but got a reminder” page tells you what we received.`,
    ],
    action: { label: 'Open billing', url: v.checkUrl },
  }),
});

/** One SMS of the GSM alphabet (no accents but é, è, à; amounts written with the currency's code). */
export const reminderSms: SmsTemplate<Pick<ReminderVars, 'number' | 'amount' | 'dueDate' | 'reference' | 'code'>> = {
  fr: (v) => `Préau : facture ${v.number} échue le ${v.dueDate}, reste ${v.amount}. Ref. ${v.reference}. Code du rappel : ${v.code}`,
  en: (v) => `Préau: invoice ${v.number} due ${v.dueDate}, ${v.amount} left to pay. Ref. ${v.reference}. Reminder code: ${v.code}`,
};

/** An amount for an SMS: digits, a decimal comma (French) or point, the currency's code (`1440,50 EUR`). */
export function smsAmount(cents: number, currency: string, locale: Locale): string {
  const units = Math.trunc(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return locale === 'fr' ? `${units},${rest} ${currency}` : `${currency} ${units}.${rest}`;
}

