import { Badge, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BilanKind, ImportedBilan } from '@preau/contracts';
import { AnchorLink } from '../../../components/links.tsx';
import { STATUS_BADGE_COLORS, STATUS_LABELS } from '../../../components/imports/StatusPills.tsx';
import { BilanMessageItem } from '../../../components/imports/BilanMessageItem.tsx';

/** The bilans of one page: pupil (link to the pupil page when known), class, period or cycle, status, messages. */
export function BilansTable({ baseId, kind, items }: { baseId: string; kind: BilanKind; items: ImportedBilan[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table verticalSpacing="sm" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('imports.bilan.pupil')}</Table.Th>
            <Table.Th>{t('imports.bilan.class')}</Table.Th>
            <Table.Th>{kind === 'periodic' ? t('imports.bilan.period') : t('imports.bilan.cycle')}</Table.Th>
            <Table.Th>{t('imports.bilan.status')}</Table.Th>
            <Table.Th>{t('imports.bilan.messages')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((bilan) => {
            const name = `${bilan.pupil.lastName.toUpperCase()} ${bilan.pupil.firstName}`;
            return (
              <Table.Tr key={bilan.id} data-bilan-status={bilan.status}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Stack gap={0}>
                    {bilan.pupil.pupilId
                      ? <AnchorLink to="/bases/$baseId/pupils/$pupilId" params={{ baseId, pupilId: bilan.pupil.pupilId }} size="sm">{name}</AnchorLink>
                      : <Text size="sm">{name}</Text>}
                    <Text size="xs" c="dimmed">{bilan.pupil.nationalId}</Text>
                  </Stack>
                </Table.Td>
                <Table.Td>{bilan.classCode}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{kind === 'periodic' ? bilan.period ?? '—' : bilan.cycle === null ? '—' : t('imports.bilan.cycleN', { n: bilan.cycle })}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge color={STATUS_BADGE_COLORS[bilan.status]} variant="light" styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>
                    {t(STATUS_LABELS[bilan.status])}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {bilan.messages.length === 0
                    ? <Text size="sm" c="dimmed">{t('imports.bilan.noMessage')}</Text>
                    : (
                      <List size="sm" spacing={4}>
                        {bilan.messages.map((m, k) => <BilanMessageItem key={k} baseId={baseId} message={m} />)}
                      </List>
                    )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
