import { Alert, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProductAccessEntry } from '@preau/contracts';
import { RoleBadge } from '../RoleBadge.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { AccessSources } from './AccessSources.tsx';
import { useAccessLabels } from './access-labels.ts';

/** Who reaches one product (a base, billing): each person, their role, the right they hold and why. */
export function ProductAccessTable({ label, query }: {
  label: string;
  query: { isPending: boolean; data: ProductAccessEntry[] | undefined; error: unknown };
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const labels = useAccessLabels();
  if (query.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (!query.data) return <Alert color="red" role="alert">{errorText(query.error)}</Alert>;
  if (query.data.length === 0) return <Text size="sm" c="dimmed">{t('access.nobody')}</Text>;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.name')}</Table.Th>
            <Table.Th>{t('fields.email')}</Table.Th>
            <Table.Th>{t('fields.role')}</Table.Th>
            <Table.Th>{t('access.rightColumn')}</Table.Th>
            <Table.Th>{t('access.sourcesColumn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.data.map((entry) => (
            <Table.Tr key={entry.memberId} data-member-email={entry.email}>
              <Table.Td>{entry.name}</Table.Td>
              <Table.Td>{entry.email}</Table.Td>
              <Table.Td><RoleBadge role={entry.role} /></Table.Td>
              <Table.Td>{labels.right(entry.right)}</Table.Td>
              <Table.Td><AccessSources sources={entry.sources} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
