/**
 * File-level messages of an LSU import that Préau itself raises (the engine's own codes, `xml.*`,
 * `schema.*`…, keep their texts in `@preau/lsu/messages`). Stored as `{ line, column, path, code, params }`.
 */
import type { LocalizedMessage } from './format.ts';

export const IMPORT_MESSAGES = {
  /** The run broke on a server error; `reason` is the error as the server saw it, for support. */
  'import.failed': {
    fr: "L'import s'est interrompu sur une erreur du serveur ; aucun bilan n'a été enregistré. Importez le fichier à nouveau ; si l'erreur se répète, signalez-la au support (elle est consignée dans le journal du serveur).",
    en: 'The import stopped on a server error; no bilan was stored. Import the file again; if the error happens again, tell the support (it is recorded in the server log).',
  },
  /** The server stopped during the run (found by the heartbeat at the next start). */
  'import.interrupted': {
    fr: "L'import a été interrompu (arrêt du serveur) ; aucun bilan n'a été enregistré. Importez le fichier à nouveau.",
    en: 'The import was interrupted (the server stopped); no bilan was stored. Import the file again.',
  },
  /**
   * Shown first when the file is not LSU XML at all (text, CSV, a spreadsheet or a web page named
   * `.xml`): the engine's first message then follows, with the same position.
   */
  'import.not_lsu_xml': {
    fr: "Ce fichier n'est pas un fichier XML LSU (ligne {{line}}, colonne {{column}}) : choisissez le fichier exporté au format LSU par votre logiciel de notes.",
    en: 'This file is not an LSU XML file (line {{line}}, column {{column}}): choose the file your grading software exported in the LSU format.',
  },
  /**
   * A notice of a finished import, not an error: bilans identical to those the base stores (same bytes,
   * same declarations, same base) were left as they were, neither sent nor counted again.
   */
  'import.unchanged': {
    fr: {
      one: '{{count}} bilan identique à celui déjà enregistré a été laissé tel quel.',
      other: '{{count}} bilans identiques à ceux déjà enregistrés ont été laissés tels quels.',
    },
    en: {
      one: '{{count}} report identical to the one already stored was left as it was.',
      other: '{{count}} reports identical to those already stored were left as they were.',
    },
  },
  /** A notice: the file declared a collège version newer than any known, checked provisionally (the base opted in). */
  'import.provisional': {
    fr: "Le fichier déclare la version LSU {{declared}}, plus récente que celles que Préau connaît : la base l'accepte provisoirement, et il a été vérifié avec la version {{checkedAgainst}}. Chaque bilan porte une alerte.",
    en: 'The file declares LSU version {{declared}}, newer than those Préau knows: the base accepts it provisionally, and it was checked against version {{checkedAgainst}}. Each report carries an alert.',
  },
  /** A notice of a provisional import: an element the version checked against does not know, kept (not refused). */
  'import.unknown_element': {
    fr: {
      one: "Élément <{{element}}> inconnu de la version {{checkedAgainst}} ({{path}}) : conservé tel quel, {{count}} fois.",
      other: "Élément <{{element}}> inconnu de la version {{checkedAgainst}} ({{path}}) : conservé tel quel, {{count}} fois.",
    },
    en: {
      one: 'Element <{{element}}> unknown to version {{checkedAgainst}} ({{path}}): kept as it is, once.',
      other: 'Element <{{element}}> unknown to version {{checkedAgainst}} ({{path}}): kept as it is, {{count}} times.',
    },
  },
  /** A notice of a provisional import: an attribute the version checked against does not know on its element, kept. */
  'import.unknown_attribute': {
    fr: {
      one: "Attribut « {{attribute}} » de <{{element}}> inconnu de la version {{checkedAgainst}} ({{path}}) : conservé tel quel, {{count}} fois.",
      other: "Attribut « {{attribute}} » de <{{element}}> inconnu de la version {{checkedAgainst}} ({{path}}) : conservé tel quel, {{count}} fois.",
    },
    en: {
      one: 'Attribute "{{attribute}}" of <{{element}}> unknown to version {{checkedAgainst}} ({{path}}): kept as it is, once.',
      other: 'Attribute "{{attribute}}" of <{{element}}> unknown to version {{checkedAgainst}} ({{path}}): kept as it is, {{count}} times.',
    },
  },
  /** The file's school (`entete/etablissement`) is not the base's. */
  'base.uai_mismatch': {
    fr: "Le fichier concerne l'établissement {{fileUai}}, qui n'est pas celui de la base ({{baseUai}}).",
    en: "The file is about school {{fileUai}}, which is not the base's ({{baseUai}}).",
  },
} as const satisfies Record<string, LocalizedMessage>;

