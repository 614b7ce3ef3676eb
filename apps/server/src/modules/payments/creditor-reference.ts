/**
 * ISO 11649 structured creditor references (`RF` + 2 check digits + 1 to 21 letters and digits),
 * checked by ISO 7064 mod 97-10 as IBANs are. Written here: the rule is a few lines, and the npm
 * packages for it are unmaintained single-purpose ones.
 */

const BODY = /^[A-Z0-9]{1,21}$/;

/** The remainder mod 97 of the reference's digits, letters read as 10 (A) to 35 (Z), taken piecewise (no big integers). */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder;
}

/** The reference of `body` (1 to 21 letters and digits, any case): `RF` and its check digits, then the body upper-cased. */
export function creditorReference(body: string): string {
  const upper = body.toUpperCase();
  if (!BODY.test(upper)) throw new RangeError(`a creditor reference's body is 1 to 21 letters and digits: ${JSON.stringify(body)}`);
  const check = 98 - mod97(`${upper}RF00`);
  return `RF${String(check).padStart(2, '0')}${upper}`;
}

/**
 * A reference as people type or banks pass it on (spaces, lower case) in its electronic form, when it
 * is a valid ISO 11649 reference; undefined otherwise.
 */
export function parseCreditorReference(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (!/^RF[0-9]{2}[A-Z0-9]{1,21}$/.test(compact)) return undefined;
  return mod97(`${compact.slice(4)}${compact.slice(0, 4)}`) === 1 ? compact : undefined;
}

/** A reference printed in groups of four, as ISO 11649 advises for paper (`RF18 F202 6000 042`). */
export function printedCreditorReference(reference: string): string {
  return reference.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * An invoice's payment reference: its number's letters and digits when they fit in 21, else the
 * series letter `F`, the year and the sequence number (at most 17 characters: still unique).
 */
export function invoiceReference(number: string, year: number, seq: number): string {
  const body = number.replace(/[^A-Za-z0-9]/g, '');
  return creditorReference(body.length >= 1 && body.length <= 21 ? body : `F${year}${seq}`);
}

/** An organisation's balance reference, for top-ups: `B` and its hosting number (12 digits). */
export function balanceReference(hostingNumber: string): string {
  return creditorReference(`B${hostingNumber}`);
}

/** The hosting number a balance reference names, if it is one. */
export function hostingNumberOfBalanceReference(reference: string): string | undefined {
  const match = /^RF[0-9]{2}B([0-9]{12})$/.exec(reference);
  return match?.[1];
}
