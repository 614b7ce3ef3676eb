import { Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const SHOWN = 6;

/** Classes concerned by an import; a long list is cut, the whole of it on hover. */
export function ClassList({ classes }: { classes: string[] }) {
  const { t } = useTranslation();
  if (classes.length <= SHOWN) return <Text size="sm">{classes.join(', ')}</Text>;
  const all = classes.join(', ');
  return (
    <Tooltip label={all} multiline maw={320} withArrow>
      <Text size="sm" aria-label={all}>
        {classes.slice(0, SHOWN).join(', ')} {t('imports.history.moreClasses', { count: classes.length - SHOWN })}
      </Text>
    </Tooltip>
  );
}
