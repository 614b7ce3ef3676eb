/** Human messages of the issue codes, in French (default) and English: what was found, what was expected. Also `@preau/lsu/messages`. */
import type { Locale } from '../types.ts';
import type { IssueParams } from '../validate/issues.ts';
import { NON_BLANK } from '../rules/common-types.ts';

type Template = (p: IssueParams, s: string) => string;

/** What the issue is about: an attribute of an element, or an element's content. */
function subject(p: IssueParams, locale: Locale): string {
  if (p.attribute !== undefined && p.element !== undefined) {
    return locale === 'fr' ? `L'attribut « ${p.attribute} » de <${p.element}>` : `Attribute "${p.attribute}" of <${p.element}>`;
  }
  if (p.element !== undefined) return locale === 'fr' ? `Le contenu de <${p.element}>` : `The content of <${p.element}>`;
  return locale === 'fr' ? 'La valeur' : 'The value';
}

const FR: Record<string, Template> = {
  'xml.encoding_unsupported': (p) => `Encodage « ${p.found} » non pris en charge ; attendu : UTF-8, UTF-16, ISO-8859-1, ISO-8859-15 ou windows-1252.`,
  'xml.encoding_mismatch': (p) => `L'encodage déclaré (« ${p.found} ») ne correspond pas à celui du fichier (marque d'ordre des octets ou UTF-16).`,
  'xml.encoding_invalid': (p) => `Octet 0x${p.byte} invalide pour l'encodage déclaré (${p.encoding}) : le fichier n'est pas encodé comme il le déclare.`,
  'xml.no_root': () => 'Fichier vide ou sans élément racine ; attendu : <lsun-bilans>.',
  'xml.truncated': (p) => `Fin de fichier inattendue${p.open ? ` (élément <${p.open}> non fermé)` : ''} : le fichier est tronqué.`,
  'xml.token_too_long': (p) => `Jeton XML de plus de ${p.max} octets : fichier refusé.`,
  'xml.reference_invalid': (p) => `Référence « ${p.found} » invalide ; seules &lt; &gt; &amp; &quot; &apos; et les références de caractère (&#...;) sont admises.`,
  'xml.cdata_end_in_text': () => 'La suite « ]]> » est interdite dans le texte.',
  'xml.char_invalid': (p) => `Caractère interdit en XML (U+${p.code}).`,
  'xml.text_after_root': () => 'Texte trouvé après la fin de l\'élément racine.',
  'xml.text_before_root': () => 'Texte trouvé avant l\'élément racine.',
  'xml.second_root': () => 'Second élément racine : un document XML n\'en a qu\'un.',
  'xml.name_invalid': (p) => `Nom d'élément invalide${p.found ? ` (« ${p.found} »)` : ''}.`,
  'xml.tag_malformed': (p) => `Balise <${p.name}> mal formée : « > », « /> » ou un attribut séparé par une espace attendu.`,
  'xml.attribute_malformed': (p) => `Attribut « ${p.name} » mal formé : attendu nom="valeur".`,
  'xml.attribute_duplicate': (p) => `Attribut « ${p.name} » répété dans la même balise.`,
  'xml.attribute_lt': () => 'Caractère « < » interdit dans une valeur d\'attribut (écrire &lt;).',
  'xml.end_tag_unexpected': (p) => `Balise fermante </${p.name}> sans balise ouvrante.`,
  'xml.tag_mismatch': (p) => `Balise fermante </${p.name}> trouvée ; attendu : </${p.expected}>.`,
  'xml.declaration_misplaced': () => 'La déclaration <?xml ...?> doit être au tout début du fichier.',
  'xml.declaration_invalid': () => 'Déclaration XML invalide ; attendu : <?xml version="1.0" encoding="UTF-8"?>.',
  'xml.comment_double_hyphen': () => 'La suite « -- » est interdite dans un commentaire.',
  'xml.pi_malformed': () => 'Instruction de traitement <?...?> mal formée : attendu un nom suivi d\'une espace.',
  'xml.doctype_forbidden': () => 'Déclaration DOCTYPE refusée : le format LSU n\'en a pas (et les entités ne sont jamais résolues).',
  'xml.markup_invalid': () => 'Balise « <! » inconnue ; attendu : commentaire <!-- --> ou section <![CDATA[ ]]>.',
  'schema.root': (p) => `Élément racine <${p.found}> (espace de noms « ${p.namespace} ») ; attendu : <${p.expected}> dans l'espace de noms « ${p.expectedNamespace} ».`,
  'schema.version_missing': (p) => `Attribut schemaVersion absent ; versions acceptées : ${p.accepted}.`,
  'schema.version_unknown': (p) => `Version de schéma « ${p.found} » inconnue ; versions connues : ${p.known} ; acceptées : ${p.accepted}.`,
  'schema.version_not_accepted': (p) => `Version de schéma « ${p.found} » non acceptée ; versions acceptées : ${p.accepted}.`,
  'schema.namespace': (p) => `Élément <${p.element}> hors de l'espace de noms LSU (trouvé : « ${p.found} ») ; attendu : « ${p.expected} ».`,
  'schema.element.unexpected': (p) => `Élément <${p.element}> inattendu dans <${p.parent}>${p.expected ? ` ; attendu : ${p.expected}` : ' ; aucun autre élément n\'est attendu ici'}.`,
  'schema.element.too_many': (p) => `Élément <${p.element}> en trop dans <${p.parent}>${p.expected ? ` ; attendu ensuite : ${p.expected}` : ''}.`,
  'schema.element.not_allowed': (p) => `Élément <${p.element}> interdit : <${p.parent}> n'a pas d'éléments enfants.`,
  'schema.element.missing': (p) => `Élément <${p.missing}> manquant dans <${p.element}> (${p.count} trouvé(s), ${p.min} attendu(s) au moins).`,
  'schema.attribute.unexpected': (p) => `Attribut « ${p.attribute} » non autorisé sur <${p.element}>${p.allowed ? ` ; attributs permis : ${p.allowed}` : ''}.`,
  'schema.attribute.missing': (p) => `Attribut obligatoire « ${p.attribute} » absent de <${p.element}>.`,
  'schema.text.empty_content': (p) => `Texte trouvé dans <${p.element}>, qui doit être vide (même des espaces sont refusés).`,
  'schema.text.not_allowed': (p) => `Texte trouvé dans <${p.element}>, qui ne contient que des éléments.`,
  'facet.pattern': (p, s) => p.pattern === NON_BLANK
    ? `${s} est vide, ne contient que des blancs ou contient un retour chariot (CR) ; attendu : au moins un caractère visible (${p.type}).`
    : `${s} vaut « ${p.value} », qui ne respecte pas le motif ${p.pattern} (${p.type}).`,
  'facet.enumeration': (p, s) => `${s} vaut « ${p.value} » ; valeurs permises : ${p.allowed}.`,
  'facet.minInclusive': (p, s) => `${s} vaut ${p.value} ; minimum : ${p.min}.`,
  'facet.maxInclusive': (p, s) => `${s} vaut ${p.value} ; maximum : ${p.max}.`,
  'facet.minExclusive': (p, s) => `${s} vaut ${p.value} ; attendu : strictement plus de ${p.min}.`,
  'facet.maxExclusive': (p, s) => `${s} vaut ${p.value} ; attendu : strictement moins de ${p.max}.`,
  'facet.totalDigits': (p, s) => `${s} vaut ${p.value} : trop de chiffres (${p.max} au plus).`,
  'facet.fractionDigits': (p, s) => `${s} vaut ${p.value} : trop de décimales (${p.max} au plus).`,
  'facet.length': (p, s) => `${s} compte ${p.count} caractère(s) ; attendu : exactement ${p.expected} (${p.type}).`,
  'facet.minLength': (p, s) => `${s} compte ${p.count} caractère(s) ; attendu : au moins ${p.min} (${p.type}).`,
  'facet.empty': (p, s) => `${s} est vide ; attendu : au moins ${p.min} caractère(s) (${p.type}).`,
  'facet.maxLength': (p, s) => `${s} compte ${p.count} caractères ; attendu : ${p.max} au plus (${p.type}).`,
  'facet.minItems': (p, s) => `${s} contient ${p.count} référence(s) ; attendu : au moins ${p.min}.`,
  'type.integer': (p, s) => `${s} vaut « ${p.value} » ; attendu : un nombre entier (${p.type}).`,
  'type.decimal': (p, s) => `${s} vaut « ${p.value} » ; attendu : un nombre décimal écrit avec un point, par exemple 12.5 (${p.type}).`,
  'type.boolean': (p, s) => `${s} vaut « ${p.value} » ; attendu : true, false, 1 ou 0.`,
  'type.date': (p, s) => `${s} vaut « ${p.value} » ; attendu : une date AAAA-MM-JJ.`,
  'type.dateTime': (p, s) => `${s} vaut « ${p.value} » ; attendu : une date et heure AAAA-MM-JJThh:mm:ss.`,
  'type.ncname': (p, s) => `${s} vaut « ${p.item ?? p.value} », qui n'est pas un identifiant XML (lettre ou « _ » en tête, sans espace ni « : »).`,
  'date.impossible': (p, s) => `${s} vaut « ${p.value} », une date qui n'existe pas.`,
  'idrefs.empty': (_p, s) => `${s} est vide ; attendu : au moins une référence.`,
  'id.duplicate': (p) => `Identifiant « ${p.value} » déjà utilisé (par un élément <${p.kind}>) ; chaque id doit être unique dans le fichier.`,
  'idref.unresolved': (p) => `La référence « ${p.value} » (attribut « ${p.attribute} ») ne désigne aucun élément du fichier${p.expected ? ` ; attendu : l'id d'un élément <${p.expected}>` : ''}.`,
  'idref.wrong_kind': (p) => `La référence « ${p.value} » (attribut « ${p.attribute} ») désigne un élément <${p.kind}> ; attendu : un élément <${p.expected}>.`,
  'unique.duplicate': (p) => `Doublon : un autre <${p.element}> a déjà la même valeur de (${p.fields}) : ${p.values}.`,
};

