import { BILAN_KINDS, BILAN_STATUSES, type BilanKind, type BilanStatus } from '@preau/contracts';

/** What the synthesis page keeps in its URL: tab, status, class, pupil-name search and page number. */
export interface SynthesisSearch {
  kind?: BilanKind;
  status?: BilanStatus;
  /** Class (division code). */
  class?: string;
  /** Words of a pupil's name. */
  search?: string;
  /** Page number from 2 (the first page is no number). */
  page?: number;
}

const MAX_PAGE = 1_000_000;

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  (values as readonly unknown[]).includes(value) ? (value as T) : undefined;

/** A string of at most `max` characters, trimmed, none when blank (the server's limits). */
const text = (value: unknown, max: number): string | undefined => {
  const trimmed = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  return trimmed !== '' && trimmed.length <= max ? trimmed : undefined;
};

/** A page number above 1 (written as a number or a numeric string), none otherwise. */
const pageNumber = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 1 && n <= MAX_PAGE ? n : undefined;
};

/** The route's `validateSearch`: anything unexpected in the URL is dropped rather than sent on. */
export function validateSynthesisSearch(s: Record<string, unknown>): SynthesisSearch {
  return {
    kind: oneOf(BILAN_KINDS, s.kind),
    status: oneOf(BILAN_STATUSES, s.status),
    class: text(s.class, 64),
    search: text(s.search, 100),
    page: pageNumber(s.page),
  };
}
