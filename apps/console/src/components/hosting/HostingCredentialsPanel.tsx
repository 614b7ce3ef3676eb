import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSendHostingCredentials } from '../../api/hosting.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { FormAlert } from '../FormAlert.tsx';
import { AnchorLink } from '../links.tsx';

/**
 * "Send me my hosting credentials" from the organisation or from a base, and, for legal owners
 * (`resetOrgId`), the reset: a new hosting password and the hosting number go by SMS to the legal
 * owners; the previous password stops working.
 */
export function HostingCredentialsPanel({ target, resetOrgId }: { target: { orgId: string } | { baseId: string }; resetOrgId?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const send = useSendHostingCredentials();
  const resetting = send.variables !== undefined && 'reset' in send.variables;

  return (
    <Paper withBorder p="lg">
      <Stack>
        <Title order={2} size="h4">{t('hosting.credentialsTitle')}</Title>
        <Text size="sm">{t('hosting.credentialsIntro')}</Text>
        <Alert color="yellow">{t('hosting.oldPasswordStops')}</Alert>
        {send.data && <Alert color="teal" role="status">{t('hosting.sent', { numbers: send.data.sentTo.join(', ') })}</Alert>}
        <FormAlert message={send.error ? errorText(send.error) : null} />
        <Group>
          <Button onClick={() => send.mutate(target)} loading={send.isPending && !resetting}>{t('hosting.sendCredentials')}</Button>
          {resetOrgId !== undefined && (
            <Button variant="light" color="red" onClick={() => send.mutate({ orgId: resetOrgId, reset: true })} loading={send.isPending && resetting}>
              {t('hosting.resetPassword')}
            </Button>
          )}
        </Group>
        <Text size="sm">
          <AnchorLink to="/hebergement">{t('hosting.consoleLink')}</AnchorLink>
        </Text>
      </Stack>
    </Paper>
  );
}
