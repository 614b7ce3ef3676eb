import { ActionIcon, Alert, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CreatedApiToken } from '@preau/contracts';

/** The new token in clear, shown once, with a copy button and the warning that it will not be shown again. */
export function NewTokenNotice({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('apiTokens.createdTitle', { name: token.name })} role="status">
      <Stack gap="sm">
        <Text size="sm" fw={600}>{t('apiTokens.onceWarning')}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="new-api-token">{token.token}</Code>
          <CopyButton value={token.token}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('apiTokens.copied') : t('apiTokens.copy')} withArrow>
                <ActionIcon variant="filled" color={copied ? 'green' : 'blue'} size="lg" onClick={copy}
                  aria-label={copied ? t('apiTokens.copied') : t('apiTokens.copy')}>
                  {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={onDone}>{t('apiTokens.done')}</Button>
        </Group>
      </Stack>
    </Alert>
  );
}
