import type { ReactNode } from 'react';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A part of a bilan Préau did not keep: struck through, followed by "non pris en compte". */
export function NotKept({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" data-not-kept>
      <Text span inherit td="line-through">{children}</Text>
      {` (${t('pupil.notKept')})`}
    </Text>
  );
}
