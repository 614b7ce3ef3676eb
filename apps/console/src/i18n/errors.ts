import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useMessage } from './messages.ts';

/** Turns any error into a sentence in the current language: an API error's code from the catalogue, else the console's own words. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const message = useMessage();
  return (error: unknown) => {
    if (!(error instanceof ApiError)) return t('errors.unexpected');
    if (error.code === 'network_error') return t('errors.network_error');
    return message(error);
  };
}
