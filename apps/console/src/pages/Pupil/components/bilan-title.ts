import type { TFunction } from 'i18next';
import type { PupilBilan } from '@preau/contracts';

/** A bilan's title: its period (`Période 1/3`) or its cycle. */
export function bilanTitle(bilan: PupilBilan, t: TFunction): string {
  return bilan.kind === 'periodic'
    ? t('pupil.periodTitle', { index: bilan.periodIndex ?? '?', count: bilan.periodCount ?? '?' })
    : t('pupil.cycleTitle', { cycle: bilan.cycle ?? '?' });
}

/** The id of a bilan's card on the pupil page, the jump list's target. */
export const bilanAnchor = (bilan: Pick<PupilBilan, 'id'>): string => `bilan-${bilan.id}`;
