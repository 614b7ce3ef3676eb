import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Member } from '@preau/contracts';
import { useRemoveMember } from '../../../api/members.ts';
import { useErrorText } from '../../../i18n/errors.ts';

/** Confirmation before removing a member; the server's refusal stays inside the dialog. */
export function RemoveMemberDialog({ orgId, member, onClose, onRemoved }: { orgId: string; member: Member; onClose: () => void; onRemoved: () => void }) {
  const { t } = useTranslation();
  const remove = useRemoveMember(orgId);
  const errorText = useErrorText();
  return (
    <Modal opened onClose={onClose} returnFocus={false} title={t('removeDialog.title')}>
      <Stack>
        <Text>{t('removeDialog.text', { name: member.name, email: member.email })}</Text>
        {remove.isError && <Alert color="red" role="alert">{errorText(remove.error)}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(member.id, { onSuccess: onRemoved })}>
            {t('removeDialog.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
