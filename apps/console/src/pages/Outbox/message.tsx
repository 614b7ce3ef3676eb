import { Alert, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useOutboxMessage } from '../../api/outbox.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { LinkedText } from './LinkedText.tsx';
import { AnchorLink } from '../../components/links.tsx';

/** One e-mail of the development outbox: headers, then its text with clickable links. */
export function OutboxMessagePage() {
  const { t, i18n } = useTranslation();
  const { messageId } = useParams({ from: '/app/dev/outbox/$messageId' });
  const message = useOutboxMessage(messageId);
  const errorText = useErrorText();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeStyle: 'medium' });

  return (
    <Stack>
      <AnchorLink to="/dev/outbox" size="sm">{t('outbox.back')}</AnchorLink>
      {message.isPending && <Loader aria-label={t('common.loading')} />}
      {message.isError && <Alert color="red" role="alert">{errorText(message.error)}</Alert>}
      {message.data && (
        <>
          <Title order={1} size="h3">{message.data.subject}</Title>
          <Text size="sm">{t('outbox.to')} : {message.data.to}</Text>
          <Text size="sm" c="dimmed">{time.format(new Date(message.data.date))}</Text>
          <Paper withBorder p="md" bg="gray.0">
            <LinkedText text={message.data.text} />
          </Paper>
        </>
      )}
    </Stack>
  );
}
