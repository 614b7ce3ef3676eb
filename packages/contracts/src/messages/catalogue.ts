/**
 * The one message catalogue: every code Préau stores or sends, with its French and English text.
 * Kinds live in their own files (API errors, field checks, CSV lines, imports, bilans, billing
 * documents); a test checks that both languages cover every code with the same placeholders.
 */
import type { Locale } from '../locale.ts';
import { LETTER_MESSAGES } from './base-documents.ts';
import { BILAN_MESSAGES } from './bilans.ts';
import { BILLING_DOCUMENT_MESSAGES } from './billing-documents.ts';
import { CSV_LINE_MESSAGES } from './csv.ts';
import { ERROR_MESSAGES } from './errors.ts';
import { FIELD_MESSAGES } from './fields.ts';
import { IMPORT_MESSAGES } from './imports.ts';
import { PUPIL_EXPORT_TEXTS } from './minors-data.ts';
import { PAYMENT_TEXT_MESSAGES } from './payments.ts';
import { formatMessage, type LocalizedMessage, type MessageParam, type MessageParams, type ParamsOfMessage } from './format.ts';

export const MESSAGES = {
  ...ERROR_MESSAGES,
  ...FIELD_MESSAGES,
  ...CSV_LINE_MESSAGES,
  ...IMPORT_MESSAGES,
  ...BILAN_MESSAGES,
  ...BILLING_DOCUMENT_MESSAGES,
  ...LETTER_MESSAGES,
  ...PAYMENT_TEXT_MESSAGES,
  ...PUPIL_EXPORT_TEXTS,
} as const satisfies Record<string, LocalizedMessage>;

export type MessageCode = keyof typeof MESSAGES;
/** The parameters the message of `code` needs (for a union of codes: those of any one of them). */
export type MessageParamsOf<C extends MessageCode> = C extends MessageCode ? ParamsOfMessage<(typeof MESSAGES)[C]> : never;
/** The parameters of a code whose text has no placeholder. */
export type NoParams = Readonly<Record<string, never>>;
/** The `params` a code takes: its parameters, or nothing when its text has no placeholder. */
type ParamsValue<C extends MessageCode> = C extends MessageCode ? ([keyof MessageParamsOf<C>] extends [never] ? NoParams | undefined : MessageParamsOf<C>) : never;
/** What follows a code in a call: its parameters, which may be left out when its text has no placeholder. */
export type ParamsArg<C extends MessageCode> = undefined extends ParamsValue<C> ? [params?: ParamsValue<C>] : [params: ParamsValue<C>];
/** A message as the server builds it: a code of the catalogue with exactly the parameters its text needs. */
export type CatalogueMessage<C extends MessageCode = MessageCode> = {
  [K in C]: [keyof MessageParamsOf<K>] extends [never] ? { code: K; params?: NoParams } : { code: K; params: MessageParamsOf<K> };
}[C];

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
  const params = message.params ?? {};
  let filled: Record<string, MessageParam> | undefined;
  for (const [name, value] of Object.entries(params)) {
    // A message named by another (a detail): rendered here, with the same parameters, one level deep.
    if (name.endsWith('Message') && typeof value === 'string' && isMessageCode(value)) {
      filled ??= { ...params };
      filled[name] = formatMessage((MESSAGES[value] as LocalizedMessage)[locale], params, locale);
    }
  }
  return formatMessage(entry[locale], filled ?? params, locale);
}
