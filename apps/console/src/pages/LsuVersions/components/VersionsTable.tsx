import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LsuVersion } from '@preau/contracts';
import { formatDateTime } from '../../../components/imports/format.ts';
import { WarningText } from './WarningText.tsx';

/** The instance's LSU versions: built in, then added (when, compared with what, what to review). */
export function VersionsTable({ versions }: { versions: LsuVersion[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped aria-label={t('lsuVersions.listTitle')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('lsuVersions.version')}</Table.Th>
            <Table.Th>{t('lsuVersions.family')}</Table.Th>
            <Table.Th>{t('lsuVersions.origin')}</Table.Th>
            <Table.Th>{t('lsuVersions.review')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.id} data-version={v.id}>
              <Table.Td><Text size="sm" fw={600}>{v.versions.join(', ')}</Text><Text size="xs" c="dimmed">{v.id}</Text></Table.Td>
              <Table.Td>{t(`degrees.${v.family}`)}</Table.Td>
              <Table.Td>
                {v.builtIn
                  ? <Badge variant="light" color="gray">{t('lsuVersions.builtIn')}</Badge>
                  : <Text size="sm">{t('lsuVersions.addedOn', { date: formatDateTime(v.addedAt ?? '') })}</Text>}
              </Table.Td>
              <Table.Td>
                {!v.builtIn && (
                  <>
                    <Text size="sm">
                      {v.previousId ? t('lsuVersions.changesAgainst', { count: v.changes.length, previous: v.previousId }) : t('lsuVersions.firstOfFamily')}
                    </Text>
                    {v.warnings.map((w, k) => <WarningText key={k} warning={w} />)}
                  </>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
