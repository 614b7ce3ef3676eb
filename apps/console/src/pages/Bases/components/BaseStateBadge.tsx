import { Badge } from '@mantine/core';
import type { BaseState } from '@preau/contracts';
import { useTranslation } from 'react-i18next';

const COLORS: Record<BaseState, string> = { empty: 'gray', loading: 'blue', in_service: 'green', stopped: 'red', archived: 'dark' };

/** A base's state as a coloured badge. */
export function BaseStateBadge({ state }: { state: BaseState }) {
  const { t } = useTranslation();
  return <Badge color={COLORS[state]} variant="light">{t(`baseStates.${state}`)}</Badge>;
}
