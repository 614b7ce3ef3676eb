import type { TFunction } from 'i18next';

/** A file's size in kilobytes or megabytes, written by the console's number format ("1,5 Mo" in French). */
export function fileSize(bytes: number, number: (value: number) => string, t: TFunction): string {
  if (bytes < 1024 * 1024) return t('documents.sizeKb', { size: number(Math.max(1, Math.round(bytes / 1024))) });
  return t('documents.sizeMb', { size: number(Math.round((bytes / (1024 * 1024)) * 10) / 10) });
}

/** A timestamp's local time of day (HH:MM), beside its date. */
export function timeOfDay(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
