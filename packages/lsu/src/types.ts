/**
 * Public types of the LSU engine. The import pipeline (apps/server) and the CLI depend on these;
 * change them only together with their callers.
 */

export type LsuFamily = 'college' | 'ecole';
export type Locale = 'fr' | 'en';

/** One violation of the format, located in the file. */
export interface LsuIssue {
  /** 1-based line and column of the start tag (or text) where the violation was found. */
  line: number;
  column: number;
  /** Element path from the root, e.g. `/lsun-bilans/donnees/eleves/eleve[12]/@id-be`. */
  path: string;
  /** Stable code, e.g. `xml.malformed`, `schema.element.unexpected`, `facet.maxLength`, `idref.wrong_kind`. */
  code: string;
  /** What the message names (element, attribute, value found, what was expected…), for `renderMessage` of `@preau/lsu/messages`. */
  params: Record<string, string | number>;
  /** Human message in the requested locale: what was found and what was expected. */
  message: string;
}

/** `entete` of the file plus what the root says. */
export interface LsuHeader {
  family: LsuFamily;
  schemaVersion: string;
  /** UAI of the school (`entete/etablissement`, or its equivalent in the école family). */
  uai: string;
  editor: string;
  application: string;
}

export interface LsuPupil {
  id: string; // xs:ID in the file
  /** National identifier: `id-be` (collège) or INE / national id (école). */
  nationalId: string;
  lastName: string;
  firstName: string;
  birthDate?: string;
  classCode: string; // code-division (collège) or class reference (école)
  classLabel?: string;
}

export interface LsuPeriod {
  id: string;
  millesime?: string;
  index: number;
  count: number;
  startDate?: string;
  endDate?: string;
}

export interface LsuTeacherRef {
  id: string;
  civility?: string;
  lastName: string;
  firstName?: string;
  /** STS identifier (collège) when present. */
  stsId?: string;
}

/** One periodic bilan, resolved: its references are replaced by the objects they name. */
export interface LsuPeriodicBilan {
  kind: 'periodic';
  /** 1-based position among the file's periodic bilans. */
  ordinal: number;
  line: number;
  pupil: LsuPupil;
  period: LsuPeriod;
  teachers: LsuTeacherRef[];
  /**
   * Whole content of the bilan as a plain JSON tree (attributes and children); with
   * `content: 'xml'`, an outline: no `text`, only `textNonBlank`.
   */
  content: LsuNode;
  /**
   * The bilan element as written in the file, from `<` to `>`, in UTF-8 (only with
   * `content: 'xml'`). A view: its `buffer` also holds other bilans' bytes.
   */
  xml?: Uint8Array;
}

/** One end-of-cycle bilan, resolved. */
export interface LsuCycleBilan {
  kind: 'cycle';
  ordinal: number;
  line: number;
  pupil: LsuPupil;
  cycle: number;
  teachers: LsuTeacherRef[];
  /** As in `LsuPeriodicBilan`. */
  content: LsuNode;
  /** As in `LsuPeriodicBilan`. */
  xml?: Uint8Array;
}

export type LsuBilan = LsuPeriodicBilan | LsuCycleBilan;

/**
 * A JSON rendering of an element: local name, attributes (namespace declarations and `xsi:`
 * attributes left out) and children in document order. Character data counts only in an element
 * without child elements, and only when it is not blank (XML whitespace): an empty or blank one,
 * like the whitespace between elements, gives neither `text` nor `textNonBlank`.
 */
export interface LsuNode {
  name: string;
  attributes: Record<string, string>;
  /** The decoded character data, surrounding whitespace kept (not in an outline). */
  text?: string;
  /** `true` when the element holds non-blank character data; absent otherwise (never `false`). */
  textNonBlank?: boolean;
  children: LsuNode[];
}

/** A person as the file declares them (a teacher, an école director). */
export interface LsuPersonLabel {
  civility?: string;
  lastName: string;
  firstName?: string;
}

/** `discipline` (collège): its code matière and libellé. */
export interface LsuDisciplineLabel {
  code: string;
  label: string;
}

