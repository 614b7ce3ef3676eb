/**
 * Checks of the identifiers a provider or a customer writes on billing documents. The French company
 * numbers and the VAT key are short rules written here; IBAN and BIC come from ibantools (every
 * country's IBAN length and the mod-97 check).
 */
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

/** Luhn's check over a string of digits. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** A SIREN: 9 digits passing Luhn's check. */
export function isSiren(value: string): boolean {
  return /^\d{9}$/.test(value) && luhn(value);
}

/** La Poste's establishments share one SIREN and number their SIRET by another rule: digits summing to a multiple of 5. */
const LA_POSTE_SIREN = '356000000';

/** A SIRET: 14 digits, its SIREN first, passing Luhn's check (La Poste's rule for its own). */
export function isSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith(LA_POSTE_SIREN)) return [...value].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  return luhn(value);
}

/** The French VAT number of a SIREN: `FR`, a two-digit key, the SIREN. */
export function frenchVatNumber(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

/**
 * An intra-EU VAT number, written without spaces: a French one must carry its SIREN's key (older
 * numbers with a letter key are taken as written); another country's is checked for its form only.
 */
export function isVatNumber(value: string): boolean {
  if (value.startsWith('FR')) {
    if (!/^FR[0-9A-HJ-NP-Z]{2}\d{9}$/.test(value)) return false;
    const siren = value.slice(4);
    return isSiren(siren) && (!/^\d{2}$/.test(value.slice(2, 4)) || frenchVatNumber(siren) === value);
  }
  return /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z+*]{2,13}$/.test(value);
}

/** An IBAN as people write it (spaces allowed), in its electronic form when valid. */
export function normalizedIban(value: string): string | undefined {
  const electronic = electronicFormatIBAN(value) ?? '';
  return isValidIBAN(electronic) ? electronic : undefined;
}

export function isBic(value: string): boolean {
  return isValidBIC(value);
}
