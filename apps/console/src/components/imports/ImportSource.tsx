import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '@preau/contracts';

/** Type column: Manuel / Automatique, the editor in parentheses, then whether the solution is public or private. */
export function ImportSource({ item }: { item: Pick<ImportSummary, 'mode' | 'editor' | 'sourceKind'> }) {
  const { t } = useTranslation();
  const mode = t(`imports.mode.${item.mode}`);
  return (
    <Stack gap={0}>
      <Text size="sm">{item.editor ? `${mode} (${item.editor.toUpperCase()})` : mode}</Text>
      {item.sourceKind && <Text size="xs" c="dimmed">{t(`imports.sourceKind.${item.sourceKind}`)}</Text>}
    </Stack>
  );
}
