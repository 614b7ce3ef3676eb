import { Type, type Static } from 'typebox';
import { Text } from './text.ts';

/** GET /api/organizations/{orgId}/search?q=: what a person typed in the console's search box. */
export const SearchQuerySchema = Type.Object({ q: Text({ max: 100 }) });
export type SearchQuery = Static<typeof SearchQuerySchema>;

/** One thing found: its id (and its base's, for what lives in a base), what to show and a detail. */
export const SearchHitSchema = Type.Object({
  id: Type.String(),
  /** The base it belongs to (pupils, imports); null otherwise. */
  baseId: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  /** A second line: an e-mail, a UAI and school year, a national id, an editor, a date; null when none. */
  detail: Type.Union([Type.String(), Type.Null()]),
});
export type SearchHit = Static<typeof SearchHitSchema>;

export const SEARCH_KINDS = ['people', 'teams', 'bases', 'pupils', 'imports', 'invoices'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Results grouped by kind, best first; a kind the caller may not see is always empty. */
export const SearchResultsSchema = Type.Object({
  query: Type.String(),
  groups: Type.Object(Object.fromEntries(SEARCH_KINDS.map((kind) => [kind, Type.Array(SearchHitSchema)])) as Record<SearchKind, ReturnType<typeof Type.Array<typeof SearchHitSchema>>>),
});
export type SearchResults = Static<typeof SearchResultsSchema>;
