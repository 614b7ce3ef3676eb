import { defineMailTemplate } from '../mail/mail.templates.ts';

/** Sent at sign-up (and on request): a link to the console page that confirms the address. */
export const verifyEmailMail = defineMailTemplate<{ name: string; url: string }>({
  fr: ({ name, url }) => ({
    subject: 'Confirmez votre adresse e-mail',
    paragraphs: [`Bonjour ${name},`, 'Bienvenue sur Préau. Confirmez votre adresse e-mail pour sécuriser votre compte.'],
    action: { label: 'Confirmer mon adresse', url },
    footer: "Si vous n'avez pas créé de compte sur Préau, ignorez cet e-mail.",
  }),
  en: ({ name, url }) => ({
    subject: 'Confirm your e-mail address',
    paragraphs: [`Hello ${name},`, 'Welcome to Préau. Confirm your e-mail address to secure your account.'],
    action: { label: 'Confirm my address', url },
    footer: 'If you did not create a Préau account, ignore this e-mail.',
  }),
});

/** Sent on a password-reset request: a link to the console page `/reset-password?token=`. */
export const resetPasswordMail = defineMailTemplate<{ name: string; url: string }>({
  fr: ({ name, url }) => ({
    subject: 'Réinitialisez votre mot de passe',
    paragraphs: [`Bonjour ${name},`, 'Vous avez demandé à changer le mot de passe de votre compte Préau. Ce lien est valable une heure.'],
    action: { label: 'Choisir un nouveau mot de passe', url },
    footer: "Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : votre mot de passe ne change pas.",
  }),
  en: ({ name, url }) => ({
    subject: 'Reset your password',
    paragraphs: [`Hello ${name},`, 'You asked to change the password of your Préau account. This link is valid for one hour.'],
    action: { label: 'Choose a new password', url },
    footer: 'If you did not ask for this, ignore this e-mail: your password stays the same.',
  }),
});

/** Sent instead of an account when someone signs up with an address that already has one. */
export const existingAccountMail = defineMailTemplate<{ name: string; signInUrl: string; resetUrl: string }>({
  fr: ({ name, signInUrl, resetUrl }) => ({
    subject: 'Vous avez déjà un compte Préau',
    paragraphs: [
      `Bonjour ${name},`,
      "Quelqu'un (vous, peut-être) vient de demander la création d'un compte Préau avec cette adresse, qui en a déjà un : aucun nouveau compte n'a été créé.",
      `Connectez-vous avec votre mot de passe habituel, ou, si vous l'avez oublié, choisissez-en un nouveau : ${resetUrl}`,
    ],
    action: { label: 'Me connecter', url: signInUrl },
    footer: "Si vous n'êtes pas à l'origine de cette demande, ignorez cet e-mail : votre compte ne change pas.",
  }),
  en: ({ name, signInUrl, resetUrl }) => ({
    subject: 'You already have a Préau account',
    paragraphs: [
      `Hello ${name},`,
      'Someone (perhaps you) just asked to create a Préau account with this address, which already has one: no new account was created.',
      `Sign in with your usual password or, if you forgot it, choose a new one: ${resetUrl}`,
    ],
    action: { label: 'Sign in', url: signInUrl },
    footer: 'If you did not ask for this, ignore this e-mail: your account stays as it is.',
  }),
});
