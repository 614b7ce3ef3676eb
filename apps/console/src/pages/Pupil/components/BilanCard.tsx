import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PupilBilan } from '@preau/contracts';
import type { GuessedLabels } from '../../../api/lsu-imports.ts';
import { AnchorLink } from '../../../components/links.tsx';
import { formatDateTime } from '../../../components/imports/format.ts';
import { STATUS_BADGE_COLORS, STATUS_LABELS } from '../../../components/imports/StatusPills.tsx';
import { useMessage } from '../../../i18n/messages.ts';
import { BilanContent } from './BilanContent.tsx';
import { contentOf } from './content-tree.ts';
import { contentLabels } from './labels.ts';

/** One stored bilan: period or cycle, status and messages, the import it came from, then its content. */
export function BilanCard({ baseId, bilan, guessed }: { baseId: string; bilan: PupilBilan; guessed: GuessedLabels }) {
  const { t } = useTranslation();
  const message = useMessage();
  const labels = contentLabels(bilan.labels, guessed, t);
  const title = bilan.kind === 'periodic'
    ? t('pupil.periodTitle', { index: bilan.periodIndex ?? '?', count: bilan.periodCount ?? '?' })
    : t('pupil.cycleTitle', { cycle: bilan.cycle ?? '?' });
  return (
    <Paper withBorder p="md" component="article" aria-label={title} data-bilan-kind={bilan.kind}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3} size="h4">{title}</Title>
            <Text size="sm" c="dimmed">
              {t('pupil.class', { code: bilan.classCode })}{' · '}
              {t('pupil.fromImport')}{' '}
              <AnchorLink to="/bases/$baseId/imports/$importId" params={{ baseId, importId: bilan.import.id }} size="sm">
                {t('pupil.importLink', { date: formatDateTime(bilan.import.createdAt), name: bilan.import.fileName })}
              </AnchorLink>
              {' '}({t(`imports.mode.${bilan.import.mode}`)}{bilan.import.editor ? `, ${bilan.import.editor}` : ''})
            </Text>
          </Stack>
          <Badge color={STATUS_BADGE_COLORS[bilan.status]} variant="light">{t(STATUS_LABELS[bilan.status])}</Badge>
        </Group>
        {bilan.messages.length > 0 && (
          <List size="sm" spacing={2}>
            {bilan.messages.map((m, k) => <List.Item key={k} c={m.level === 'error' ? 'red.9' : 'orange.9'}>{message(m)}</List.Item>)}
          </List>
        )}
        <BilanContent content={contentOf(bilan)} labels={labels} />
      </Stack>
    </Paper>
  );
}
