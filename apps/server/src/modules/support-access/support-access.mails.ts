import { defineMailTemplate } from '../mail/mail.templates.ts';

export interface SupportAccessVars {
  organizationName: string;
  reason: string;
  write: boolean;
  endsAt: Date;
  /** Who granted it (granted), who used it (first use), who revoked it (ended early); '' when unknown. */
  who: string;
  /** The organisation's page, where accesses are listed and revoked. */
  url: string;
}

const when = (date: Date, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(date);

/** To every legal owner: an access was granted to the provider's support. */
export const supportGrantedMail = defineMailTemplate<SupportAccessVars>({
  fr: (v) => ({
    subject: `Accès support accordé pour ${v.organizationName}`,
    paragraphs: [
      'Bonjour,',
      `${v.who} a accordé au support de l'hébergeur un accès ${v.write ? 'avec modifications permises' : 'en lecture seule'} à l'organisation ${v.organizationName}, jusqu'au ${when(v.endsAt, 'fr-FR')}.`,
      `Motif : ${v.reason}`,
      'Tout ce que le support consulte ou modifie est enregistré. Vous pouvez retirer cet accès à tout moment.',
    ],
    action: { label: "Voir les accès support", url: v.url },
  }),
  en: (v) => ({
    subject: `Support access granted for ${v.organizationName}`,
    paragraphs: [
      'Hello,',
      `${v.who} granted the provider's support ${v.write ? 'an access allowing changes' : 'a read-only access'} to the organisation ${v.organizationName}, until ${when(v.endsAt, 'en-GB')}.`,
      `Reason: ${v.reason}`,
      'Everything the support reads or changes is recorded. You may revoke this access at any time.',
    ],
    action: { label: 'See support accesses', url: v.url },
  }),
});

/** To every legal owner: the support used the access for the first time. */
export const supportFirstUseMail = defineMailTemplate<SupportAccessVars>({
  fr: (v) => ({
    subject: `Le support est entré dans ${v.organizationName}`,
    paragraphs: ['Bonjour,', `${v.who} (support de l'hébergeur) utilise l'accès accordé à ${v.organizationName}, valable jusqu'au ${when(v.endsAt, 'fr-FR')}.`, `Motif : ${v.reason}`],
    action: { label: "Voir ce que fait le support", url: v.url },
  }),
  en: (v) => ({
    subject: `Support entered ${v.organizationName}`,
    paragraphs: ['Hello,', `${v.who} (the provider's support) is using the access granted to ${v.organizationName}, valid until ${when(v.endsAt, 'en-GB')}.`, `Reason: ${v.reason}`],
    action: { label: 'See what the support does', url: v.url },
  }),
});

/** To every legal owner: the access ended, by itself or revoked. */
export const supportEndedMail = defineMailTemplate<SupportAccessVars>({
  fr: (v) => ({
    subject: `Accès support terminé pour ${v.organizationName}`,
    paragraphs: [
      'Bonjour,',
      v.who === '' ? `L'accès du support à ${v.organizationName} a pris fin le ${when(v.endsAt, 'fr-FR')}.` : `${v.who} a retiré l'accès du support à ${v.organizationName}.`,
      `Motif de l'accès : ${v.reason}`,
    ],
    action: { label: 'Voir le journal de cet accès', url: v.url },
  }),
  en: (v) => ({
    subject: `Support access ended for ${v.organizationName}`,
    paragraphs: [
      'Hello,',
      v.who === '' ? `The support's access to ${v.organizationName} ended on ${when(v.endsAt, 'en-GB')}.` : `${v.who} revoked the support's access to ${v.organizationName}.`,
      `Reason for the access: ${v.reason}`,
    ],
    action: { label: 'See the log of this access', url: v.url },
  }),
});
