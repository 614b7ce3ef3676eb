import { Alert, Badge, Stack, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AnnexEntry, AnnexReport } from '@preau/contracts';

const OUTCOME_COLOURS: Record<AnnexEntry['outcome'], string> = { attached: 'teal', already: 'gray', no_pupil: 'orange', no_class: 'orange', refused: 'red' };

/**
 * What became of each row of an annex file: a summary, then the rows (attached, already there, no pupil
 * or class matching, refused). `live`: the answer just received, announced to screen readers; otherwise a
 * report read again from the checklist, its table named by `label`.
 */
export function AnnexReportView({ report, live = false, label }: { report: AnnexReport; live?: boolean; label?: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Alert color={report.counts.unmatched + report.counts.refused > 0 ? 'orange' : 'teal'} {...(live ? { role: 'status' } : {})}>
        {t('hostingAnnexes.summary', { kind: t(`hostingAnnexes.kinds.${report.kind}`), base: `${report.base.name} (${report.base.uai}, ${report.base.schoolYear})`, ...report.counts })}
      </Alert>
      <Table.ScrollContainer minWidth={560} mah={420}>
        <Table aria-label={label ?? t('hostingAnnexes.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('hostingAnnexes.row')}</Table.Th>
              <Table.Th>{t('hostingAnnexes.fileName')}</Table.Th>
              <Table.Th>{t('hostingAnnexes.target')}</Table.Th>
              <Table.Th>{t('hostingAnnexes.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.entries.map((entry) => (
              <Table.Tr key={entry.row}>
                <Table.Td>{entry.row}</Table.Td>
                <Table.Td>{entry.fileName}</Table.Td>
                <Table.Td>{entry.target}</Table.Td>
                <Table.Td><Badge color={OUTCOME_COLOURS[entry.outcome]} variant="light">{t(`hostingAnnexes.outcomes.${entry.outcome}`)}</Badge></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
