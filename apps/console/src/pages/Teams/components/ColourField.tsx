import { ColorSwatch, Group, Radio } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTeamColours } from './team-colours.ts';

/** The team's colour, picked among a few preset ones: a radio group, each radio a swatch named after its colour. */
export function ColourField({ value, onChange }: { value: string; onChange: (colour: string) => void }) {
  const { t } = useTranslation();
  const colours = useTeamColours();
  return (
    <Radio.Group label={t('teams.fields.colour')} value={value} onChange={onChange}>
      <Group gap="sm" mt={4}>
        {colours.map((colour) => (
          <Radio key={colour.value} value={colour.value} color={colour.value} aria-label={colour.label}
            label={<ColorSwatch color={colour.value} size={18} aria-hidden />} />
        ))}
      </Group>
    </Radio.Group>
  );
}
