import { Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSmsOutbox } from '../../api/outbox.ts';

/** The texts Préau wrote to the development SMS outbox instead of sending them, newest first. */
export function SmsOutboxSection() {
  const { t, i18n } = useTranslation();
  const outbox = useSmsOutbox();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  // Without the SMS outbox (SMS_URL set), the section is not shown at all.
  if (outbox.isError) return null;
  const items = [...(outbox.data ?? [])].sort((a, b) => b.date.localeCompare(a.date));

  return (
    <Stack component="section" aria-labelledby="sms-outbox-title">
      <Title order={2} id="sms-outbox-title">{t('outbox.smsTitle')}</Title>
      <Text size="sm" c="dimmed">{t('outbox.smsIntro')}</Text>
      {outbox.isPending && <Loader aria-label={t('common.loading')} />}
      {outbox.isSuccess && items.length === 0 && <Text c="dimmed">{t('outbox.smsEmpty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('outbox.date')}</Table.Th>
                <Table.Th>{t('outbox.to')}</Table.Th>
                <Table.Th>{t('outbox.smsText')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((message) => (
                <Table.Tr key={message.id}>
                  <Table.Td>{time.format(new Date(message.date))}</Table.Td>
                  <Table.Td>{message.to}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{message.text}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