/** `epi-groupe` (collège): the group's intitulé and that of the EPI it works on. */
export interface LsuEpiGroupLabel {
  title: string;
  epi?: string;
  /** The EPI's `thematique`: a code of the national EPI themes (EPI_SAN, EPI_EDD…). */
  theme?: string;
}

/** `acc-perso-groupe` (collège): the group's intitulé and that of its accompaniment. */
export interface LsuAccompanimentGroupLabel {
  title: string;
  accompaniment?: string;
}

/**
 * What to show for the IDs bilans refer to, as the file's `donnees` declare them: one map (ID →
 * label) per kind of declaration; the kinds a family does not have stay empty. Pupils and periods
 * are not labels (bilans resolve them). Maps have no prototype: look IDs up with `Object.hasOwn`.
 */
export interface LsuLabels {
  disciplines: Record<string, LsuDisciplineLabel>;
  /** `enseignant`. */
  teachers: Record<string, LsuPersonLabel>;
  /** `element-programme`: its libellé. */
  programmeElements: Record<string, string>;
  epiGroups: Record<string, LsuEpiGroupLabel>;
  accompanimentGroups: Record<string, LsuAccompanimentGroupLabel>;
  /** `responsable-etab` (collège): its libellé. */
  schoolHeads: Record<string, string>;
  /** `directeur` (école). */
  directors: Record<string, LsuPersonLabel>;
  /** `competences-numeriques-commun` (collège): the class's common appraisal (its text, trimmed). */
  digitalCommons: Record<string, string>;
}

export interface CheckOptions {
  /** Accepted schema versions (default `['10.0', '1.0']`: collège 10.0 and école 1.0). */
  accept?: readonly string[];
  /** How many issues to keep in the report (the total is always counted). Default 100. */
  maxIssues?: number;
  locale?: Locale;
  /**
   * Called for each bilan as soon as it is complete, in file order; the engine awaits it
   * (backpressure). Bilans are emitted before the verdict is known: a caller that stores them
   * must do so in a transaction it rolls back when the final verdict is `error`.
   */
  onBilan?: (bilan: LsuBilan) => void | Promise<void>;
  /**
   * What bilans carry: `'tree'` (default), `content` with decoded text; `'xml'`, the bilan's
   * own bytes in `xml` (read back with `readBilanXml`) and `content` as an outline, without
   * decoding text (cheaper).
   */
  content?: 'tree' | 'xml';
  /**
   * The source's chunks are never written again once handed over (a stream's fresh buffers): a
   * bilan's `xml` may then be a view of the chunk it lies in, instead of a copy.
   */
  chunksNeverReused?: boolean;
  /** Progress in bytes read, called at most every few hundred KB. */
  onProgress?: (bytesRead: number) => void;
  /**
   * Called once the root's `schemaVersion` has chosen a rule set, before any bilan: the version,
   * its family, and when the file is checked provisionally (`checkLsuProvisionally`), against what.
   */
  onRuleSet?: (selected: { schemaVersion: string; family: LsuFamily; provisional?: { declared: string; checkedAgainst: string } }) => void;
}

export interface LsuReport {
  verdict: 'accepted' | 'error';
  family?: LsuFamily;
  schemaVersion?: string;
  header?: LsuHeader;
  /** Codes of the classes (divisions) concerned by the file's bilans. */
  classes: string[];
  counts: { periodic: number; cycle: number; pupils: number };
  /** First `maxIssues` issues, in file order. */
  errors: LsuIssue[];
  /** Total number of issues found (may exceed `errors.length`). */
  errorCount: number;
  bytesRead: number;
  /**
   * Labels of the declarations bilans refer to (disciplines, teachers, programme elements…), present
   * once the file's version is known; complete when the verdict is `accepted`.
   */
  labels?: LsuLabels;
}

/** Anything the engine can read from: a Node stream, a web stream, or any async iterable of bytes. */
export type ByteSource = AsyncIterable<Uint8Array>;
