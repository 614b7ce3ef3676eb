// The `min` metadata is enough to format a number; validation is the server's (`modules/sms`).
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** A saved E.164 number in its international form (`+33 6 12 34 56 78`); as given when it does not parse. */
export function formatPhoneInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
