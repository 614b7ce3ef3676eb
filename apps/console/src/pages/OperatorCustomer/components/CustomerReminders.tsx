import { Alert, Anchor, Badge, Button, Group, List, Loader, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomerReminders } from '../../../api/reminders.ts';
import { RunRemindersButton } from '../../../components/billing/RunRemindersButton.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** A customer's reminders, latest first: which invoice, step, when, each message's channel, recipient and outcome, and the code's validity (never the code). */
export function CustomerReminders({ orgId, onOpen }: { orgId: string; onOpen: (docId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const reminders = useCustomerReminders(orgId);
  const refresh = () => void reminders.refetch();
  return (
    <Stack>
      <RunRemindersButton onQueued={refresh} />
      {reminders.isPending && <Loader aria-label={t('common.loading')} />}
      {reminders.isError && <Alert color="red" role="alert">{errorText(reminders.error)}</Alert>}
      {reminders.data?.length === 0 && <Text c="dimmed">{t('operatorBilling.reminders.empty')}</Text>}
      {reminders.data && reminders.data.length > 0 && (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" aria-label={t('operatorBilling.reminders.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('operatorBilling.reminders.invoice')}</Table.Th>
                <Table.Th>{t('operatorBilling.reminders.step')}</Table.Th>
                <Table.Th>{t('operatorBilling.reminders.sentAt')}</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>{t('operatorBilling.reminders.amountDue')}</Table.Th>
                <Table.Th>{t('operatorBilling.reminders.messages')}</Table.Th>
                <Table.Th>{t('operatorBilling.reminders.code')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reminders.data.map((reminder) => (
                <Table.Tr key={reminder.id}>
                  <Table.Td><Anchor component="button" size="sm" style={{ whiteSpace: 'nowrap' }} onClick={() => onOpen(reminder.documentId)}>{reminder.documentNumber}</Anchor></Table.Td>
                  <Table.Td>{t('operatorBilling.reminders.stepLabel', { step: reminder.step, days: reminder.daysAfterDue })}</Table.Td>
                  <Table.Td>{format.date(reminder.sentAt)}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{format.money(reminder.amountDueCents, reminder.currency)}</Table.Td>
                  <Table.Td>
                    {reminder.messages.length === 0 ? <Text size="sm" c="dimmed">{t('operatorBilling.reminders.noMessage')}</Text> : (
                      <List size="sm" listStyleType="none" spacing={2}>
                        {reminder.messages.map((message, index) => (
                          <List.Item key={index}>
                            {t(`operatorBilling.reminders.channel.${message.channel}`)} · {message.recipient} · {t(`operatorBilling.reminders.state.${message.state}`)}
                          </List.Item>
                        ))}
                      </List>
                    )}
                    {reminder.delivery === 'pending' && <Badge mt={4} variant="light" color="yellow">{t('operatorBilling.reminders.delivery.pending')}</Badge>}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={reminder.codeState === 'expired' ? 'dimmed' : undefined}>
                      {t(`operatorBilling.reminders.codeState.${reminder.codeState}`, { date: format.date(reminder.codeExpiresAt) })}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {reminders.data && (
        <Group><Button variant="subtle" size="xs" onClick={refresh} loading={reminders.isFetching}>{t('operatorBilling.reminders.refresh')}</Button></Group>
      )}
    </Stack>
  );
}
