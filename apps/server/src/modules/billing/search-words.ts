/**
 * The words the history's text search matches (`billing_document_words`, decision 0010): lower-cased,
 * without accents (`Hébergement`, `hebergement` and `HÉBERGEMENT` are one word), split on anything
 * that is not a letter or a digit. A typed word matches the words it begins.
 */

/** Lower case, accents stripped (the combining marks of the canonical decomposition). */
function normalized(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
}

const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** Letters and digits joined by `-`, `/` or `_`, a digit among them: a document number (`f2026-000042`), a period (`2025-2026`), or their beginning (`f2026-00`). */
const NUMBER_LIKE = /^[\p{L}\p{N}]+(?:[-/_][\p{L}\p{N}]*)+$/u;

function isNumberLike(chunk: string): boolean {
  return NUMBER_LIKE.test(chunk) && /\p{N}/u.test(chunk);
}

/** Each piece of text between spaces, without the punctuation around it (the separators after a number kept). */
function chunksOf(text: string): string[] {
  return normalized(text)
    .split(/\s+/)
    .map((chunk) => chunk.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}/_-]+$/gu, ''))
    .filter((chunk) => chunk !== '');
}

function piecesOf(chunk: string): string[] {
  return chunk.split(NOT_WORD).filter((w) => w !== '');
}

/**
 * The distinct words of an issued document, from its number and its lines' labels: every piece of
 * letters or digits, and every number-like piece of text whole besides its pieces (`f2026-000042`,
 * `2025-2026`), so that what a search keeps whole (below) begins a word.
 */
export function documentWords(number: string, labels: readonly string[]): string[] {
  const words = [number, ...labels].flatMap(chunksOf).flatMap((chunk) => (isNumberLike(chunk) ? [chunk.replace(/[-/_]+$/, ''), ...piecesOf(chunk)] : piecesOf(chunk)));
  return [...new Set(words)];
}

/** At most this many words of a search count (the longest ones): each is a probe of the words table. */
const MAX_SEARCH_WORDS = 8;

/**
 * The words a search must find, each the beginning of some word of the document: a piece of text
 * shaped like a document number is kept whole (it begins the whole number), anything else is split
 * like the documents' words. A word that begins another one of the search is implied by it and left out.
 */
export function searchWords(q: string): string[] {
  const words = chunksOf(q).flatMap((chunk) => (isNumberLike(chunk) ? [chunk] : piecesOf(chunk)));
  const distinct = [...new Set(words)];
  const kept = distinct.filter((w) => !distinct.some((other) => other !== w && other.startsWith(w)));
  return kept.sort((a, b) => b.length - a.length).slice(0, MAX_SEARCH_WORDS);
}

/**
 * The upper bound of the words `prefix` begins, for the pattern operators (`~>=~`, `~<~`, which compare
 * bytes): `prefix` followed by U+10FFFF, the last code point, whose UTF-8 bytes are above those of any
 * character that can follow (words are letters and digits, U+10FFFF is neither).
 */
export function afterWordsBeginning(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}
