import { Alert, Stack, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from './page-title.ts';

/** Shown instead of a page the caller's role does not open (the console hides its links; this is for a typed address). */
export function NotAllowed() {
  const { t } = useTranslation();
  usePageTitle(t('notAllowed.title'));
  return (
    <Stack>
      <Title order={1}>{t('notAllowed.title')}</Title>
      <Alert color="orange" icon={<IconLock aria-hidden />} role="alert">{t('notAllowed.text')}</Alert>
    </Stack>
  );
}
