import { useTranslation } from 'react-i18next';
import { isMessageCode, renderMessage } from '@preau/contracts';
import { ApiError } from '../api/client.ts';

/** Turns any error into a sentence in the current language: a known code's text, else the server's message. */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      const key = `errors.${error.code}`;
      if (i18n.exists(key)) return t(key);
      if (isMessageCode(error.code)) return renderMessage({ code: error.code }, i18n.language === 'en' ? 'en' : 'fr');
      return error.message;
    }
    return t('errors.unexpected');
  };
}
