import { randomInt } from 'node:crypto';

// Readable alphabet for support codes read aloud on the phone: no 0/O, 1/I/L, U/V, 5/S, 2/Z.
const SUPPORT_ALPHABET = '346789ABCDEFGHJKMNPQRTWXY';

/** A random 12-digit hosting number (no leading zero, so it never loses a digit in a spreadsheet). */
export function generateHostingNumber(): string {
  let digits = String(randomInt(1, 10));
  for (let i = 1; i < 12; i += 1) digits += String(randomInt(0, 10));
  return digits;
}

/** A random support code such as `K7MQ-4XP9`: 8 readable characters, about 40 bits. */
export function generateSupportCode(): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) {
    if (i === 4) code += '-';
    code += SUPPORT_ALPHABET[randomInt(0, SUPPORT_ALPHABET.length)];
  }
  return code;
}

/** Code generators, injectable so tests can force collisions. */
export interface OrganizationCodeGenerators {
  hostingNumber: () => string;
  supportCode: () => string;
}

export const randomOrganizationCodes: OrganizationCodeGenerators = {
  hostingNumber: generateHostingNumber,
  supportCode: generateSupportCode,
};