const EN: Record<string, Template> = {
  'xml.encoding_unsupported': (p) => `Unsupported encoding "${p.found}"; expected UTF-8, UTF-16, ISO-8859-1, ISO-8859-15 or windows-1252.`,
  'xml.encoding_mismatch': (p) => `The declared encoding ("${p.found}") does not match the file's (byte order mark or UTF-16).`,
  'xml.encoding_invalid': (p) => `Byte 0x${p.byte} is invalid in the declared encoding (${p.encoding}): the file is not encoded as it says.`,
  'xml.no_root': () => 'Empty file or no root element; expected <lsun-bilans>.',
  'xml.truncated': (p) => `Unexpected end of file${p.open ? ` (<${p.open}> not closed)` : ''}: the file is truncated.`,
  'xml.token_too_long': (p) => `XML token longer than ${p.max} bytes: file refused.`,
  'xml.reference_invalid': (p) => `Invalid reference "${p.found}"; only &lt; &gt; &amp; &quot; &apos; and character references (&#...;) are allowed.`,
  'xml.cdata_end_in_text': () => 'The sequence "]]>" is not allowed in text.',
  'xml.char_invalid': (p) => `Character not allowed in XML (U+${p.code}).`,
  'xml.text_after_root': () => 'Text found after the end of the root element.',
  'xml.text_before_root': () => 'Text found before the root element.',
  'xml.second_root': () => 'A second root element: an XML document has only one.',
  'xml.name_invalid': (p) => `Invalid element name${p.found ? ` ("${p.found}")` : ''}.`,
  'xml.tag_malformed': (p) => `Malformed tag <${p.name}>: expected ">", "/>" or an attribute after a space.`,
  'xml.attribute_malformed': (p) => `Malformed attribute "${p.name}": expected name="value".`,
  'xml.attribute_duplicate': (p) => `Attribute "${p.name}" repeated in the same tag.`,
  'xml.attribute_lt': () => 'Character "<" is not allowed in an attribute value (write &lt;).',
  'xml.end_tag_unexpected': (p) => `End tag </${p.name}> without a start tag.`,
  'xml.tag_mismatch': (p) => `End tag </${p.name}> found; expected </${p.expected}>.`,
  'xml.declaration_misplaced': () => 'The <?xml ...?> declaration must be at the very start of the file.',
  'xml.declaration_invalid': () => 'Invalid XML declaration; expected <?xml version="1.0" encoding="UTF-8"?>.',
  'xml.comment_double_hyphen': () => 'The sequence "--" is not allowed in a comment.',
  'xml.pi_malformed': () => 'Malformed processing instruction <?...?>: expected a name followed by a space.',
  'xml.doctype_forbidden': () => 'DOCTYPE declaration refused: the LSU format has none (and entities are never resolved).',
  'xml.markup_invalid': () => 'Unknown "<!" markup; expected a comment <!-- --> or a <![CDATA[ ]]> section.',
  'schema.root': (p) => `Root element <${p.found}> (namespace "${p.namespace}"); expected <${p.expected}> in namespace "${p.expectedNamespace}".`,
  'schema.version_missing': (p) => `Missing schemaVersion attribute; accepted versions: ${p.accepted}.`,
  'schema.version_unknown': (p) => `Unknown schema version "${p.found}"; known versions: ${p.known}; accepted: ${p.accepted}.`,
  'schema.version_not_accepted': (p) => `Schema version "${p.found}" is not accepted; accepted versions: ${p.accepted}.`,
  'schema.namespace': (p) => `Element <${p.element}> is outside the LSU namespace (found "${p.found}"); expected "${p.expected}".`,
  'schema.element.unexpected': (p) => `Unexpected element <${p.element}> in <${p.parent}>${p.expected ? `; expected: ${p.expected}` : '; no more elements are expected here'}.`,
  'schema.element.too_many': (p) => `One <${p.element}> too many in <${p.parent}>${p.expected ? `; expected next: ${p.expected}` : ''}.`,
  'schema.element.not_allowed': (p) => `Element <${p.element}> not allowed: <${p.parent}> has no child elements.`,
  'schema.element.missing': (p) => `Missing <${p.missing}> in <${p.element}> (${p.count} found, at least ${p.min} expected).`,
  'schema.attribute.unexpected': (p) => `Attribute "${p.attribute}" is not allowed on <${p.element}>${p.allowed ? `; allowed: ${p.allowed}` : ''}.`,
  'schema.attribute.missing': (p) => `Required attribute "${p.attribute}" missing on <${p.element}>.`,
  'schema.text.empty_content': (p) => `Text found in <${p.element}>, which must be empty (even spaces are refused).`,
  'schema.text.not_allowed': (p) => `Text found in <${p.element}>, which holds elements only.`,
  'facet.pattern': (p, s) => p.pattern === NON_BLANK
    ? `${s} is empty, blank or contains a carriage return (CR); expected at least one visible character (${p.type}).`
    : `${s} is "${p.value}", which does not match the pattern ${p.pattern} (${p.type}).`,
  'facet.enumeration': (p, s) => `${s} is "${p.value}"; allowed values: ${p.allowed}.`,
  'facet.minInclusive': (p, s) => `${s} is ${p.value}; minimum: ${p.min}.`,
  'facet.maxInclusive': (p, s) => `${s} is ${p.value}; maximum: ${p.max}.`,
  'facet.minExclusive': (p, s) => `${s} is ${p.value}; expected strictly more than ${p.min}.`,
  'facet.maxExclusive': (p, s) => `${s} is ${p.value}; expected strictly less than ${p.max}.`,
  'facet.totalDigits': (p, s) => `${s} is ${p.value}: too many digits (at most ${p.max}).`,
  'facet.fractionDigits': (p, s) => `${s} is ${p.value}: too many decimals (at most ${p.max}).`,
  'facet.length': (p, s) => `${s} has ${p.count} character(s); expected exactly ${p.expected} (${p.type}).`,
  'facet.minLength': (p, s) => `${s} has ${p.count} character(s); expected at least ${p.min} (${p.type}).`,
  'facet.empty': (p, s) => `${s} is empty; expected at least ${p.min} character(s) (${p.type}).`,
  'facet.maxLength': (p, s) => `${s} has ${p.count} characters; expected at most ${p.max} (${p.type}).`,
  'facet.minItems': (p, s) => `${s} holds ${p.count} reference(s); expected at least ${p.min}.`,
  'type.integer': (p, s) => `${s} is "${p.value}"; expected an integer (${p.type}).`,
  'type.decimal': (p, s) => `${s} is "${p.value}"; expected a decimal number written with a point, e.g. 12.5 (${p.type}).`,
  'type.boolean': (p, s) => `${s} is "${p.value}"; expected true, false, 1 or 0.`,
  'type.date': (p, s) => `${s} is "${p.value}"; expected a date YYYY-MM-DD.`,
  'type.dateTime': (p, s) => `${s} is "${p.value}"; expected a date and time YYYY-MM-DDThh:mm:ss.`,
  'type.ncname': (p, s) => `${s} is "${p.item ?? p.value}", which is not an XML identifier (starts with a letter or "_", no space or ":").`,
  'date.impossible': (p, s) => `${s} is "${p.value}", a date that does not exist.`,
  'idrefs.empty': (_p, s) => `${s} is empty; expected at least one reference.`,
  'id.duplicate': (p) => `Identifier "${p.value}" is already used (by a <${p.kind}> element); every id must be unique in the file.`,
  'idref.unresolved': (p) => `Reference "${p.value}" (attribute "${p.attribute}") names no element of the file${p.expected ? `; expected the id of a <${p.expected}>` : ''}.`,
  'idref.wrong_kind': (p) => `Reference "${p.value}" (attribute "${p.attribute}") names a <${p.kind}> element; expected a <${p.expected}> element.`,
  'unique.duplicate': (p) => `Duplicate: another <${p.element}> already has the same (${p.fields}): ${p.values}.`,
};

/** Renders the message of an issue code in `locale`. */
export function renderMessage(code: string, params: IssueParams, locale: Locale): string {
  const template = (locale === 'en' ? EN : FR)[code];
  const s = subject(params, locale);
  if (template) return template(params, s);
  return locale === 'en' ? `Invalid (${code}).` : `Non valide (${code}).`;
}

/** Every code with a message, for tests. */
export const MESSAGE_CODES: readonly string[] = Object.keys(FR);
