import { Type, type TString } from 'typebox';

/**
 * The rule every string of a request obeys (bodies, query strings, path ids, CSV cells): no C0 or C1
 * control character (NUL included, which PostgreSQL refuses in text) and no unpaired surrogate
 * (stored as U+FFFD, so two different strings would become one). Written so that it means the same
 * with and without the regular expression's `u` flag (Ajv sets it, TypeBox's `Value` does not).
 */
export const TEXT_PATTERN = '^(?:[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*$';
const TEXT_REGEXP = new RegExp(TEXT_PATTERN);

/** Printable ASCII without spaces: the characters of URLs and opaque tokens as clients send them. */
export const PRINTABLE_ASCII_PATTERN = '^[\\x21-\\x7e]+$';

/** Id characters: letters, digits, `-` and `_` (UUIDs, outbox ids). */
export const ID_PATTERN = '^[A-Za-z0-9_-]+$';

/**
 * JSON-schema keyword the server's validator implements (apps/server/src/http/trim-keyword.ts): the
 * string is trimmed (`String.prototype.trim`) before its other keywords are checked, so `"  "` fails
 * `minLength: 1`. Other validators ignore it; named as an OpenAPI extension, so the API document
 * carries it and stays valid.
 */
export const TRIM_KEYWORD = 'x-trim';

export interface TextOptions {
  /** Fewest characters once trimmed (default 1). */
  min?: number;
  /** Most characters once trimmed. */
  max: number;
  /** A pattern of the field's own instead of TEXT_PATTERN; it must refuse control characters as well. */
  pattern?: string;
  format?: string;
  description?: string;
}

/** A text field of a request: trimmed, `min` (default 1) to `max` characters, no control character. */
export function Text(options: TextOptions): TString {
  const { min = 1, max, pattern = TEXT_PATTERN, ...rest } = options;
  return Type.String({ minLength: min, maxLength: max, pattern, [TRIM_KEYWORD]: true, ...rest });
}

/**
 * A secret (password): `min` to `max` characters and no control character, never trimmed (a space
 * a person typed is part of their password).
 */
export function Secret(options: { min?: number; max: number; description?: string }): TString {
  const { min = 1, max, ...rest } = options;
  return Type.String({ minLength: min, maxLength: max, pattern: TEXT_PATTERN, ...rest });
}

/** Whether `value` obeys TEXT_PATTERN (no control character, no unpaired surrogate). */
export function isCleanText(value: string): boolean {
  return TEXT_REGEXP.test(value);
}
