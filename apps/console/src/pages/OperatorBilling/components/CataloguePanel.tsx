import { useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CatalogueItem } from '@preau/contracts';
import { useArchiveCatalogueItem, useCatalogue } from '../../../api/operator-billing.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { CatalogueItemDialog } from './CatalogueItemDialog.tsx';

/** What can be sold: list, add, edit, archive. */
export function CataloguePanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const catalogue = useCatalogue();
  const archive = useArchiveCatalogueItem();
  const [editing, setEditing] = useState<CatalogueItem | 'new' | null>(null);
  if (catalogue.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!catalogue.data) return <Alert color="red" role="alert">{errorText(catalogue.error)}</Alert>;
  return (
    <Stack>
      <Group><Button onClick={() => setEditing('new')}>{t('operatorBilling.catalogue.add')}</Button></Group>
      {archive.isError && <Alert color="red" role="alert">{errorText(archive.error)}</Alert>}
      {catalogue.data.length === 0 && <Text c="dimmed">{t('operatorBilling.catalogue.empty')}</Text>}
      {catalogue.data.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="sm" aria-label={t('operatorBilling.tabs.catalogue')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('operatorBilling.catalogue.code')}</Table.Th>
                <Table.Th>{t('operatorBilling.catalogue.label')}</Table.Th>
                <Table.Th>{t('operatorBilling.catalogue.kind')}</Table.Th>
                <Table.Th ta="right">{t('operatorBilling.catalogue.price')}</Table.Th>
                <Table.Th>{t('operatorBilling.catalogue.vatRate')}</Table.Th>
                <Table.Th>{t('operatorBilling.catalogue.period')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {catalogue.data.map((item) => (
                <Table.Tr key={item.id} data-catalogue-code={item.code}>
                  <Table.Td><Text size="sm" ff="monospace">{item.code}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.locale === 'en' ? item.labelEn : item.labelFr}</Text>
                    {item.archived && <Badge size="sm" color="gray" variant="light">{t('operatorBilling.catalogue.archived')}</Badge>}
                  </Table.Td>
                  <Table.Td>{t(`operatorBilling.catalogueKind.${item.kind}`)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{format.money(item.priceCents, item.currency)}</Table.Td>
                  <Table.Td>{format.vatRate(item.vatRateBp)}</Table.Td>
                  <Table.Td>{t(`billing.period.${item.period}`)}</Table.Td>
                  <Table.Td>
                    {!item.archived && (
                      <Group gap="xs" wrap="nowrap">
                        <Button size="xs" variant="light" onClick={() => setEditing(item)}
                          aria-label={t('operatorBilling.catalogue.editLabel', { code: item.code })}>{t('billing.addresses.editButton')}</Button>
                        <Button size="xs" variant="default" loading={archive.isPending && archive.variables === item.id} onClick={() => archive.mutate(item.id)}
                          aria-label={t('operatorBilling.catalogue.archiveLabel', { code: item.code })}>{t('billing.addresses.archive')}</Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing !== null && <CatalogueItemDialog item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
