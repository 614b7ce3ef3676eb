/**
 * Error codes of pupil photos (`/api/bases/:baseId/pupils/:pupilId/photo`, the ZIP preview and
 * apply), and the reasons a ZIP entry is not applied.
 */
import type { LocalizedMessage } from './format.ts';

export const PHOTO_ERROR_MESSAGES = {
  'photo.no_file': {
    fr: "Choisissez d'abord la photo (envoyée en multipart/form-data dans un champ « file », ou brute : JPEG, PNG ou WebP).",
    en: 'Choose the photo first (sent as multipart/form-data in a field named "file", or raw: JPEG, PNG or WebP).',
  },
  'photo.too_large': { fr: 'Cette photo dépasse {{limit}} Mo, la taille maximale acceptée.', en: 'This photo is larger than {{limit}} MB, the largest accepted.' },
  'photo.not_an_image': {
    fr: "Ce fichier n'est pas une image, quel que soit son nom : choisissez une photo JPEG, PNG ou WebP.",
    en: 'This file is not an image, whatever its name: choose a JPEG, PNG or WebP photo.',
  },
  'photo.unsupported_type': {
    fr: "Ce fichier est de type {{type}} : seules les photos JPEG, PNG et WebP sont acceptées.",
    en: 'This file is of type {{type}}: only JPEG, PNG and WebP photos are accepted.',
  },
  'photo.unreadable': {
    fr: "Cette image est abîmée ou trop grande ({{maxPixels}} mégapixels au plus) : elle n'a pas pu être lue.",
    en: 'This image is damaged or too large ({{maxPixels}} megapixels at most): it could not be read.',
  },
  'photo.not_found': { fr: "Cet élève n'a pas de photo.", en: 'This pupil has no photo.' },
  'photo.upload_failed': {
    fr: "La photo n'a pas été reçue en entier. Vérifiez votre connexion et réessayez.",
    en: 'The photo was not received completely. Check your connection and try again.',
  },
  'photo_zip.no_file': {
    fr: "Choisissez d'abord le fichier ZIP des photos (multipart/form-data, champ « file », ou brut : application/zip).",
    en: 'Choose the ZIP file of photos first (multipart/form-data, field "file", or raw: application/zip).',
  },
  'photo_zip.too_large': { fr: 'Ce fichier ZIP dépasse {{limit}} Mo, la taille maximale acceptée.', en: 'This ZIP file is larger than {{limit}} MB, the largest accepted.' },
  'photo_zip.not_a_zip': {
    fr: "Ce fichier n'est pas une archive ZIP lisible : créez-la à nouveau (Envoyer vers → Dossier compressé).",
    en: 'This file is not a readable ZIP archive: create it again (Send to → Compressed folder).',
  },
  'photo_zip.too_many_entries': {
    fr: "Cette archive compte plus de {{max}} éléments : découpez-la en plusieurs fichiers ZIP.",
    en: 'This archive holds more than {{max}} entries: split it into several ZIP files.',
  },
  'photo_zip.preview_not_found': {
    fr: "Cet aperçu n'existe plus (appliqué, ou expiré après {{hours}} h) : envoyez à nouveau le fichier ZIP.",
    en: 'This preview no longer exists (applied, or expired after {{hours}} h): send the ZIP file again.',
  },
} as const satisfies Record<string, LocalizedMessage>;
