/**
 * The one message catalogue: every code Préau stores or sends, with its French and English text.
 * Kinds live in their own files (API errors, field checks, CSV lines, imports, bilans); a test checks
 * that both languages cover every code with the same placeholders.
 */
import type { Locale } from '../common.ts';
import { BILAN_MESSAGES } from './bilans.ts';
import { ERROR_MESSAGES } from './errors.ts';
import { IMPORT_MESSAGES } from './imports.ts';
import { formatMessage, type LocalizedMessage, type MessageParams, type ParamsOfMessage } from './format.ts';

export const MESSAGES = {
  ...ERROR_MESSAGES,
  ...IMPORT_MESSAGES,
  ...BILAN_MESSAGES,
} as const satisfies Record<string, LocalizedMessage>;

export type MessageCode = keyof typeof MESSAGES;
/** The parameters the message of `code` needs. */
export type MessageParamsOf<C extends MessageCode> = ParamsOfMessage<(typeof MESSAGES)[C]>;

/** True when `code` is in the catalogue. */
export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(MESSAGES, code);
}

/**
 * The text of a stored or received message in `locale`; a code the catalogue does not know (sent by
 * a newer server, or raised by a library) reads as itself.
 */
export function renderMessage(message: { code: string; params?: MessageParams }, locale: Locale): string {
  if (!isMessageCode(message.code)) return message.code;
  const entry: LocalizedMessage = MESSAGES[message.code];
  return formatMessage(entry[locale], message.params ?? {}, locale);
}
