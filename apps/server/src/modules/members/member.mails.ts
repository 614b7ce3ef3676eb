import type { Locale, Role } from '@preau/contracts';
import { defineMailTemplate } from '../mail/mail.templates.ts';

/** Role names as people read them, per language. */
export const ROLE_LABELS: Record<Locale, Record<Role, string>> = {
  fr: { owner: 'Responsable légal', admin: 'Administrateur', collaborator: 'Collaborateur', external: 'Externe' },
  en: { owner: 'Legal owner', admin: 'Administrator', collaborator: 'Collaborator', external: 'External' },
};

interface SwitchStates {
  billingRights: boolean;
  billingRemindersEmail: boolean;
  billingRemindersSms: boolean;
}

export interface RoleChangedVars {
  memberName: string;
  organizationName: string;
  oldRole: Role;
  newRole: Role;
  switches: SwitchStates;
  changedBy: string;
  consoleUrl: string;
}

const yesNo = (value: boolean, locale: Locale) => (locale === 'fr' ? (value ? 'oui' : 'non') : value ? 'yes' : 'no');

/** Summary sent to a member whose role or billing switches were changed. */
export const roleChangedMail = defineMailTemplate<RoleChangedVars>({
  fr: (v) => ({
    subject: `Votre rôle dans ${v.organizationName} a changé`,
    paragraphs: [
      `Bonjour ${v.memberName},`,
      `${v.changedBy} a modifié votre rôle dans l'organisation ${v.organizationName}.`,
      `Rôle : ${ROLE_LABELS.fr[v.oldRole]} → ${ROLE_LABELS.fr[v.newRole]}`,
      [
        `Droits de facturation : ${yesNo(v.switches.billingRights, 'fr')}`,
        `Rappels de facturation par e-mail : ${yesNo(v.switches.billingRemindersEmail, 'fr')}`,
        `Rappels de facturation par SMS : ${yesNo(v.switches.billingRemindersSms, 'fr')}`,
      ].join('\n'),
    ],
    action: { label: 'Ouvrir Préau', url: v.consoleUrl },
    footer: "Si ce changement vous surprend, contactez un responsable légal ou un administrateur de l'organisation.",
  }),
  en: (v) => ({
    subject: `Your role in ${v.organizationName} has changed`,
    paragraphs: [
      `Hello ${v.memberName},`,
      `${v.changedBy} changed your role in the organisation ${v.organizationName}.`,
      `Role: ${ROLE_LABELS.en[v.oldRole]} → ${ROLE_LABELS.en[v.newRole]}`,
      [
        `Billing rights: ${yesNo(v.switches.billingRights, 'en')}`,
        `Billing reminders by e-mail: ${yesNo(v.switches.billingRemindersEmail, 'en')}`,
        `Billing reminders by SMS: ${yesNo(v.switches.billingRemindersSms, 'en')}`,
      ].join('\n'),
    ],
    action: { label: 'Open Préau', url: v.consoleUrl },
    footer: 'If this change surprises you, contact a legal owner or an administrator of the organisation.',
  }),
});
