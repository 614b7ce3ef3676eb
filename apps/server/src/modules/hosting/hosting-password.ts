import { createHash, randomBytes, randomInt } from 'node:crypto';
import { HOSTING_PASSWORD_LENGTH } from '@preau/contracts';

// Letters and digits a person copies from a text without doubt: no 0/O/o, 1/I/l/i, 5/S/s, 2/Z/z, U/V/u/v.
// All in the GSM alphabet, so the text stays one SMS. 45 symbols: 14 of them are about 77 bits.
const ALPHABET = 'ABCDEFGHJKLMNPQRTWXY346789abcdefghjkmnpqrtwxy';

/** A new hosting password: HOSTING_PASSWORD_LENGTH characters drawn by `crypto.randomInt` from an unambiguous alphabet. */
export function generateHostingPassword(): string {
  let password = '';
  for (let i = 0; i < HOSTING_PASSWORD_LENGTH; i += 1) password += ALPHABET[randomInt(0, ALPHABET.length)];
  return password;
}

/** A new session token (32 random bytes) and the SHA-256 kept of it. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

/** The SHA-256 (hex) under which a session token is kept: a stolen table opens no session. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
