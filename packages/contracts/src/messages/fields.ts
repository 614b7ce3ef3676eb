/**
 * What is wrong with one field of a request (the `fields` of an error answer, the cells of a CSV
 * line): the schema checks (`validation.*`, mapped from the validator's keywords) and the modules'
 * own field rules.
 */
import type { LocalizedMessage } from './format.ts';

export const FIELD_MESSAGES = {
  // Schema checks, one per JSON Schema keyword (the validator's own words are never sent).
  'validation.required': { fr: 'Champ obligatoire.', en: 'Required.' },
  'validation.min_length': { fr: 'Trop court (minimum : {{limit}}).', en: 'Too short (minimum: {{limit}}).' },
  'validation.max_length': { fr: 'Trop long (maximum : {{limit}}).', en: 'Too long (maximum: {{limit}}).' },
  'validation.pattern': { fr: "Ce format n'est pas accepté.", en: 'This format is not accepted.' },
  'validation.format': { fr: 'Format attendu : {{format}}.', en: 'Expected format: {{format}}.' },
  'validation.type': { fr: 'Type attendu : {{type}}.', en: 'Expected type: {{type}}.' },
  'validation.enum': { fr: 'Valeur attendue parmi : {{values}}.', en: 'Expected one of: {{values}}.' },
  'validation.minimum': { fr: 'Trop petit (minimum : {{limit}}).', en: 'Too small (minimum: {{limit}}).' },
  'validation.maximum': { fr: 'Trop grand (maximum : {{limit}}).', en: 'Too large (maximum: {{limit}}).' },
  'validation.exclusive_minimum': { fr: 'Doit être supérieur à {{limit}}.', en: 'Must be more than {{limit}}.' },
  'validation.exclusive_maximum': { fr: 'Doit être inférieur à {{limit}}.', en: 'Must be less than {{limit}}.' },
  'validation.min_items': { fr: "Pas assez d'éléments (minimum : {{limit}}).", en: 'Too few items (minimum: {{limit}}).' },
  'validation.max_items': { fr: "Trop d'éléments (maximum : {{limit}}).", en: 'Too many items (maximum: {{limit}}).' },
  'validation.unique_items': { fr: 'Un même élément est donné deux fois.', en: 'The same item is given twice.' },
  'validation.invalid': { fr: 'Valeur incorrecte.', en: 'Invalid value.' },

  // Profiles.
  'phone.invalid': {
    fr: "Ce numéro de téléphone n'est pas valable (par exemple 06 12 34 56 78, ou +32 470 12 34 56 hors de France).",
    en: 'This phone number is not valid (e.g. 06 12 34 56 78, or +44 7700 900123 outside France).',
  },

  // Organisations and invitations.
  'organization.name_invalid': { fr: 'Le nom doit compter au moins {{min}} caractères.', en: 'The name needs at least {{min}} characters.' },
  'invitation.email_already_member': { fr: "{{email}} est déjà membre de l'organisation.", en: '{{email}} is already a member of the organisation.' },

  // School bases.
  'school_year.invalid': {
    fr: 'Deux années consécutives sont attendues, par exemple 2025-2026.',
    en: 'Two consecutive years are expected, e.g. 2025-2026.',
  },

  // Base structure (modules/base-structure/structure-rules.ts), also the reasons of refused CSV lines.
  'date.invalid': { fr: "Cette date n'existe pas (AAAA-MM-JJ).", en: 'Not a real date (YYYY-MM-DD).' },
  'period.index_out_of_range': { fr: "L'indice doit être compris entre 1 et {{count}}.", en: 'The index must be between 1 and {{count}}.' },
  'period.outside_school_year': {
    fr: "Doit tomber dans l'année scolaire {{schoolYear}} (du {{first}} au {{last}}).",
    en: 'Must fall within the school year {{schoolYear}} ({{first}} to {{last}}).',
  },
  'period.end_before_start': { fr: 'La fin précède le début.', en: 'The end date comes before the start date.' },
  'period.duplicate': { fr: 'La période {{index}} sur {{count}} existe déjà.', en: 'Period {{index}} of {{count}} already exists.' },
  'period.overlap': {
    fr: "Chevauche la période {{index}} sur {{count}} ({{start}} – {{end}}) ou n'est pas dans l'ordre des indices.",
    en: 'Overlaps or comes out of order with period {{index}} of {{count}} ({{start}} to {{end}}).',
  },
  'class.national_id_required': {
    fr: "Une classe d'école doit avoir son identifiant national (ONDE).",
    en: 'An école class needs its national (ONDE) id.',
  },
  'class.duplicate': { fr: 'Une classe porte déjà le code {{code}}.', en: 'A class {{code}} already exists.' },
  'class.duplicate_national_id': { fr: "Une autre classe a l'identifiant national {{nationalId}}.", en: 'Another class has the national id {{nationalId}}.' },
  'pupil.national_id_format': {
    fr: "Format d'identifiant national incorrect (collège : un nombre ; école : INE de 11 lettres majuscules ou chiffres).",
    en: "Wrong national id format (collège: a number; école: an INE of 11 capital letters or digits).",
  },
  'pupil.birth_date_invalid': { fr: 'Date de naissance impossible (une date passée, AAAA-MM-JJ).', en: 'Impossible birth date (a past date, YYYY-MM-DD).' },
  'pupil.duplicate': { fr: "Un élève a déjà l'identifiant national {{nationalId}}.", en: 'A pupil with the national id {{nationalId}} already exists.' },
  'teacher.duplicate': {
    fr: 'Cet enseignant existe déjà (même identifiant STS, ou même civilité et mêmes noms).',
    en: 'This teacher already exists (same STS id, or same civility and names).',
  },
  'discipline.duplicate': { fr: 'Une discipline porte déjà le code {{code}}.', en: 'A discipline {{code}} already exists.' },

  // Billing identities (the provider's, the customers' billing addresses).
  'siren.invalid': { fr: "Ce SIREN n'est pas valable (9 chiffres dont le dernier est une clé).", en: 'This SIREN is not valid (9 digits, the last one a check digit).' },
  'siret.invalid': { fr: "Ce SIRET n'est pas valable (14 chiffres dont le dernier est une clé).", en: 'This SIRET is not valid (14 digits, the last one a check digit).' },
  'siret.siren_mismatch': { fr: 'Le SIRET doit commencer par le SIREN {{siren}}.', en: 'The SIRET must begin with the SIREN {{siren}}.' },
  'vat_number.invalid': {
    fr: "Ce numéro de TVA intracommunautaire n'est pas valable (pour la France : FR, la clé, puis le SIREN).",
    en: 'This intra-EU VAT number is not valid (for France: FR, the key, then the SIREN).',
  },
  'iban.invalid': { fr: "Cet IBAN n'est pas valable : vérifiez-le sur votre relevé d'identité bancaire.", en: 'This IBAN is not valid: check it against your bank details.' },
  'bic.invalid': { fr: "Ce BIC n'est pas valable (8 ou 11 lettres et chiffres).", en: 'This BIC is not valid (8 or 11 letters and digits).' },
  'number_pattern.invalid': {
    fr: "Le modèle doit contenir {{year}} (l'année) et {{number}} (le numéro, un N par chiffre), entourés de lettres, chiffres, -, _ ou /.",
    en: 'The pattern must hold {{year}} (the year) and {{number}} (the number, one N per digit), around letters, digits, -, _ or /.',
  },

  // Billing reminders.
  'reminder_schedule.not_increasing': {
    fr: 'Les jours de relance doivent aller en croissant (par exemple 7, 15, 30).',
    en: 'Reminder days must increase (for example 7, 15, 30).',
  },
} as const satisfies Record<string, LocalizedMessage>;

export type FieldCode = keyof typeof FIELD_MESSAGES;

/** Field codes of a conflict with another row (the same key). */
export type ConflictCode = Extract<FieldCode, `${string}.duplicate` | `${string}.duplicate_${string}`>;
/** Field codes an answer also carries as its `error.code`: a conflict on one field (409), a refused organisation name (400). */
export type RaisedFieldCode = ConflictCode | 'organization.name_invalid';
