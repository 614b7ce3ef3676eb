import { SegmentedControl } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@preau/contracts';
import { meQuery, useUpdateMe } from '../api/me.ts';
import { applyLocale } from '../i18n/index.ts';

/** FR/EN switch; when signed in the choice is also saved on the profile. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const updateMe = useUpdateMe();
  const change = (value: string) => {
    const locale: Locale = value === 'en' ? 'en' : 'fr';
    applyLocale(locale);
    if (queryClient.getQueryData(meQuery.queryKey)) updateMe.mutate({ locale });
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={i18n.language === 'en' ? 'en' : 'fr'}
      onChange={change}
      data={[
        { value: 'fr', label: 'FR' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}
