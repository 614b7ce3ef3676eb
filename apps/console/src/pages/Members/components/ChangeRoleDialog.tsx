import { useState } from 'react';
import { Alert, Button, Group, List, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Member, Organization, Role } from '@preau/contracts';
import { useUpdateMember } from '../../../api/members.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { RoleBadge } from '../../../components/RoleBadge.tsx';
import { assignableRoles } from './assignable-roles.ts';

/** Dialog to change a member's role; explains the rules and shows the server's refusal inside. */
export function ChangeRoleDialog({ organization, member, onClose }: { organization: Organization; member: Member; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateMember(organization.id);
  const errorText = useErrorText();
  const [role, setRole] = useState<Role>(member.role);
  const roles = assignableRoles(organization);
  // A non-owner cannot grant "owner", but an owner being edited keeps the option visible.
  const options = roles.includes(member.role) ? roles : [member.role, ...roles];

  const save = () => {
    if (role === member.role) return onClose();
    update.mutate({ memberId: member.id, patch: { role } }, { onSuccess: onClose });
  };

  return (
    <Modal opened onClose={onClose} returnFocus={false} title={t('roleDialog.title', { name: member.name })} size="lg">
      <Stack>
        <Group gap="xs"><Text size="sm">{t('roleDialog.current')}</Text><RoleBadge role={member.role} /></Group>
        <NativeSelect label={t('roleDialog.newRole')} value={role} data-autofocus
          onChange={(event) => { update.reset(); setRole(event.currentTarget.value as Role); }}
          data={options.map((value) => ({ value, label: t(`roles.${value}`), disabled: !roles.includes(value) }))} />
        <Text size="sm" c="dimmed">{t(`roleDescriptions.${role}`)}</Text>
        <Alert variant="light" color="blue" role="note" title={t('roleDialog.rulesTitle')}>
          <List size="sm" spacing={2}>
            <List.Item>{t('roleDialog.ruleOwner')}</List.Item>
            <List.Item>{t('roleDialog.ruleLastOwner')}</List.Item>
            <List.Item>{t('roleDialog.ruleMail')}</List.Item>
          </List>
        </Alert>
        {update.isError && (
          <Alert color="red" icon={<IconAlertCircle aria-hidden />} title={t('roleDialog.refused')} role="alert">
            {errorText(update.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={save} loading={update.isPending}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
