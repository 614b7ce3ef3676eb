import { useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingAddress } from '@preau/contracts';
import { ApiError } from '../../../api/client.ts';
import { useArchiveBillingAddress, useBillingAddresses, useDeleteBillingAddress } from '../../../api/billing.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { AddressDialog } from './AddressDialog.tsx';

/** The organisation's billing addresses: list, add, edit, archive, delete (or archive, once a document names it). */
export function AddressesPanel({ orgId, manage }: { orgId: string; manage: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const addresses = useBillingAddresses(orgId);
  const archive = useArchiveBillingAddress(orgId);
  const [editing, setEditing] = useState<BillingAddress | 'new' | null>(null);
  const [deleting, setDeleting] = useState<BillingAddress | null>(null);

  if (addresses.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!addresses.data) return <Alert color="red" role="alert">{errorText(addresses.error)}</Alert>;
  return (
    <Stack>
      {manage && <Group><Button onClick={() => setEditing('new')}>{t('billing.addresses.add')}</Button></Group>}
      {archive.isError && <Alert color="red" role="alert">{errorText(archive.error)}</Alert>}
      {addresses.data.length === 0 && <Text c="dimmed">{t('billing.addresses.empty')}</Text>}
      {addresses.data.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table verticalSpacing="sm" aria-label={t('billing.tabs.addresses')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing.addresses.name')}</Table.Th>
                <Table.Th>{t('billing.addresses.postal')}</Table.Th>
                <Table.Th>{t('billing.addresses.identifiers')}</Table.Th>
                <Table.Th>{t('billing.addresses.email')}</Table.Th>
                {manage && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {addresses.data.map((address) => (
                <Table.Tr key={address.id} data-address-id={address.id} c={address.archived ? 'dimmed' : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={500}>{address.name}</Text>
                    <Group gap={4}>
                      {address.isDefault && <Badge size="sm" variant="light">{t('billing.addresses.default')}</Badge>}
                      {address.archived && <Badge size="sm" color="gray" variant="light">{t('billing.addresses.archived')}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {address.address.lines.map((line, i) => <Text key={i} size="sm">{line}</Text>)}
                    <Text size="sm">{address.address.postalCode} {address.address.city} ({address.address.country})</Text>
                  </Table.Td>
                  <Table.Td>
                    {address.siret && <Text size="sm">{t('billing.addresses.siret')} {address.siret}</Text>}
                    {address.vatNumber && <Text size="sm">{t('billing.addresses.vatNumber')} {address.vatNumber}</Text>}
                    {address.serviceCode && <Text size="sm">{t('billing.addresses.serviceCode')} {address.serviceCode}</Text>}
                    {address.purchaseOrder && <Text size="sm">{t('billing.addresses.purchaseOrder')} {address.purchaseOrder}</Text>}
                  </Table.Td>
                  <Table.Td>{address.email ?? '—'}</Table.Td>
                  {manage && (
                    <Table.Td>
                      {!address.archived && (
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="light" onClick={() => setEditing(address)}
                            aria-label={t('billing.addresses.editLabel', { name: address.name })}>{t('billing.addresses.editButton')}</Button>
                          {/* The default address is never archived: another one becomes the default first. */}
                          {!address.isDefault && (
                            <Button size="xs" variant="default" loading={archive.isPending && archive.variables === address.id} onClick={() => archive.mutate(address.id)}
                              aria-label={t('billing.addresses.archiveLabel', { name: address.name })}>{t('billing.addresses.archive')}</Button>
                          )}
                          <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(address)}
                            aria-label={t('billing.addresses.deleteLabel', { name: address.name })}>{t('billing.addresses.delete')}</Button>
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing !== null && <AddressDialog orgId={orgId} address={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && <DeleteAddressDialog orgId={orgId} address={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}

/** Deleting asks first; an address an issued document names cannot be deleted: the dialog then offers to archive it. */
function DeleteAddressDialog({ orgId, address, onClose }: { orgId: string; address: BillingAddress; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const remove = useDeleteBillingAddress(orgId);
  const archive = useArchiveBillingAddress(orgId);
  const inUse = address.used || (remove.error instanceof ApiError && remove.error.code === 'billing_address.in_use');
  const failure = archive.isError ? archive.error : remove.isError && !inUse ? remove.error : null;
  return (
    <Modal opened onClose={onClose} title={t('billing.addresses.deleteTitle')}>
      <Stack>
        <Text>{inUse ? t('billing.addresses.inUse', { name: address.name }) : t('billing.addresses.deleteText', { name: address.name })}</Text>
        {inUse && address.isDefault && <Text size="sm">{t('billing.addresses.inUseDefault')}</Text>}
        {failure !== null && <Alert color="red" role="alert">{errorText(failure)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>{t('common.cancel')}</Button>
          {inUse && address.isDefault ? null : inUse
            ? <Button loading={archive.isPending} onClick={() => archive.mutate(address.id, { onSuccess: onClose })}>{t('billing.addresses.archive')}</Button>
            : <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(address.id, { onSuccess: onClose })}>{t('billing.addresses.delete')}</Button>}
        </Group>
      </Stack>
    </Modal>
  );
}
