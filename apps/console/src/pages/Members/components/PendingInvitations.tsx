import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '@preau/contracts';
import { useInvitationAction, useOrganizationInvitations } from '../../../api/invitations.ts';
import { RoleBadge } from '../../../components/RoleBadge.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** Pending invitations of the organisation, each with resend and cancel. */
export function PendingInvitations({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const invitations = useOrganizationInvitations(orgId);
  const action = useInvitationAction(orgId);
  const errorText = useErrorText();
  // Expired invitations stay listed: resending gives them a new expiry.
  const pending = (invitations.data ?? []).filter((i: Invitation) => i.status === 'pending' || i.status === 'expired');
  const format = useFormat();

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">{t('pending.title', { count: pending.length })}</Title>
      {invitations.isError && <Text c="red" role="alert">{errorText(invitations.error)}</Text>}
      {action.isError && <Text c="red" role="alert">{errorText(action.error)}</Text>}
      {pending.length === 0 ? (
        <Text size="sm" c="dimmed">{t('pending.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fields.email')}</Table.Th>
                <Table.Th>{t('fields.role')}</Table.Th>
                <Table.Th>{t('pending.expires')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pending.map((invitation) => (
                <Table.Tr key={invitation.id}>
                  <Table.Td>{invitation.email}</Table.Td>
                  <Table.Td><RoleBadge role={invitation.role} /></Table.Td>
                  <Table.Td>
                    {invitation.status === 'expired'
                      ? <Text span c="red" size="sm">{t('invitation.status.expired')}</Text>
                      : format.date(invitation.expiresAt)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Button size="xs" variant="light" disabled={action.isPending}
                        aria-label={t('pending.resendFor', { email: invitation.email })}
                        onClick={() => action.mutate({ id: invitation.id, action: 'resend' })}>{t('pending.resend')}</Button>
                      {invitation.status === 'pending' && <Button size="xs" variant="subtle" color="red" disabled={action.isPending}
                        aria-label={t('pending.cancelFor', { email: invitation.email })}
                        onClick={() => action.mutate({ id: invitation.id, action: 'cancel' })}>{t('pending.cancel')}</Button>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
