import type { ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The product's confirmation before a destructive action: names what it acts on, focuses Cancel,
 * and keeps the server's refusal inside the dialog.
 */
export function ConfirmDialog({ title, children, confirmLabel, pending, error, onConfirm, onClose }: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        <Text>{children}</Text>
        {error !== null && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={pending} onClick={onConfirm}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
