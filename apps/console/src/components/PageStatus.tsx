import { Alert, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/errors.ts';

/** A page, or the organisation or base it is about, still loading. */
export function PageLoader() {
  const { t } = useTranslation();
  return <Loader aria-label={t('common.loading')} />;
}

/** What the server answered instead of the page's data (or any other error), in the console's language. */
export function PageError({ error }: { error: unknown }) {
  const errorText = useErrorText();
  return <Alert color="red" role="alert">{errorText(error)}</Alert>;
}
