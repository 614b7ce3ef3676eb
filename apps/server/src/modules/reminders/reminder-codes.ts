/**
 * The verification code a reminder carries: 8 characters of an alphabet without look-alikes (no 0/O,
 * 1/I/L), printed in two groups of four (`K7QM-3XWP`). 31⁸ ≈ 8.5 × 10¹¹ codes, drawn by the system's CSPRNG.
 * Only an HMAC is kept, keyed by the server's secret and bound to the organisation: a code read on
 * another organisation's reminder never verifies, and the table alone gives nothing away.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 8;

/** A new random code, printed form (`XXXX-XXXX`). */
export function newReminderCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A code as a person types it (spaces, dashes, lower case) in its compact form; undefined when it
 * cannot be one of ours.
 */
export function compactReminderCode(text: string): string | undefined {
  const compact = text.toUpperCase().replace(/[\s\-–.]/g, '');
  if (compact.length !== LENGTH || [...compact].some((c) => !ALPHABET.includes(c))) return undefined;
  return compact;
}

/** What is stored of a code: an HMAC of its compact form and the organisation's id. */
export function reminderCodeHash(secret: string, organizationId: string, code: string): string {
  const compact = compactReminderCode(code) ?? code;
  return createHmac('sha256', secret).update(`billing-reminder\n${organizationId}\n${compact}`).digest('hex');
}

function sealKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'preau', 'billing-reminder-sealed-code', 32));
}

/**
 * A code encrypted (AES-256-GCM) for the time its reminder's messages wait to be sent, so a run after
 * a crash sends the same code; bound to the reminder's id.
 */
export function sealReminderCode(secret: string, reminderId: string, code: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv).setAAD(Buffer.from(reminderId));
  const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** The code `sealReminderCode` encrypted; throws when it was sealed for another reminder or another secret. */
export function unsealReminderCode(secret: string, reminderId: string, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) throw new Error('malformed sealed code');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), iv).setAAD(Buffer.from(reminderId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
