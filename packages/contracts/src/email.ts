import { Text } from './text.ts';

/**
 * The one e-mail address check of Préau (a JSON-schema pattern, so ASCII letters are spelled out):
 * the syntax browsers check for `type="email"` (WHATWG), with a dot in the domain. The server's
 * schemas and the console's forms both use it.
 */
export const EMAIL_PATTERN =
  "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";
/** Longest address accepted (RFC 5321's path limit less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

const EMAIL_REGEXP = new RegExp(EMAIL_PATTERN);

/** Whether `value` is an e-mail address Préau accepts (`EMAIL_PATTERN`, at most 254 characters). */
export function isEmail(value: string): boolean {
  return value.length <= EMAIL_MAX_LENGTH && EMAIL_REGEXP.test(value);
}

/** An e-mail address in a request body (trimmed). */
export const EmailSchema = Text({ min: 3, max: EMAIL_MAX_LENGTH, pattern: EMAIL_PATTERN });
