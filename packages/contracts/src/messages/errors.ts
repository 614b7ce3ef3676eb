/**
 * Error codes of the API: the stable `error.code` of every error answer, each with its French and
 * English text. The server renders `error.message` from here in the caller's language; the console
 * renders the code itself. Grouped by the module that raises them.
 */
import type { LocalizedMessage } from './format.ts';
import type { RaisedFieldCode } from './fields.ts';
import { BASE_DOCUMENT_ERROR_MESSAGES } from './base-documents.ts';
import { IDENTITY_ERROR_MESSAGES } from './identity.ts';
import { HOSTING_ERROR_MESSAGES } from './hosting.ts';
import { PHONE_ERROR_MESSAGES } from './phones.ts';
import { PHOTO_ERROR_MESSAGES } from './photos.ts';
import { MINORS_DATA_ERROR_MESSAGES } from './minors-data.ts';
import { PAYMENT_ERROR_MESSAGES } from './payments.ts';

export const ERROR_MESSAGES = {
  ...IDENTITY_ERROR_MESSAGES,
  ...PHOTO_ERROR_MESSAGES,
  ...PHONE_ERROR_MESSAGES,
  ...HOSTING_ERROR_MESSAGES,
  ...BASE_DOCUMENT_ERROR_MESSAGES,
  ...PAYMENT_ERROR_MESSAGES,
  ...MINORS_DATA_ERROR_MESSAGES,
  // HTTP-level refusals, raised by the access layer and the error handler (Fastify's own 4xx included).
  bad_request: { fr: 'Requête invalide.', en: 'Bad request.' },
  validation_failed: { fr: 'Certains champs ne sont pas valides.', en: 'Some fields are invalid.' },
  unauthenticated: {
    fr: "Vous n'êtes pas connecté, ou votre session a expiré : reconnectez-vous.",
    en: 'You are not signed in, or your session has expired: sign in again.',
  },
  csrf_failed: { fr: 'La page a expiré : rechargez-la et recommencez.', en: 'The page has expired: reload it and try again.' },
  forbidden: { fr: 'Votre rôle ne permet pas cette action.', en: 'Your role does not allow this.' },
  not_found: { fr: 'Élément introuvable ou inaccessible avec ce compte.', en: 'Not found, or not reachable with this account.' },
  method_not_allowed: { fr: "Cette méthode HTTP n'est pas acceptée ici.", en: 'This HTTP method is not allowed here.' },
  not_acceptable: { fr: 'Aucun format de réponse ne convient à cette requête.', en: 'No response format suits this request.' },
  conflict: { fr: "Cette action entre en conflit avec l'état actuel des données.", en: 'This action conflicts with the current state of the data.' },
  payload_too_large: { fr: 'La requête est trop volumineuse.', en: 'The request is too large.' },
  uri_too_long: { fr: "L'adresse demandée est trop longue.", en: 'The requested address is too long.' },
  unsupported_media_type: { fr: "Ce type de contenu n'est pas accepté ici.", en: 'This content type is not accepted here.' },
  unprocessable: { fr: 'La requête ne peut pas être traitée.', en: 'The request cannot be processed.' },
  rate_limited: { fr: 'Trop de tentatives. Patientez un instant avant de réessayer.', en: 'Too many attempts. Wait a moment before trying again.' },
  internal: { fr: 'Erreur du serveur. Réessayez dans un instant.', en: 'Server error. Try again in a moment.' },
  unavailable: { fr: 'Le service est momentanément surchargé. Réessayez dans quelques minutes.', en: 'The service is busy for the moment. Try again in a few minutes.' },

  // Accounts created from the command line (preau create-user).
  'user.invalid_email': { fr: "« {{email}} » n'est pas une adresse e-mail.", en: '"{{email}}" is not an e-mail address.' },
  'user.invalid_name': { fr: 'Le nom ne doit pas être vide.', en: 'The name must not be empty.' },
  'user.invalid_password': {
    fr: 'Le mot de passe doit compter de {{min}} à {{max}} caractères.',
    en: 'The password must have {{min}} to {{max}} characters.',
  },
  'user.email_taken': { fr: 'Un compte utilise déjà {{email}}.', en: 'An account already uses {{email}}.' },
  'profile.not_found': { fr: "Ce compte n'existe plus.", en: 'This account no longer exists.' },

  // Organisations, members and invitations.
  'organization.not_found': { fr: 'Organisation introuvable ou inaccessible avec ce compte.', en: 'Organisation not found, or not reachable with this account.' },
  'organization.codes_exhausted': { fr: "Impossible d'attribuer un numéro d'hébergement. Réessayez.", en: 'Could not allocate a hosting number. Try again.' },
  'member.not_found': { fr: 'Membre introuvable.', en: 'Member not found.' },
  'member.last_owner': {
    fr: "Le dernier responsable légal ne peut être ni rétrogradé ni retiré. Nommez d'abord un autre responsable légal.",
    en: 'The last legal owner can be neither demoted nor removed. Appoint another legal owner first.',
  },
  'member.owner_grant_forbidden': { fr: 'Seul un responsable légal peut nommer un responsable légal.', en: 'Only a legal owner may appoint a legal owner.' },
  'member.owner_protected': { fr: 'Seul un responsable légal peut modifier ou retirer un responsable légal.', en: 'Only a legal owner may change or remove a legal owner.' },
  'member.switch_not_applicable': {
    fr: "Ce réglage de facturation ne s'applique pas à ce rôle : les responsables légaux et les administrateurs ont toujours les droits de facturation, les externes jamais.",
    en: 'This billing setting does not apply to this role: legal owners and administrators always hold billing rights, externals never do.',
  },
  'invitation.not_found': { fr: 'Invitation introuvable pour ce compte.', en: 'No such invitation for this account.' },
  'invitation.link_unknown': {
    fr: "Ce lien ne correspond à aucune invitation : vérifiez qu'il est complet, ou demandez une nouvelle invitation.",
    en: 'This link matches no invitation: check it is complete, or ask for a new invitation.',
  },
  'invitation.already_member': {
    fr: "Certaines adresses appartiennent déjà à des membres de l'organisation.",
    en: 'Some addresses already belong to members of the organisation.',
  },
  'invitation.expired': { fr: 'Cette invitation a expiré : demandez-en une nouvelle.', en: 'This invitation has expired: ask for a new one.' },
  'invitation.not_pending': { fr: 'Cette invitation a déjà reçu une réponse ou a été annulée.', en: 'This invitation was already answered or cancelled.' },
  'outbox.not_found': { fr: "Cet e-mail n'est plus dans la boîte d'envoi.", en: 'This e-mail is no longer in the outbox.' },

  // School bases, their profiles and API tokens.
  'base.not_found': { fr: 'Base introuvable.', en: 'School base not found.' },
  'base.duplicate': {
    fr: "Une base existe déjà pour le code UAI {{uai}} et l'année scolaire {{schoolYear}}.",
    en: 'A base already exists for the UAI code {{uai}} and the school year {{schoolYear}}.',
  },
  'base.uai_check_letter': {
    fr: 'La lettre clé du code UAI {{uai}} devrait être {{letter}} ({{expected}}).',
    en: 'The check letter of the UAI code {{uai}} should be {{letter}} ({{expected}}).',
  },
  'base.invalid_transition': {
    fr: 'Cette base ne peut pas passer dans cet état (état actuel : {{state}}, transition : {{transition}}).',
    en: 'This base cannot move to that state (current state: {{state}}, transition: {{transition}}).',
  },
  'base.stopped': {
    fr: "Cette base est arrêtée : elle refuse ses utilisateurs jusqu'à sa remise en service.",
    en: 'This base is stopped: it refuses its users until it is back in service.',
  },
  'base.loading': {
    fr: "Cette base est en cours de chargement : réessayez une fois qu'elle sera en service.",
    en: 'This base is being loaded: try again once it is in service.',
  },
  'base.archived': {
    fr: "Cette base est archivée : on peut la consulter, plus la modifier.",
    en: 'This base is archived: it can be read, no longer changed.',
  },
  'base.rollover_next_exists': {
    fr: "La base de l'année scolaire {{schoolYear}} existe déjà pour ce code UAI : ouvrez-la plutôt que d'en créer une autre.",
    en: 'The base of school year {{schoolYear}} already exists for this UAI code: open it rather than create another.',
  },
  'base.rollover_state': {
    fr: "Seule une base en service ou arrêtée passe à l'année suivante (état actuel : {{state}}).",
    en: 'Only a base in service or stopped moves on to the next year (current state: {{state}}).',
  },
  'base.rollover_class_missing': {
    fr: "La classe {{code}} n'a pas de destination : choisissez sa classe de l'an prochain, ou « quitte l'établissement ».",
    en: "Class {{code}} has no destination: choose its class next year, or 'leaves the school'.",
  },
  'base.rollover_class_unknown': {
    fr: "La répartition nomme une classe que cette base n'a pas : {{code}}.",
    en: 'The mapping names a class this base does not have: {{code}}.',
  },
  'base.version_of_other_degree': {
    fr: "La version LSU {{version}} n'est pas du degré de cette base (collège ou école) : une base n'accepte que les versions de son degré.",
    en: "LSU version {{version}} is not of this base's degree (collège or école): a base accepts only the versions of its degree.",
  },
  'base.version_unknown': {
    fr: "La version LSU {{version}} n'est ni une version intégrée à Préau ni une version ajoutée par l'exploitant de cette instance.",
    en: 'LSU version {{version}} is neither built into Préau nor added by the operators of this instance.',
  },
  'base.provisional_college_only': {
    fr: "Seule une base de collège peut accepter provisoirement une version LSU plus récente que celles connues.",
    en: 'Only a collège base may accept, provisionally, an LSU version newer than the known ones.',
  },
  'lsu_version.schema_refused': {
    fr: "Ce schéma ne peut pas être ajouté (ligne {{line}}) : {{reason}} {{detail}}. Préau n'accepte que les schémas LSU officiels et les constructions XSD qu'ils utilisent.",
    en: 'This schema cannot be added (line {{line}}): {{reason}} {{detail}}. Préau accepts only the official LSU schemas and the XSD constructs they use.',
  },
  'lsu_version.content_type': {
    fr: 'Envoyez le schéma XSD comme corps de la requête, avec Content-Type: application/xml.',
    en: 'Send the XSD schema as the request body with Content-Type: application/xml.',
  },
  'lsu_version.not_reviewed': {
    fr: "Ce fichier n'est pas celui qui a été examiné : examinez-le de nouveau avant de l'ajouter.",
    en: 'This file is not the one that was reviewed: review it again before adding it.',
  },
  'lsu_version.already_added': {
    fr: 'La version {{id}} est déjà ajoutée : rien n\'a changé.',
    en: 'Version {{id}} is already added: nothing changed.',
  },
  'base_profile.not_found': { fr: "Ce membre n'a pas de profil sur cette base.", en: 'This member has no profile on this base.' },
  'api_token.not_found': { fr: "Ce jeton n'existe plus (il a peut-être déjà été révoqué).", en: 'This token no longer exists (it may already have been revoked).' },
  'api_token.invalid': { fr: "Ce jeton d'API est inconnu ou révoqué.", en: 'This API token is unknown or revoked.' },
  'api_token.wrong_base': { fr: "Ce jeton d'API appartient à une autre base.", en: 'This API token belongs to another school base.' },

  // Base structure: rows that do not exist (or no longer), and deletions the structure refuses.
  'period.not_found': { fr: 'Période introuvable.', en: 'Period not found.' },
  'class.not_found': { fr: 'Classe introuvable dans cette base.', en: 'No such class in this base.' },
  'pupil.not_found': { fr: 'Élève introuvable.', en: 'Pupil not found.' },
  'teacher.not_found': { fr: 'Enseignant introuvable.', en: 'Teacher not found.' },
  'discipline.not_found': { fr: 'Discipline introuvable.', en: 'Discipline not found.' },
  'class.has_pupils': {
    fr: {
      one: "Cette classe a encore {{count}} élève : déplacez-le ou supprimez-le d'abord.",
      other: "Cette classe a encore {{count}} élèves : déplacez-les ou supprimez-les d'abord.",
    },
    en: {
      one: 'This class still has {{count}} pupil: move or delete them first.',
      other: 'This class still has {{count}} pupils: move or delete them first.',
    },
  },

  // CSV structure imports: answers about the whole file (line errors are in csv.ts).
  'structure_import.content_type': {
    fr: 'Envoyez le fichier CSV comme corps de la requête, avec Content-Type: text/csv.',
    en: 'Send the CSV file as the request body with Content-Type: text/csv.',
  },
  'structure_import.too_large': { fr: 'Le fichier dépasse {{limit}} Mo.', en: 'The file is larger than {{limit}} MB.' },
  'structure_import.encoding': {
    fr: "Encodage du fichier non reconnu (près de l'octet {{byte}}) : enregistrez-le en CSV UTF-8 ou CSV (séparateur : point-virgule).",
    en: 'Unrecognised file encoding (near byte {{byte}}): save it as CSV UTF-8 or CSV (semicolon separated).',
  },
  'structure_import.malformed': {
    fr: 'Le fichier CSV est mal formé à la ligne {{line}} (guillemets).',
    en: 'The CSV file is malformed at line {{line}} (quotes).',
  },
  'structure_import.empty': { fr: "Le fichier est vide : il lui faut au moins la ligne d'en-tête.", en: 'The file is empty: it needs a header line.' },
  'structure_import.header': {
    fr: "L'en-tête du fichier ne correspond pas au modèle {{expected}} : il manque {{missing}} ; en trop : {{unexpected}}.",
    en: "The file's header does not match {{expected}}: {{missing}} missing; not expected: {{unexpected}}.",
  },
  'structure_import.header_missing': {
    fr: {
      one: "L'en-tête du fichier ne correspond pas au modèle {{expected}} : il manque {{count}} colonne : {{missing}}.",
      other: "L'en-tête du fichier ne correspond pas au modèle {{expected}} : il manque {{count}} colonnes : {{missing}}.",
    },
    en: {
      one: "The file's header does not match {{expected}}: {{count}} column is missing: {{missing}}.",
      other: "The file's header does not match {{expected}}: {{count}} columns are missing: {{missing}}.",
    },
  },
  'structure_import.header_unexpected': {
    fr: {
      one: "L'en-tête du fichier ne correspond pas au modèle {{expected}} : {{count}} colonne n'est pas attendue (inconnue ou en double) : {{unexpected}}.",
      other: "L'en-tête du fichier ne correspond pas au modèle {{expected}} : {{count}} colonnes ne sont pas attendues (inconnues ou en double) : {{unexpected}}.",
    },
    en: {
      one: "The file's header does not match {{expected}}: {{count}} column is not expected (unknown or given twice): {{unexpected}}.",
      other: "The file's header does not match {{expected}}: {{count}} columns are not expected (unknown or given twice): {{unexpected}}.",
    },
  },
  'structure_import.refused': {
    fr: { one: "{{count}} ligne refusée : rien n'a été appliqué.", other: "{{count}} lignes refusées : rien n'a été appliqué." },
    en: { one: '{{count}} line refused: nothing was applied.', other: '{{count}} lines refused: nothing was applied.' },
  },

  // Stored files (any module's): what the storage answers.
  'storage.too_large': {
    fr: 'Ce fichier dépasse {{limit}} Mo, la taille maximale acceptée ici.',
    en: 'This file is larger than {{limit}} MB, the largest accepted here.',
  },
  'storage.quota_exceeded': {
    fr: "L'espace de stockage de l'organisation ({{quota}} Mo) est plein : supprimez des fichiers ou demandez à votre hébergeur d'augmenter le quota.",
    en: "The organisation's storage space ({{quota}} MB) is full: delete files or ask your provider to raise the quota.",
  },
  'storage.not_found': { fr: 'Ce fichier est introuvable.', en: 'This file cannot be found.' },
  'storage.unavailable': {
    fr: 'Le stockage des fichiers ne répond pas : réessayez dans un instant.',
    en: 'File storage is not answering: try again in a moment.',
  },
  'storage.checksum_mismatch': {
    fr: "Le fichier « {{key}} » lu dans le stockage n'est plus celui qui y a été enregistré.",
    en: 'The file "{{key}}" read from storage is no longer the one that was stored.',
  },

  // Resumable uploads (tus): creation, resumption and the claim by the feature keeping the file.
  'uploads.not_found': {
    fr: "Ce téléversement est introuvable : il a peut-être expiré. Recommencez l'envoi du fichier.",
    en: 'This upload cannot be found: it may have expired. Send the file again.',
  },
  'uploads.too_large': {
    fr: 'Ce fichier dépasse {{limit}} Mo, la taille maximale acceptée pour cet usage.',
    en: 'This file is larger than {{limit}} MB, the largest accepted for this use.',
  },
  'uploads.length_required': {
    fr: "La taille du fichier doit être annoncée au début de l'envoi (en-tête Upload-Length).",
    en: 'The file size must be declared when the upload starts (Upload-Length header).',
  },
  'uploads.bad_metadata': {
    fr: "Les métadonnées de l'envoi sont invalides : « purpose » (lsu-import ou document), « filename » (1 à {{max}} caractères) et « filetype » sont attendus.",
    en: 'The upload metadata are invalid: "purpose" (lsu-import or document), "filename" (1 to {{max}} characters) and "filetype" are expected.',
  },
  'uploads.not_finished': {
    fr: "Ce fichier n'a pas encore été reçu en entier.",
    en: 'This file has not been received completely yet.',
  },
  'uploads.already_claimed': {
    fr: 'Ce fichier a déjà été utilisé.',
    en: 'This file has already been used.',
  },
  'uploads.protocol': {
    fr: "Requête d'envoi refusée par le protocole tus : {{detail}}",
    en: 'Upload request refused by the tus protocol: {{detail}}',
  },
  'uploads.wrong_purpose': {
    fr: "Ce fichier a été envoyé pour un autre usage ({{purpose}}).",
    en: 'This file was sent for another use ({{purpose}}).',
  },

  // LSU imports: the upload and the reading of imports (file-level import messages are in imports.ts).
  'lsu_import.no_file': {
    fr: "Choisissez d'abord le fichier à importer (envoyé en multipart/form-data dans un champ « file », ou brut : {{types}}).",
    en: 'Choose the file to import first (sent as multipart/form-data in a field named "file", or raw: {{types}}).',
  },
  'lsu_import.empty_file': {
    fr: 'Ce fichier est vide : choisissez le fichier exporté par votre logiciel.',
    en: 'This file is empty: choose the file exported by your software.',
  },
  'lsu_import.too_large': {
    fr: "Ce fichier dépasse {{limit}} Mo, la taille maximale d'un import.",
    en: 'This file is larger than {{limit}} MB, the largest import allowed.',
  },
  'lsu_import.busy': {
    fr: "Le serveur reçoit ou traite déjà {{limit}} Mo d'imports : réessayez dans quelques minutes.",
    en: 'The server is already receiving or processing {{limit}} MB of imports: try again in a few minutes.',
  },
  'lsu_import.bad_file_name': {
    fr: 'Le nom du fichier doit compter de 1 à {{max}} caractères, sans caractère de contrôle.',
    en: 'The file name must have 1 to {{max}} characters, none of them a control character.',
  },
  'lsu_import.upload_failed': {
    fr: "Le fichier n'a pas été reçu en entier. Vérifiez votre connexion et réessayez.",
    en: 'The file was not received completely. Check your connection and try again.',
  },
  'lsu_import.base_not_in_service': { fr: 'La base doit être en service pour recevoir des imports.', en: 'The base must be in service to receive imports.' },
  'lsu_import.not_found': { fr: 'Import introuvable ou inaccessible avec ce compte.', en: 'Import not found, or not reachable with this account.' },
  'lsu_import.page_and_cursor': {
    fr: 'Indiquez soit un numéro de page, soit un curseur, pas les deux.',
    en: 'Give either a page number or a cursor, not both.',
  },
  'lsu_import.bad_cursor': {
    fr: "Cette page de résultats n'est plus valable : revenez à la première page.",
    en: 'This page of results is no longer valid: go back to the first page.',
  },
  // Billing.
  'billing.provider_missing': {
    fr: "L'identité du prestataire n'est pas encore renseignée (Opérateur → Facturation) : aucun document ne peut être émis.",
    en: "The provider's identity is not set yet (Operator → Billing): no document can be issued.",
  },
  'billing_address.not_found': { fr: 'Adresse de facturation introuvable.', en: 'Billing address not found.' },
  'billing_address.missing': {
    fr: "Aucune adresse de facturation : ajoutez-en une (Facturation → Adresses) ou choisissez-en une par défaut.",
    en: 'No billing address: add one (Billing → Addresses) or choose a default one.',
  },
  'billing_address.archived': { fr: 'Cette adresse de facturation est archivée : choisissez-en une autre.', en: 'This billing address is archived: choose another one.' },
  'billing_address.in_use': {
    fr: 'Cette adresse figure sur des documents émis : elle peut être archivée, pas supprimée.',
    en: 'This address appears on issued documents: it can be archived, not deleted.',
  },
  'billing_address.default_archived': { fr: "L'adresse par défaut ne peut pas être archivée : choisissez d'abord une autre adresse par défaut.", en: 'The default address cannot be archived: choose another default address first.' },
  'catalogue_item.not_found': { fr: 'Article du catalogue introuvable.', en: 'Catalogue item not found.' },
  'catalogue_item.code_taken': { fr: 'Un article du catalogue porte déjà le code {{code}}.', en: 'A catalogue item already has the code {{code}}.' },
  'catalogue_item.archived': { fr: 'Cet article du catalogue est archivé.', en: 'This catalogue item is archived.' },
  'product.not_found': { fr: 'Produit introuvable.', en: 'Product not found.' },
  'product.ended': { fr: 'Le produit {{label}} est terminé.', en: 'Product {{label}} has ended.' },
  'product.base_not_found': { fr: "Cette base n'appartient pas à l'organisation.", en: 'This base does not belong to the organisation.' },
  'product.dates': { fr: 'La date de renouvellement doit suivre la date de début.', en: 'The renewal date must come after the start date.' },
  'billing_document.not_found': { fr: 'Document de facturation introuvable.', en: 'Billing document not found.' },
  'billing_document.not_draft': {
    fr: 'Le document {{number}} est déjà émis : il ne peut plus changer (émettez un avoir pour le corriger).',
    en: 'Document {{number}} is already issued: it can no longer change (issue a credit note to correct it).',
  },
  'billing_document.not_invoice': { fr: "Cette opération ne s'applique qu'à une facture émise.", en: 'This applies to an issued invoice only.' },
  'billing_document.void': { fr: 'Le document {{number}} est annulé.', en: 'Document {{number}} is cancelled.' },
  'billing_document.no_pdf': { fr: "Ce document n'a pas de PDF (il n'est pas émis).", en: 'This document has no PDF (it is not issued).' },
  'billing_document.not_paid': { fr: "La facture {{number}} n'est pas payée : sa version acquittée n'existe pas encore.", en: 'Invoice {{number}} is not paid: its receipted version does not exist yet.' },
  'billing_document.product_unknown': { fr: "Le produit de la ligne {{line}} n'appartient pas à l'organisation.", en: 'The product of line {{line}} does not belong to the organisation.' },
  'billing_document.period': { fr: 'Ligne {{line}} : la fin de la période précède son début.', en: 'Line {{line}}: the period ends before it starts.' },
  'billing_document.too_large': { fr: 'Ligne {{line}} : le montant est trop grand.', en: 'Line {{line}}: the amount is too large.' },
  'billing_document.currency_mixed': { fr: 'Les produits choisis ne sont pas facturés dans la même devise.', en: 'The chosen products are not billed in the same currency.' },
  'credit_note.line_unknown': { fr: "La ligne {{line}} n'appartient pas à la facture {{number}}.", en: 'Line {{line}} is not a line of invoice {{number}}.' },
  'credit_note.exceeds_invoice': {
    fr: "L'avoir dépasse ce qui reste de la ligne « {{label}} » de la facture {{number}} ({{remainingCents}} HT restants).",
    en: 'The credit note exceeds what remains of line “{{label}}” of invoice {{number}} ({{remainingCents}} excl. VAT left).',
  },
  'credit_note.nothing_left': { fr: 'La facture {{number}} est déjà entièrement couverte par des avoirs.', en: 'Invoice {{number}} is already fully covered by credit notes.' },
  'payment.exceeds_due': {
    fr: 'Le paiement ({{amountCents}}) dépasse le reste dû de la facture {{number}} ({{dueCents}}).',
    en: 'The payment ({{amountCents}}) exceeds what is left to pay on invoice {{number}} ({{dueCents}}).',
  },
  'payment.nothing_due': { fr: 'La facture {{number}} ne doit plus rien.', en: 'Invoice {{number}} has nothing left to pay.' },
  'billing_document.not_pro_forma': { fr: "Le document {{number}} n'est pas un pro forma.", en: 'Document {{number}} is not a pro forma.' },
  'pro_forma.already_converted': { fr: 'Le pro forma {{number}} a déjà été transformé en facture.', en: 'Pro forma {{number}} has already been turned into an invoice.' },
  'pro_forma.already_invoiced': {
    fr: 'Le renouvellement du produit {{label}} est déjà facturé.',
    en: 'The renewal of product {{label}} is already invoiced.',
  },
  'billing.bad_cursor': { fr: "Cette page de résultats n'est plus valable : revenez à la première page.", en: 'This page of results is no longer valid: go back to the first page.' },
  'billing_export.not_found': { fr: 'Export introuvable.', en: 'Export not found.' },
  'billing_export.expired': { fr: 'Ce lien de téléchargement a expiré (7 jours) : demandez un nouvel export.', en: 'This download link has expired (7 days): ask for a new export.' },
  'billing_export.pending': { fr: "L'export est en cours de préparation : réessayez dans un instant.", en: 'The export is being prepared: try again in a moment.' },

  // Work teams and support access.
  'team.not_found': { fr: 'Équipe introuvable.', en: 'Team not found.' },
  'team.name_taken': { fr: "Une équipe s'appelle déjà « {{name}} ».", en: 'A team is already called “{{name}}”.' },
  'team.base_unknown': { fr: "Cette base n'existe pas dans l'organisation : une équipe ne reçoit que les bases de son organisation.", en: "This base is not one of the organisation's: a team is given only its own organisation's bases." },
  'team.base_twice': { fr: 'Une base ne peut figurer qu’une fois parmi les produits d’une équipe.', en: "A base may appear only once among a team's products." },
  'team.billing_twice': { fr: 'La facturation ne peut figurer qu’une fois parmi les produits d’une équipe.', en: "Billing may appear only once among a team's products." },
  'team.leader_not_in_team': { fr: "Le chef d'équipe doit être membre de l'équipe.", en: 'The team leader must be a member of the team.' },
  'team.member_unknown': { fr: "Ce membre n'appartient pas à l'organisation.", en: 'This member does not belong to the organisation.' },
  'team.member_not_in_team': { fr: "Ce membre ne fait pas partie de l'équipe.", en: 'This member is not in the team.' },
  'team.leader_cannot_invite': {
    fr: "Un chef d'équipe ajoute des membres de l'organisation ; pour inviter {{email}}, demandez à un administrateur.",
    en: 'A team leader adds members of the organisation; to invite {{email}}, ask an administrator.',
  },
  'team.nobody_to_add': { fr: 'Choisissez au moins un membre ou une adresse e-mail.', en: 'Choose at least one member or e-mail address.' },
  'access.end_in_past': { fr: "La date de fin doit être postérieure à aujourd'hui.", en: 'The end date must be after today.' },
  'support_access.not_found': { fr: 'Accès support introuvable.', en: 'Support access not found.' },
  'support_access.not_active': { fr: 'Cet accès support est déjà terminé.', en: 'This support access has already ended.' },
  'support.read_only': {
    fr: "L'accès support accordé par l'organisation est en lecture seule : aucune modification n'est possible.",
    en: 'The support access the organisation granted is read-only: nothing can be changed.',
  },
  'support.not_allowed': {
    fr: "Le support ne peut pas faire cette action dans l'organisation, même avec un accès accordé.",
    en: 'Support may not do this in the organisation, even with a granted access.',
  },
} as const satisfies Record<string, LocalizedMessage>;

/**
 * The `error.code` of an error answer: a code of this file, or a field code the answer raises as a
 * whole (a conflict on one field is answered 409 with its code; see fields.ts).
 */
export type ErrorCode = keyof typeof ERROR_MESSAGES | RaisedFieldCode;
