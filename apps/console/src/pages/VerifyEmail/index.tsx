import { Alert, Loader, Stack, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { verifyEmail } from '../../api/auth.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { AnchorLink } from '../../components/links.tsx';

/**
 * Landing page of the verification e-mail. The server either redirects here after checking the
 * token (`?error=` on failure) or the link carries `?token=` and this page checks it.
 */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const { token, error } = useSearch({ from: '/public/verify-email' });
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const check = useQuery({ queryKey: ['verify-email', token], queryFn: () => verifyEmail(token ?? ''), enabled: token !== undefined, retry: false });
  // The profile cached before (emailVerified: false) would keep the banner up.
  useEffect(() => {
    if (check.isSuccess) void queryClient.invalidateQueries({ queryKey: ['me'] });
  }, [check.isSuccess, queryClient]);

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
