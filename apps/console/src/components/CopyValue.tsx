import { ActionIcon, Code, CopyButton, Group, Tooltip, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A code to read out or paste elsewhere, with a button that copies it (and says so, also to screen readers). */
export function CopyValue({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const action = t('common.copyOf', { label });
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Group gap="xs" wrap="nowrap">
          <Code fz="md">{value}</Code>
          <Tooltip label={copied ? t('common.copied') : action} withArrow>
            <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={action}>
              <span aria-hidden>{copied ? '✓' : '⧉'}</span>
            </ActionIcon>
          </Tooltip>
          <VisuallyHidden role="status">{copied ? t('common.copied') : ''}</VisuallyHidden>
        </Group>
      )}
    </CopyButton>
  );
}
