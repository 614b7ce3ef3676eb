import { Alert, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOutbox } from '../../api/outbox.ts';
import { AnchorLink } from '../../components/links.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { SmsOutboxSection } from './SmsOutboxSection.tsx';

/** Development outbox: e-mails, then texts, Préau wrote instead of sending them, newest first. */
export function OutboxPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('outbox.title'));
  const outbox = useOutbox();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const items = [...(outbox.data ?? [])].sort((a, b) => b.date.localeCompare(a.date));

  return (
    <Stack>
      <Title order={1}>{t('outbox.title')}</Title>
      <Text size="sm" c="dimmed">{t('outbox.intro')}</Text>
      {outbox.isPending && <Loader aria-label={t('common.loading')} />}
      {outbox.isError && <Alert color="gray" role="status">{t('outbox.unavailable')}</Alert>}
      {outbox.isSuccess && items.length === 0 && <Text c="dimmed">{t('outbox.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('outbox.date')}</Table.Th>
                <Table.Th>{t('outbox.to')}</Table.Th>
                <Table.Th>{t('outbox.subject')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((message) => (
                <Table.Tr key={message.id}>
                  <Table.Td>{time.format(new Date(message.date))}</Table.Td>
                  <Table.Td>{message.to}</Table.Td>
                  <Table.Td>
                    <AnchorLink to="/dev/outbox/$messageId" params={{ messageId: message.id }}>{message.subject}</AnchorLink>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <SmsOutboxSection />
      <AnchorLink to="/">{t('outbox.toConsole')}</AnchorLink>
    </Stack>
  );
}
