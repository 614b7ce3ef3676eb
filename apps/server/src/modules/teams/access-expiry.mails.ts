import { defineMailTemplate } from '../mail/mail.templates.ts';

export interface AccessEndingVars {
  organizationName: string;
  /** "Team X" or a base's name: what the person loses. */
  what: string;
  /** Who loses it. */
  memberName: string;
  /** The day it ends (the access stops at the start of that day), `YYYY-MM-DD`. */
  endsOn: string;
  url: string;
}

const day = (date: string, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** To a team's leader (or the organisation's managers): someone's access ends within a week. */
export const accessEndingMail = defineMailTemplate<AccessEndingVars>({
  fr: (v) => ({
    subject: `Accès qui prend fin : ${v.memberName} (${v.what})`,
    paragraphs: ['Bonjour,', `L'accès de ${v.memberName} à ${v.what} dans ${v.organizationName} prend fin le ${day(v.endsOn, 'fr-FR')}.`, 'Pour le prolonger, changez la date de fin avant ce jour.'],
    action: { label: 'Ouvrir Préau', url: v.url },
  }),
  en: (v) => ({
    subject: `Access ending: ${v.memberName} (${v.what})`,
    paragraphs: ['Hello,', `${v.memberName}'s access to ${v.what} in ${v.organizationName} ends on ${day(v.endsOn, 'en-GB')}.`, 'To extend it, change the end date before that day.'],
    action: { label: 'Open Préau', url: v.url },
  }),
});
