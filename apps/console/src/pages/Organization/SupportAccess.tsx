import { useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SupportGrant, SupportGrantStatus } from '@preau/contracts';
import { useRevokeSupportGrant, useSupportGrants } from '../../api/support-access.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { useFormat } from '../../i18n/format.ts';
import { SupportActionsDrawer } from './SupportActionsDrawer.tsx';
import { SupportGrantForm } from './SupportGrantForm.tsx';

/** The access given to the provider's support: grant one, see them all (who granted, until when, first use, actions), revoke a running one. */
export function SupportAccess({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const format = useFormat();
  const grants = useSupportGrants(orgId);
  const revoke = useRevokeSupportGrant(orgId);
  const [open, setOpen] = useState<SupportGrant | null>(null);
  const status = (value: SupportGrantStatus) => {
    switch (value) {
      case 'active': return <Badge color="teal" variant="light">{t('supportAccess.statuses.active')}</Badge>;
      case 'ended': return <Badge color="gray" variant="light">{t('supportAccess.statuses.ended')}</Badge>;
      case 'revoked': return <Badge color="red" variant="light">{t('supportAccess.statuses.revoked')}</Badge>;
    }
  };
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="support-access" maw={1100}>
      <Title order={2} size="h4" id="support-access">{t('supportAccess.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('supportAccess.intro')}</Text>
      <SupportGrantForm orgId={orgId} />
      <Title order={3} size="h5" mt="lg" mb="xs">{t('supportAccess.listTitle')}</Title>
      <FormAlert message={revoke.isError ? errorText(revoke.error) : null} />
      {grants.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {grants.isError && <Alert color="red" role="alert">{errorText(grants.error)}</Alert>}
      {grants.data?.length === 0 && <Text size="sm" c="dimmed">{t('supportAccess.none')}</Text>}
      {grants.data && grants.data.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" aria-label={t('supportAccess.listTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th miw={130}>{t('supportAccess.status')}</Table.Th>
                <Table.Th>{t('supportAccess.reason')}</Table.Th>
                <Table.Th>{t('supportAccess.grantedBy')}</Table.Th>
                <Table.Th>{t('supportAccess.until')}</Table.Th>
                <Table.Th>{t('supportAccess.firstUse')}</Table.Th>
                <Table.Th ta="right">{t('supportAccess.actionCount')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {grants.data.map((grant) => (
                <Table.Tr key={grant.id} data-grant-id={grant.id}>
                  <Table.Td>
                    <Stack gap={4} align="flex-start" style={{ whiteSpace: 'nowrap' }}>
                      {status(grant.status)}
                      {grant.write
                        ? <Badge color="orange" variant="outline">{t('supportAccess.write')}</Badge>
                        : <Badge color="blue" variant="outline">{t('supportAccess.readOnly')}</Badge>}
                    </Stack>
                  </Table.Td>
                  <Table.Td>{grant.reason}</Table.Td>
                  <Table.Td>{grant.grantedBy}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {format.dateTime(grant.revokedAt ?? grant.endsAt)}
                    {grant.revokedBy !== null && <Text size="xs" c="dimmed">{t('supportAccess.revokedBy', { name: grant.revokedBy })}</Text>}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{grant.firstUsedAt === null ? t('supportAccess.notUsed') : format.dateTime(grant.firstUsedAt)}</Table.Td>
                  <Table.Td ta="right">{format.number(grant.actionCount)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => setOpen(grant)}
                        aria-label={t('supportAccess.seeActionsOf', { reason: grant.reason })}>{t('supportAccess.seeActions')}</Button>
                      {grant.status === 'active' && (
                        <Button size="xs" variant="subtle" color="red" loading={revoke.isPending && revoke.variables === grant.id}
                          aria-label={t('supportAccess.revokeOf', { reason: grant.reason })}
                          onClick={() => revoke.mutate(grant.id)}>{t('supportAccess.revoke')}</Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <SupportActionsDrawer orgId={orgId} grant={open} onClose={() => setOpen(null)} />
    </Paper>
  );
}
