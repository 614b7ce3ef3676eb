import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** Turns any error into a sentence in the current language: a known code's text, else the server's message. */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      const key = `errors.${error.code}`;
      return i18n.exists(key) ? t(key) : error.message;
    }
    return t('errors.unexpected');
  };
}
