import { Badge, Group, Tooltip, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BILAN_STATUSES, type BilanStatus, type StatusCounts } from '@preau/contracts';
import { useFormat } from '../../i18n/format.ts';

/** Colour of each bilan status: green success, orange alert, red rejected (darker than Mantine's 9th shades, so white digits read at WCAG AA). */
export const STATUS_COLORS: Record<BilanStatus, string> = { success: '#1b5e20', alert: '#8a3c00', rejected: '#a61e1e' };

/** Colour of a status badge in lists (light variant: the text carries the colour). */
export const STATUS_BADGE_COLORS: Record<BilanStatus, string> = { success: 'green', alert: 'orange', rejected: 'red' };

/** Translation key of each bilan status's label ("Importé", "Importé avec alerte", "Rejeté"). */
export const STATUS_LABELS = { success: 'imports.status.success', alert: 'imports.status.alert', rejected: 'imports.status.rejected' } as const;

/** One status pill: the count on a coloured disc, its meaning for screen readers and on hover. */
export function StatusPill({ status, count }: { status: BilanStatus; count: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = t(`imports.pill.${status}`, { count });
  // The whole count, written the language's way (11 919), never cut nor padded.
  return (
    <Tooltip label={label} withArrow openDelay={200}>
      <Badge color={STATUS_COLORS[status]} variant="light" circle={count < 10} size="lg" fw={700} data-status={status} data-count={count}
        styles={{ root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible', textOverflow: 'clip' } }}>
        <span aria-hidden>{format.number(count)}</span>
        <VisuallyHidden>{label}</VisuallyHidden>
      </Badge>
    </Tooltip>
  );
}

/** The three pills of a kind of bilan (success, alert, rejected), as in the history and synthesis. */
export function StatusPills({ counts, label }: { counts: StatusCounts; label: string }) {
  return (
    <Group gap={6} wrap="nowrap" role="group" aria-label={label}>
      {BILAN_STATUSES.map((status) => <StatusPill key={status} status={status} count={counts[status]} />)}
    </Group>
  );
}
