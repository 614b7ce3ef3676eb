import { Group, Text } from '@mantine/core';
import { IconCircleOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** "Import en erreur": the file was refused as a whole (or the import crashed), nothing was stored. */
export function ImportInError() {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" c="red.9">
      <IconCircleOff size={18} aria-hidden />
      <Text size="sm" fw={600}>{t('imports.inError')}</Text>
    </Group>
  );
}
