import { Alert, Button, Code, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LsuSchemaChange, LsuVersionReview } from '@preau/contracts';
import { WarningText } from './WarningText.tsx';

/** How a change reads at a glance: added, removed or changed. */
function kindOf(change: LsuSchemaChange): 'added' | 'removed' | 'changed' {
  if (change.code.endsWith('.added')) return 'added';
  if (change.code.endsWith('.removed')) return 'removed';
  return 'changed';
}
/** Dark enough on white for small text at WCAG AA. */
const KIND_COLORS = { added: '#1b5e20', removed: '#b71c1c', changed: '#8a4b00' } as const;

/** A compiled schema before it is added: what changed against the previous version of its family, what to review, and the confirmation. */
export function SchemaReview({ review, onConfirm, confirming }: { review: LsuVersionReview; onConfirm: () => void; confirming: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" data-review={review.id}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {review.previousId
            ? t('lsuVersions.reviewTitle', { id: review.id, previous: review.previousId })
            : t('lsuVersions.reviewTitleFirst', { id: review.id })}
        </Title>
        <Text size="sm">{t('lsuVersions.reviewVersions', { family: t(`degrees.${review.family}`), versions: review.versions.join(', ') })}</Text>
        {review.previousId && review.changes.length === 0 && <Text size="sm">{t('lsuVersions.noChange')}</Text>}
        {review.changes.length > 0 && (
          <List size="sm" spacing={4} aria-label={t('lsuVersions.changesTitle')}>
            {review.changes.map((change, k) => {
              const kind = kindOf(change);
              return (
                <List.Item key={k} data-change={change.code}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Text span size="xs" fw={700} tt="uppercase" c={KIND_COLORS[kind]} style={{ flexShrink: 0, minWidth: '5rem' }}>{t(`lsuVersions.change.${kind}`)}</Text>
                    <Code style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{change.text}</Code>
                  </Group>
                </List.Item>
              );
            })}
          </List>
        )}
        {review.warnings.length > 0 && (
          <Stack gap={4}>
            <Title order={3} size="h5">{t('lsuVersions.warningsTitle')}</Title>
            {review.warnings.map((w, k) => <WarningText key={k} warning={w} />)}
          </Stack>
        )}
        {review.alreadyAdded
          ? <Alert color="gray" role="status">{t('lsuVersions.alreadyAdded', { id: review.id })}</Alert>
          : (
            <Group>
              <Button onClick={onConfirm} loading={confirming}>{t('lsuVersions.confirm', { id: review.id })}</Button>
              <Text size="xs" c="dimmed">{t('lsuVersions.confirmHint')}</Text>
            </Group>
          )}
      </Stack>
    </Paper>
  );
}
