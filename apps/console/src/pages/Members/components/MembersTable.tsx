import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { ActionIcon, Menu, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconDots, IconKey, IconUserCog, IconUserMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { can, type Member, type Organization } from '@preau/contracts';
import { useSignedInMe } from '../../../api/me.ts';
import { MenuItemLink } from '../../../components/links.tsx';
import { RoleBadge } from '../../../components/RoleBadge.tsx';
import { BillingSwitches } from './BillingSwitches.tsx';
import { ChangeRoleDialog } from './ChangeRoleDialog.tsx';
import { RemoveMemberDialog } from './RemoveMemberDialog.tsx';

type Dialog = { kind: 'role' | 'remove'; member: Member } | null;

/** Table of members: name, e-mail, role badge, billing switches for collaborators, actions for managers. */
export function MembersTable({ organization, members }: { organization: Organization; members: Member[] }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const [dialog, setDialog] = useState<Dialog>(null);
  const orgId = organization.id;
  const mayChangeRoles = can(organization, 'members.update');
  const mayRemove = can(organization, 'members.remove');
  const mayReadAccess = can(organization, 'members.access.read');
  const hasActions = mayChangeRoles || mayRemove || mayReadAccess;
  // The dialogs open from a menu item that is gone once they close: give focus back to the row's
  // actions button, or to the list title when the member was removed. The dialog is taken down and
  // the focus moved at once (flushSync), never in a later frame: by then the person may have moved on
  // to another control, whose focus a deferred move would steal.
  const triggers = useRef(new Map<string, HTMLButtonElement>());
  const title = useRef<HTMLHeadingElement>(null);
  const closeDialog = (removed = false) => {
    const trigger = removed || !dialog ? undefined : triggers.current.get(dialog.member.id);
    flushSync(() => setDialog(null));
    (trigger?.isConnected ? trigger : title.current)?.focus();
  };

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm" ref={title} tabIndex={-1}>{t('members.listTitle', { count: members.length })}</Title>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('fields.name')}</Table.Th>
              <Table.Th>{t('fields.email')}</Table.Th>
              <Table.Th>{t('fields.role')}</Table.Th>
              <Table.Th>{t('members.billing')}</Table.Th>
              {hasActions && <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => (
              <Table.Tr key={member.id} data-member-email={member.email}>
                <Table.Td>{member.name}{member.userId === me.id && <Text span c="dimmed" size="sm"> ({t('members.you')})</Text>}</Table.Td>
                <Table.Td>{member.email}</Table.Td>
                <Table.Td><RoleBadge role={member.role} /></Table.Td>
                <Table.Td>
                  {member.role === 'collaborator'
                    ? <BillingSwitches orgId={orgId} member={member} editable={mayChangeRoles} />
                    : <Text size="sm" c="dimmed">{member.role === 'external' ? t('members.noBilling') : t('members.allBilling')}</Text>}
                </Table.Td>
                {hasActions && (
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('members.actionsFor', { name: member.name })}
                          ref={(element: HTMLButtonElement | null) => {
                            if (element) triggers.current.set(member.id, element);
                          }}>
                          <IconDots size={18} aria-hidden />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {mayReadAccess && (
                          <MenuItemLink to="/organizations/$orgId/members/$memberId/access" params={{ orgId, memberId: member.id }}
                            leftSection={<IconKey size={16} aria-hidden />}>
                            {t('members.access')}
                          </MenuItemLink>
                        )}
                        {mayChangeRoles && (
                          <Menu.Item leftSection={<IconUserCog size={16} aria-hidden />} onClick={() => setDialog({ kind: 'role', member })}>
                            {t('members.changeRole')}
                          </Menu.Item>
                        )}
                        {mayRemove && (
                          <Menu.Item color="red" leftSection={<IconUserMinus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'remove', member })}>
                            {t('members.remove')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {dialog?.kind === 'role' && <ChangeRoleDialog organization={organization} member={dialog.member} onClose={() => closeDialog()} />}
      {dialog?.kind === 'remove' && (
        <RemoveMemberDialog orgId={orgId} member={dialog.member} onClose={() => closeDialog()} onRemoved={() => closeDialog(true)} />
      )}
    </Paper>
  );
}
