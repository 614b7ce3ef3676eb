import type { Role } from '@preau/contracts';
import { defineMailTemplate } from '../mail/mail.templates.ts';
import { ROLE_LABELS } from '../members/member.mails.ts';

export interface InvitationVars {
  organizationName: string;
  invitedBy: string;
  role: Role;
  /** Console page `/invitations/{id}`. */
  url: string;
  expiresAt: Date;
}

const formatDate = (date: Date, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(date);

/** Invitation to join an organisation, with the link to accept or decline it. */
export const invitationMail = defineMailTemplate<InvitationVars>({
  fr: (v) => ({
    subject: `${v.invitedBy} vous invite à rejoindre ${v.organizationName} sur Préau`,
    paragraphs: [
      'Bonjour,',
      `${v.invitedBy} vous invite à rejoindre l'organisation ${v.organizationName} avec le rôle « ${ROLE_LABELS.fr[v.role]} ».`,
      `Cette invitation est valable jusqu'au ${formatDate(v.expiresAt, 'fr-FR')}. Si vous n'avez pas encore de compte Préau, créez-le avec cette adresse e-mail, puis acceptez l'invitation.`,
    ],
    action: { label: "Voir l'invitation", url: v.url },
    footer: "Si vous ne connaissez pas cette organisation, ignorez cet e-mail ou refusez l'invitation.",
  }),
  en: (v) => ({
    subject: `${v.invitedBy} invites you to join ${v.organizationName} on Préau`,
    paragraphs: [
      'Hello,',
      `${v.invitedBy} invites you to join the organisation ${v.organizationName} as ${ROLE_LABELS.en[v.role]}.`,
      `This invitation is valid until ${formatDate(v.expiresAt, 'en-GB')}. If you have no Préau account yet, create one with this e-mail address, then accept the invitation.`,
    ],
    action: { label: 'View the invitation', url: v.url },
    footer: 'If you do not know this organisation, ignore this e-mail or decline the invitation.',
  }),
});
