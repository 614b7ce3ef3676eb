import { useMemo, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { createConsoleTheme } from './theme.ts';

/** Mantine with Préau's theme in the console's current language (rebuilt when the language changes). */
export function ConsoleMantine({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const toggle = t('fields.togglePassword');
  const close = t('common.close');
  const theme = useMemo(() => createConsoleTheme(toggle, close), [toggle, close]);
  return <MantineProvider theme={theme}>{children}</MantineProvider>;
}
