import { Alert, Loader, Stack, Title } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useVerifyEmail } from '../../api/auth.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { AnchorLink } from '../../components/links.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/**
 * Landing page of the verification e-mail. The server either redirects here after checking the
 * token (`?error=` on failure) or the link carries `?token=` and this page checks it.
 */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t('verify.title'));
  const { token, error } = useSearch({ from: '/public/verify-email' });
  const errorText = useErrorText();
  const check = useVerifyEmail(token);

  let body;
  if (error !== undefined) body = <Alert color="red" role="alert">{t('verify.failed')}</Alert>;
  else if (token !== undefined && check.isPending) body = <Loader aria-label={t('common.loading')} />;
  else if (check.isError) body = <Alert color="red" role="alert">{errorText(check.error)}</Alert>;
  else body = <Alert color="teal" role="status">{t('verify.done')}</Alert>;

  return (
    <Stack>
      <Title order={1}>{t('verify.title')}</Title>
      {body}
      <AnchorLink to="/">{t('verify.continue')}</AnchorLink>
    </Stack>
  );
}
