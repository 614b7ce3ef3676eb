// libphonenumber-js carries Google's numbering plans; the `max` metadata is needed to tell a mobile
// or fixed line from a premium-rate, shared-cost, VoIP or other number that a text cannot reach.
import { parsePhoneNumberFromString, type PhoneNumber, type PhoneNumberType } from 'libphonenumber-js/max';

/** Number types a text is sent to: a mobile or a fixed line (libphonenumber cannot always tell them apart). */
const TEXTABLE_TYPES: ReadonlySet<PhoneNumberType> = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

function parseValid(input: string): PhoneNumber | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), 'FR');
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * The E.164 form (`+33612345678`) of a phone number as a person writes it, French when it has no
 * country prefix (`06 12 34 56 78`, `+33 6 12 34 56 78`, `0033612345678`); undefined when it is not a
 * valid number of its country's plan (too short or long, unassigned range).
 */
export function normalizePhoneNumber(input: string): string | undefined {
  return parseValid(input)?.number;
}

/** Like `normalizePhoneNumber`, for a number a text may be sent to: a valid mobile or fixed line (not premium rate, toll free, VoIP…). */
export function textablePhoneNumber(input: string): string | undefined {
  const parsed = parseValid(input);
  const type = parsed?.getType();
  return type !== undefined && TEXTABLE_TYPES.has(type) ? parsed?.number : undefined;
}

/** A number as logs may show it: the country code and the last two digits (`+33*******78`). */
export function maskPhoneNumber(e164: string): string {
  return e164.length <= 6 ? '***' : `${e164.slice(0, 3)}${'*'.repeat(e164.length - 5)}${e164.slice(-2)}`;
}
