/**
 * Numbers, dates and nomenclature codes as the console's current language writes them: one place,
 * so every page writes a date, a mark or a national code the same way.
 */
import { useTranslation } from 'react-i18next';
import { formatNumber, nomenclatureLabel, type Locale, type NomenclatureKind } from '@preau/contracts';

/** The catalogue's locale for an i18next language (French unless English). */
export function localeOf(language: string): Locale {
  return language === 'en' ? 'en' : 'fr';
}

const TAGS: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** A calendar date (YYYY-MM-DD) as DD/MM/YYYY, the one date format of the console's tables. */
export function formatDay(value: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(TAGS[locale], { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A timestamp's local calendar date as DD/MM/YYYY. */
export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(TAGS[locale], { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

/** A timestamp as a local date and time (DD/MM/YYYY HH:MM), for what is counted in hours. */
export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(TAGS[locale], { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** The exact decimal text of an amount in cents (`-1234` → `-12.34`), so no float ever holds the amount. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(cents))).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** An amount in integer cents as the locale writes money (`1 234,50 €`, `€1,234.50`). */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (!format) moneyFormats.set(key, (format = new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency })));
  // Intl formats a decimal string exactly (ECMA-402 reads it as a decimal, not as a float).
  return format.format(centsToDecimal(cents) as unknown as number);
}

/** A VAT rate in basis points as a percentage (`550` → `5,5 %`). */
export function formatVatRate(basisPoints: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale], { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

const BYTE_UNITS: Record<Locale, readonly string[]> = { fr: ['o', 'Ko', 'Mo', 'Go', 'To'], en: ['B', 'KB', 'MB', 'GB', 'TB'] };

/** Bytes in binary multiples, as file managers show them, with at most one decimal. */
export function formatBytes(value: number, locale: Locale): string {
  let unit = 0;
  let amount = value;
  while (amount >= 1024 && unit < BYTE_UNITS[locale].length - 1) {
    amount /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(amount);
  return `${number} ${BYTE_UNITS[locale][unit]}`;
}

/** Formatters bound to the console's current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  return {
    locale,
    /** A quantity or a mark ("14,7" in French); a text that is not a number is left as it is. */
    number: (value: number | string): string => {
      const n = typeof value === 'number' ? value : Number(value);
      return typeof value === 'string' && (value.trim() === '' || !Number.isFinite(n)) ? value : formatNumber(n, locale);
    },
    day: (value: string): string => formatDay(value, locale),
    /** A timestamp's date, in the same format as calendar dates. */
    date: (iso: string): string => formatDate(iso, locale),
    /** A timestamp's date and time (support accesses, their actions). */
    dateTime: (iso: string): string => formatDateTime(iso, locale),
    /** An amount in integer cents, with its currency. */
    money: (cents: number, currency = 'EUR'): string => formatMoney(cents, currency, locale),
    /** A VAT rate in basis points. */
    vatRate: (basisPoints: number): string => formatVatRate(basisPoints, locale),
    /** A number of bytes in the largest unit that keeps it above 1 (`1,5 Go`, `1.5 GB`). */
    bytes: (value: number): string => formatBytes(value, locale),
    /** A national code by its label; the code itself when no list holds it. */
    code: (kind: NomenclatureKind, code: string | undefined): string => nomenclatureLabel(kind, code, locale) ?? code ?? '',
  };
}
