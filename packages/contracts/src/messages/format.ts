/**
 * Rendering of the shared message catalogue, used alike by the server (error answers, e-mails, CLI)
 * and the console, so a code reads the same wherever it is shown. Written here rather than taken from
 * i18next: the console's i18next stays for its own interface texts, and the server needs only
 * `{{name}}` interpolation and a plural choice, which `Intl` provides on both sides.
 */
import { Type, type Static } from 'typebox';
import type { Locale } from '../locale.ts';

/**
 * A parameter of a message: numbers are quantities (formatted for the locale); identifiers go as
 * strings. Two kinds are told by their name: `…Cents` is an amount of money in integer cents (shown in
 * the `currency` parameter, else euros), `…Message` the code of another catalogue message, shown
 * rendered with the same parameters.
 */
export type MessageParam = string | number;
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** A text with `{{name}}` placeholders, or its plural forms, chosen by the `count` parameter. */
export type MessageText = string | { readonly one: string; readonly other: string };

/** A message in the product's two languages. */
export interface LocalizedMessage {
  readonly fr: MessageText;
  readonly en: MessageText;
}

/** A message as stored and sent: a stable code and its parameters, rendered where it is shown. */
export const MessageParamsSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));
export const MessageRefSchema = Type.Object({ code: Type.String(), params: MessageParamsSchema });
export type MessageRef = Static<typeof MessageRefSchema>;

const TAGS: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const numberFormats = new Map<Locale, Intl.NumberFormat>();
const moneyFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<Locale, Intl.PluralRules>();

/** Formats a quantity the way the locale writes it (French: 12,5 and 11 919 with a narrow space). */
export function formatNumber(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 2 })));
  return format.format(value);
}

/** Formats `cents` of `currency` the way the locale writes money (French: 1 440,00 €; English: €1,440.00). */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  const key = `${locale} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 })));
  return format.format(cents / 100);
}

/** The form of `text` for `count` (French counts 0 and 1 as singular; every other category is plural). */
function pluralForm(text: MessageText, count: MessageParam | undefined, locale: Locale): string {
  if (typeof text === 'string') return text;
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(TAGS[locale])));
  return typeof count === 'number' && rules.select(count) === 'one' ? text.one : text.other;
}

/** Fills `{{name}}` placeholders; a parameter that is missing reads "…" rather than failing. */
export function formatMessage(text: MessageText, params: MessageParams, locale: Locale): string {
  return pluralForm(text, params.count, locale).replace(/\{\{(\w+)\}\}/g, (_hole, name: string) => {
    const value = params[name];
    if (value === undefined) return '…';
    if (typeof value === 'string') return value;
    return name.endsWith('Cents') ? formatMoney(value, typeof params.currency === 'string' ? params.currency : 'EUR', locale) : formatNumber(value, locale);
  });
}

type Holes<S> = S extends `${string}{{${infer P}}}${infer R}` ? P | Holes<R> : never;
type TextHoles<T> = T extends string ? Holes<T> : T extends { one: infer O; other: infer X } ? Holes<O> | Holes<X> : never;

type HolesOf<M extends LocalizedMessage> = TextHoles<M['fr']> | TextHoles<M['en']>;

/** The parameters a catalogue entry needs: one per placeholder of its French or English text, and the `currency` of its amounts when it has some (else euros). */
export type ParamsOfMessage<M extends LocalizedMessage> = { [K in HolesOf<M>]: MessageParam } & ([Extract<HolesOf<M>, `${string}Cents`>] extends [never] ? unknown : { currency?: string });
