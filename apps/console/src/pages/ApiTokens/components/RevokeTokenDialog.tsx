import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '@preau/contracts';
import { useRevokeApiToken } from '../../../api/api-tokens.ts';
import { useErrorText } from '../../../i18n/errors.ts';

/** Confirmation before revoking a token; the server's refusal stays inside the dialog. */
export function RevokeTokenDialog({ baseId, token, onClose }: { baseId: string; token: ApiToken; onClose: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeApiToken(baseId);
  const errorText = useErrorText();
  return (
    <Modal opened onClose={onClose} title={t('apiTokens.revokeTitle')}>
      <Stack>
        <Text>{t('apiTokens.revokeText', { name: token.name })}</Text>
        {revoke.isError && <Alert color="red" role="alert">{errorText(revoke.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(token.id, { onSuccess: onClose })}>
            {t('apiTokens.revokeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
