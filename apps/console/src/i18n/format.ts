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
    /** A national code by its label; the code itself when no list holds it. */
    code: (kind: NomenclatureKind, code: string | undefined): string => nomenclatureLabel(kind, code, locale) ?? code ?? '',
  };
}
