import { sql, type RawBuilder } from 'kysely';

/**
 * Accent- and case-blind search on the pupil names of an import's bilans, the same on PostgreSQL and
 * PGlite: both sides are folded by one character table (letters with a diacritic, either case, to
 * their lower-case base letter; A–Z to a–z), applied by SQL `translate` to the stored names and by
 * `foldForSearch` to what people type. No `lower()`, whose reach beyond ASCII depends on the
 * database's locale (PGlite's is C), and no extension (`unaccent` is not everywhere).
 */
const FOLDED = (() => {
  let from = '';
  let to = '';
  for (let code = 0x41; code <= 0x17f; code += 1) {
    const char = String.fromCharCode(code);
    const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    if (base !== char && /^[a-z]$/.test(base)) {
      from += char;
      to += base;
    }
  }
  return { from, to, map: new Map([...from].map((char, i) => [char, to[i]!])) };
})();

/** Text folded as the search compares it (the stored names are folded the same way in SQL). */
export function foldForSearch(text: string): string {
  return [...text].map((char) => FOLDED.map.get(char) ?? char).join('');
}

/** The words of a search, folded, each to be found in the pupil's name (in any order). */
export function searchWords(search: string | undefined): string[] {
  return search === undefined ? [] : foldForSearch(search).split(/\s+/).filter(Boolean);
}

/** A `like` pattern finding `word` anywhere (its `%`, `_` and `\` taken literally). */
export function containing(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The bilan's pupil name ("last first"), folded. */
export function foldedPupilName(): RawBuilder<string> {
  return sql<string>`translate(pupil_last_name || ' ' || pupil_first_name, ${FOLDED.from}, ${FOLDED.to})`;
}
