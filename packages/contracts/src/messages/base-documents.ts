/**
 * Documents attached to pupils and classes, and letters to families: the API's error codes, and the
 * letters' texts (one fixed key per template part; the school's, the pupil's and the class's names
 * and the fields the author typed fill them).
 */
import type { LocalizedMessage } from './format.ts';

export const BASE_DOCUMENT_ERROR_MESSAGES = {
  'base_document.not_found': { fr: 'Document introuvable dans cette base.', en: 'No such document in this base.' },
  'base_letter.not_found': { fr: 'Lettre introuvable dans cette base.', en: 'No such letter in this base.' },
  'base_document.no_file': {
    fr: 'Joignez le fichier dans une requête multipart (partie « file »), après le titre et la catégorie.',
    en: 'Attach the file in a multipart request ("file" part), after the title and the category.',
  },
  'base_document.type_not_allowed': {
    fr: "Ce type de fichier n'est pas accepté : PDF, images (JPEG, PNG, GIF, WebP), documents bureautiques (Word, Excel, PowerPoint, OpenDocument, RTF) ou texte.",
    en: 'This type of file is not accepted: PDF, images (JPEG, PNG, GIF, WebP), office documents (Word, Excel, PowerPoint, OpenDocument, RTF) or text.',
  },
  'base_document.type_mismatch': {
    fr: "Le contenu de ce fichier n'est pas du type que son nom annonce ({{declared}}) : il n'a pas été enregistré.",
    en: 'The content of this file is not the type its name says ({{declared}}): it was not stored.',
  },
  'base_document.target_required': {
    fr: 'Indiquez un élève ou une classe, pas les deux.',
    en: 'Name a pupil or a class, not both.',
  },
  'base_document.upload_unavailable': {
    fr: "Les envois reprenables ne sont pas disponibles sur ce serveur : envoyez le fichier directement.",
    en: 'Resumable uploads are not available on this server: send the file directly.',
  },
  'base_letter.fields_required': {
    fr: 'Remplissez les champs du modèle « {{template}} ».',
    en: 'Fill in the fields of the "{{template}}" template.',
  },
  'base_letter.too_many': {
    fr: 'Au plus {{max}} lettres par demande : choisissez une classe plus petite ou un élève.',
    en: 'At most {{max}} letters per request: choose a smaller class or one pupil.',
  },
  'base_letter.no_pupil': { fr: "Cette classe n'a aucun élève : aucune lettre n'a été créée.", en: 'This class has no pupil: no letter was created.' },
} as const satisfies Record<string, LocalizedMessage>;

/** The letters' words. `{{school}}`, `{{pupil}}`, `{{class}}` are filled for every letter. */
export const LETTER_MESSAGES = {
  'letter.place_date': { fr: '{{school}}, le {{date}}', en: '{{school}}, {{date}}' },
  'letter.recipient': { fr: 'Aux responsables légaux de {{pupil}} ({{class}})', en: 'To the parents or guardians of {{pupil}} ({{class}})' },
  'letter.greeting': { fr: 'Madame, Monsieur,', en: 'Dear parents or guardians,' },
  'letter.closing': {
    fr: "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    en: 'Yours faithfully,',
  },
  'letter.signature': { fr: 'La direction', en: 'The head of school' },
  'letter.convocation.title': { fr: 'Convocation', en: 'Invitation to a meeting' },
  'letter.convocation.body': {
    fr: 'Nous vous prions de bien vouloir vous présenter, avec {{pupil}}, le {{date}} à {{time}}, au lieu suivant : {{place}}.',
    en: 'We would ask you to come, with {{pupil}}, on {{date}} at {{time}}, to the following place: {{place}}.',
  },
  'letter.convocation.reason': { fr: 'Motif : {{reason}}', en: 'Reason: {{reason}}' },
  'letter.convocation.reply': {
    fr: "En cas d'empêchement, merci de prendre contact avec le secrétariat de l'établissement.",
    en: 'If you cannot come, please contact the school office.',
  },
  'letter.information.title': { fr: 'Information aux familles', en: 'Information to families' },
  'letter.information.subject': { fr: 'Objet : {{subject}}', en: 'Subject: {{subject}}' },
  'letter.information.pupil': { fr: 'Élève : {{pupil}}, classe {{class}}', en: 'Pupil: {{pupil}}, class {{class}}' },
} as const satisfies Record<string, LocalizedMessage>;
