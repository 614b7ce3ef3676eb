import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PupilBilan } from '@preau/contracts';
import type { GuessedLabels } from '../../../api/lsu-imports.ts';
import { AnchorLink } from '../../../components/links.tsx';
import { formatDateTime } from '../../../components/imports/format.ts';
import { STATUS_BADGE_COLORS, STATUS_LABELS } from '../../../components/imports/StatusPills.tsx';
import { BilanMessageItem } from '../../../components/imports/BilanMessageItem.tsx';
import { BilanContent } from './BilanContent.tsx';
import { bilanAnchor, bilanTitle } from './bilan-title.ts';
import { contentOf } from './content-tree.ts';
import { contentLabels } from './labels.ts';
import { OtherContent } from './OtherContent.tsx';

/** One stored bilan: period or cycle, status and messages, the import it came from, then its content. */
export function BilanCard({ baseId, bilan, guessed }: { baseId: string; bilan: PupilBilan; guessed: GuessedLabels }) {
  const { t } = useTranslation();
  const labels = contentLabels(bilan.labels, guessed, t);
  // The alerts say what was not kept; the content shows it so, rather than as if it counted.
  const has = (code: string) => bilan.messages.some((m) => m.code === code || m.code.startsWith(`${code}.`));
  const ignored = { averages: has('assessment.averages_ignored'), positioning: has('assessment.positioning_ignored'), modalities: has('accompaniment.ignored') };
  const title = bilanTitle(bilan, t);
  return (
    <Paper withBorder p="md" component="article" aria-label={title} id={bilanAnchor(bilan)} tabIndex={-1} data-bilan-kind={bilan.kind}>
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
            {bilan.messages.map((m, k) => <BilanMessageItem key={k} baseId={baseId} message={m} />)}
          </List>
        )}
        <BilanContent content={contentOf(bilan)} labels={labels} ignored={ignored} />
        <OtherContent content={contentOf(bilan)} />
      </Stack>
    </Paper>
  );
}
