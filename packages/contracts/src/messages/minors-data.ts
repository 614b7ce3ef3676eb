/**
 * Minors' data (retention, legal hold, a pupil's export and erasure): the API's error codes, and the
 * texts of the export's PDF summary (one fixed key per line; the pupil's data fills them).
 */
import type { LocalizedMessage } from './format.ts';

export const MINORS_DATA_ERROR_MESSAGES = {
  'pupil_data.legal_hold': {
    fr: "La base {{base}} est sous conservation légale ({{reason}}) : les données de l'élève ne peuvent pas être effacées tant qu'elle n'est pas levée.",
    en: "Base {{base}} is under legal hold ({{reason}}): the pupil's data cannot be erased until it is lifted.",
  },
  'pupil_data.confirmation_mismatch': {
    fr: "Le nom saisi n'est pas celui de l'élève ({{expected}}) : rien n'a été effacé.",
    en: "The name typed is not the pupil's ({{expected}}): nothing was erased.",
  },
} as const satisfies Record<string, LocalizedMessage>;

/** The export's PDF summary. */
export const PUPIL_EXPORT_TEXTS = {
  'pupil_export.title': { fr: "Données détenues sur l'élève {{name}}", en: 'Data held about pupil {{name}}' },
  'pupil_export.intro': {
    fr: "Export établi le {{date}} par {{organization}} en réponse à une demande d'accès. Le fichier pupil.json de l'archive contient les mêmes données sous une forme lisible par machine ; les documents, lettres, photo et bilans sont joints tels que Préau les conserve.",
    en: 'Export made on {{date}} by {{organization}} in answer to an access request. The archive\'s pupil.json holds the same data in a machine-readable form; documents, letters, photo and bilans are attached as Préau keeps them.',
  },
  'pupil_export.identity': { fr: 'Identité', en: 'Identity' },
  'pupil_export.national_id': { fr: 'Identifiant national : {{value}}', en: 'National id: {{value}}' },
  'pupil_export.birth_date': { fr: 'Date de naissance : {{value}}', en: 'Birth date: {{value}}' },
  'pupil_export.classes': { fr: 'Scolarité', en: 'Schooling' },
  'pupil_export.class_line': { fr: '{{schoolYear}} : {{base}}, classe {{class}}', en: '{{schoolYear}}: {{base}}, class {{class}}' },
  'pupil_export.bilans': { fr: 'Bilans LSU ({{count}})', en: 'LSU bilans ({{count}})' },
  'pupil_export.bilan_line': { fr: '{{schoolYear}} : {{kindMessage}}, {{statusMessage}}, importé le {{date}}', en: '{{schoolYear}}: {{kindMessage}}, {{statusMessage}}, imported on {{date}}' },
  'pupil_export.kind.periodic': { fr: 'bilan périodique', en: 'periodic bilan' },
  'pupil_export.kind.cycle': { fr: 'bilan de fin de cycle', en: 'end-of-cycle bilan' },
  'pupil_export.status.success': { fr: 'accepté', en: 'accepted' },
  'pupil_export.status.alert': { fr: 'accepté avec alertes', en: 'accepted with alerts' },
  'pupil_export.status.rejected': { fr: 'refusé', en: 'rejected' },
  'pupil_export.documents': { fr: 'Documents et lettres ({{count}})', en: 'Documents and letters ({{count}})' },
  'pupil_export.document_line': { fr: '{{title}} ({{file}}), ajouté le {{date}}', en: '{{title}} ({{file}}), added on {{date}}' },
  'pupil_export.photo': { fr: 'Photo : {{value}}', en: 'Photo: {{value}}' },
  'pupil_export.photo_yes': { fr: 'oui (photo.jpg)', en: 'yes (photo.jpg)' },
  'pupil_export.photo_no': { fr: 'aucune', en: 'none' },
  'pupil_export.accesses': { fr: 'Consultations ({{count}})', en: 'Accesses ({{count}})' },
  'pupil_export.access_line': { fr: '{{date}} : {{who}}, {{what}}', en: '{{date}}: {{who}}, {{what}}' },
  'pupil_export.none': { fr: 'Aucun.', en: 'None.' },
} as const satisfies Record<string, LocalizedMessage>;
