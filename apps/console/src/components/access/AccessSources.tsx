import { Badge, ColorSwatch, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AccessSource } from '@preau/contracts';
import { useFormat } from '../../i18n/format.ts';
import { useAccessLabels } from './access-labels.ts';

/** Why someone reaches a product, one badge a reason: their role, the billing switch, a direct grant, a team (with its colour); end dates included. */
export function AccessSources({ sources }: { sources: { right: string; source: AccessSource }[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useAccessLabels();
  // With several reasons, each badge says which right it gives.
  const withRight = (text: string, right: string) => (sources.length > 1 ? t('access.sourceWithRight', { source: text, right: labels.right(right) }) : text);
  const until = (text: string, endsOn: string | null) => (endsOn === null ? text : t('access.until', { text, date: format.day(endsOn) }));
  return (
    <Group gap={6}>
      {sources.map(({ right, source }, index) => {
        switch (source.kind) {
          case 'role':
            return <Badge key={index} variant="light" color="gray">{withRight(t('access.source.role', { role: labels.role(source.role) }), right)}</Badge>;
          case 'billing_switch':
            return <Badge key={index} variant="light" color="gray">{withRight(t('access.source.billingSwitch'), right)}</Badge>;
          case 'direct':
            return <Badge key={index} variant="light" color="blue">{until(withRight(t('access.source.direct'), right), source.endsOn)}</Badge>;
          case 'team':
            return (
              <Badge key={index} variant="default" leftSection={<ColorSwatch color={source.colour} size={10} aria-hidden />} data-team-id={source.teamId}>
                {until(withRight(t('access.source.team', { name: source.teamName }), right), source.endsOn)}
              </Badge>
            );
        }
      })}
    </Group>
  );
}
