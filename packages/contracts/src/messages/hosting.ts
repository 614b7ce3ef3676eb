/** Error codes of the hosting credentials and the hosting console's sign-in (`modules/hosting`). */
import type { LocalizedMessage } from './format.ts';

export const HOSTING_ERROR_MESSAGES = {
  // One answer for every failed sign-in (unknown number, wrong password, missing or wrong invoice number, locked).
  'hosting.sign_in_failed': {
    fr: "Connexion refusée. Vérifiez le numéro d'hébergement, le mot de passe reçu par SMS et, à la première connexion, le numéro d'une facture. Après plusieurs échecs, la connexion est bloquée 15 minutes.",
    en: 'Sign-in refused. Check the hosting number, the password received by text message and, at the first sign-in, the number of an invoice. After several failures, signing in is blocked for 15 minutes.',
  },
  'hosting.no_verified_phone': {
    fr: "Aucun responsable légal n'a de numéro de téléphone vérifié : un responsable légal doit en vérifier un sur son profil pour recevoir les identifiants d'hébergement par SMS.",
    en: 'No legal owner has a verified phone number: a legal owner must verify one on their profile to receive the hosting credentials by text message.',
  },
  'hosting.password_wrong': { fr: "Le mot de passe d'hébergement actuel est incorrect.", en: 'The current hosting password is wrong.' },
  // Base files (modules/hosting-files): generated on a local Préau, loaded in the hosting console.
  'hosting_file.unreadable': {
    fr: "Ce fichier n'est pas un fichier de base Préau (.preau-base) lisible.",
    en: 'This file is not a readable Préau base file (.preau-base).',
  },
  'hosting_file.future_version': {
    fr: 'Ce fichier de base est au format {{version}}, plus récent que celui que ce Préau sait lire ({{supported}}) : mettez Préau à jour.',
    en: 'This base file uses format {{version}}, newer than the one this Préau reads ({{supported}}): update Préau.',
  },
  'hosting_file.other_school': {
    fr: "Ce fichier est celui de l'établissement {{uai}}, qui n'est pas une base de cette organisation.",
    en: 'This file is the one of school {{uai}}, which is not a base of this organisation.',
  },
  'hosting_file.other_hosting_number': {
    fr: "Ce fichier a été généré pour le numéro d'hébergement {{hostingNumber}}, pas pour celui de cette organisation.",
    en: 'This file was generated for hosting number {{hostingNumber}}, not for this organisation\'s.',
  },
  'hosting_file.checksum': {
    fr: 'Le contenu « {{part}} » du fichier est altéré (empreinte SHA-256 ou nombre de lignes différent du manifeste) : générez le fichier à nouveau.',
    en: 'The part "{{part}}" of the file is corrupted (its SHA-256 or row count differs from the manifest): generate the file again.',
  },
  'hosting_file.truncated': {
    fr: 'Le fichier est incomplet (tronqué pendant sa copie ou son envoi) : envoyez-le à nouveau.',
    en: 'The file is incomplete (cut during its copy or upload): send it again.',
  },
  'hosting_file.row_invalid': {
    fr: 'La ligne {{row}} du contenu « {{part}} » est invalide : rien n\'a été chargé.',
    en: 'Row {{row}} of the part "{{part}}" is invalid: nothing was loaded.',
  },
  // Profiles files (modules/hosting-profiles): the users of a base and their profiles.
  'hosting_profiles.unreadable': {
    fr: "Ce fichier n'est pas un fichier de profils Préau (.preau-profils) lisible.",
    en: 'This file is not a readable Préau profiles file (.preau-profils).',
  },
  'hosting_profiles.base_missing': {
    fr: "Cette organisation n'a pas de base {{uai}} pour l'année {{schoolYear}} : chargez d'abord le fichier de base, puis les profils.",
    en: 'This organisation has no base {{uai}} for {{schoolYear}}: load the base file first, then the profiles.',
  },
  'hosting_profiles.too_many': {
    fr: 'Ce fichier de profils compte plus de {{max}} utilisateurs.',
    en: 'This profiles file holds more than {{max}} users.',
  },
  // Annex files (modules/hosting-annexes): photos, documents and letters completing a loaded base.
  'hosting_annex.unreadable': {
    fr: "Ce fichier n'est pas un fichier annexe Préau lisible (.preau-photos, .preau-documents ou .preau-courriers).",
    en: 'This file is not a readable Préau annex file (.preau-photos, .preau-documents or .preau-courriers).',
  },
  'hosting_annex.base_missing': {
    fr: "Cette organisation n'a pas de base {{uai}} pour l'année {{schoolYear}} : chargez d'abord le fichier de base, puis les fichiers annexes.",
    en: 'This organisation has no base {{uai}} for {{schoolYear}}: load the base file first, then the annex files.',
  },
  'hosting_annex.blob_mismatch': {
    fr: 'Le contenu du fichier de la ligne {{row}} ne correspond pas à sa taille ou à son empreinte SHA-256 : rien n\'a été ajouté.',
    en: 'The bytes of the file of row {{row}} do not match its size or SHA-256: nothing was added.',
  },
  'hosting_annex.base_not_ready': {
    fr: 'La base {{uai}} de l\'année {{schoolYear}} est en cours de chargement ou archivée : attendez la fin du chargement.',
    en: 'The base {{uai}} of {{schoolYear}} is being loaded or archived: wait until the load ends.',
  },
  'hosting_load.base_running': {
    fr: "La base {{uai}} de l'année {{schoolYear}} est en service : arrêtez-la avant de charger une base.",
    en: 'The base {{uai}} of {{schoolYear}} is in service: stop it before loading a base.',
  },
  'hosting_load.busy': {
    fr: "Une base de cette organisation est déjà en cours de chargement : attendez qu'il se termine.",
    en: 'A base of this organisation is already being loaded: wait until it ends.',
  },
  'hosting_load.interrupted': {
    fr: "Le chargement a été interrompu (arrêt du serveur) : rien n'a été chargé, la base précédente est intacte.",
    en: 'The load was interrupted (the server stopped): nothing was loaded, the previous base is intact.',
  },
  'hosting_load.not_replaced': {
    fr: "Cette base n'est pas une base précédemment activée.",
    en: 'This base is not a previously activated base.',
  },
  'hosting_load.active_in_service': {
    fr: 'La base active de cet établissement pour cette année est en service : arrêtez-la avant de revenir à une base précédente.',
    en: "This school's active base for this year is in service: stop it before switching back to a previous base.",
  },
} as const satisfies Record<string, LocalizedMessage>;
