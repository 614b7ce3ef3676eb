import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@preau/contracts';
import fr from './fr.json';
import en from './en.json';

const LOCALE_KEY = 'preau.locale';

/** Locale stored in this browser, French by default. */
export function storedLocale(): Locale {
  return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'fr';
}

/** Switches the console's language and remembers it in this browser. */
export function applyLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

/** Starts i18next with the French and English texts. */
export function initI18n(): typeof i18n {
  const locale = storedLocale();
  document.documentElement.lang = locale;
  void i18n.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: locale,
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
  });
  return i18n;
}
