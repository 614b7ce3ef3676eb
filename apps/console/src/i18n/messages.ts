/**
 * The console's one way to show a message the server stored or sent as a code (decision 0005): API
 * errors and their fields, CSV line errors, import file issues and bilan messages are rendered here,
 * in the console's current language, from the shared catalogue, so a language switch re-renders them
 * without asking the server again.
 */
import { useTranslation } from 'react-i18next';
import { isMessageCode, renderMessage, type Locale, type MessageParams } from '@preau/contracts';
import { localeOf } from './format.ts';
import { MESSAGE_CODES as LSU_CODES, renderMessage as renderLsuMessage } from '@preau/lsu/messages';

/**
 * A message as received: a code and its parameters. An error answer also carries its text as the
 * server rendered it, shown only for a code this console does not know (sent by a newer server).
 */
export interface MessageRef {
  code: string;
  params?: MessageParams;
  message?: string;
}

const LSU_CODE_SET = new Set(LSU_CODES);

/** The text of `ref` in `locale`: the catalogue's, else the LSU engine's, else the server's text, else the code. */
function messageText(ref: MessageRef, locale: Locale): string {
  if (isMessageCode(ref.code)) return renderMessage(ref, locale);
  if (LSU_CODE_SET.has(ref.code)) return renderLsuMessage(ref.code, ref.params ?? {}, locale);
  return ref.message ?? ref.code;
}

/** Renders messages in the console's current language; the calling component re-renders when it changes. */
export function useMessage(): (ref: MessageRef) => string {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  return (ref) => messageText(ref, locale);
}

/** A message as a node of its own, for places that keep it past a render (a form field's error). */
export function MessageText({ message }: { message: MessageRef }) {
  return useMessage()(message);
}

