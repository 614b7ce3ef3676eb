import { List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BilanMessage, StructureKind } from '@preau/contracts';
import { useMessage } from '../../i18n/messages.ts';
import { AnchorLink } from '../links.tsx';

/** The structure tab where the row a message says is missing is added. */
function missingFrom(code: string): StructureKind | undefined {
  if (code === 'pupil.unknown' || code === 'pupil.unknown.cycle') return 'pupils';
  if (code === 'class.unknown' || code === 'class.unknown.cycle') return 'classes';
  if (code === 'teacher.unknown' || code === 'teacher.unknown.cycle') return 'teachers';
  if (code === 'period.not_configured' || code === 'period.dates_differ') return 'periods';
  return undefined;
}

/** One bilan message, in its level's colour; a pupil, class, teacher or period missing from the base links to where to add it. */
export function BilanMessageItem({ baseId, message: m }: { baseId: string; message: BilanMessage }) {
  const { t } = useTranslation();
  const message = useMessage();
  const tab = missingFrom(m.code);
  return (
    <List.Item c={m.level === 'error' ? '#a61e1e' : '#8a3c00'} data-code={m.code}>
      {message(m)}
      {tab && (
        <>
          {' '}
          <AnchorLink to="/bases/$baseId/structure" params={{ baseId }} search={{ tab }} size="sm">{t(`imports.bilan.addMissing.${tab}`)}</AnchorLink>
        </>
      )}
    </List.Item>
  );
}
