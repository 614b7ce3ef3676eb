import { useRef, useState } from 'react';
import { ActionIcon, Menu, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconDots, IconUserCog, IconUserMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Member, Role } from '@preau/contracts';
import { useSignedInMe } from '../../../api/me.ts';
import { RoleBadge } from '../../../components/RoleBadge.tsx';
import { BillingSwitches } from './BillingSwitches.tsx';
import { ChangeRoleDialog } from './ChangeRoleDialog.tsx';
import { RemoveMemberDialog } from './RemoveMemberDialog.tsx';

type Dialog = { kind: 'role' | 'remove'; member: Member } | null;

/** Table of members: name, e-mail, role badge, billing switches for collaborators, actions for managers. */
export function MembersTable({ orgId, members, myRole }: { orgId: string; members: Member[]; myRole: Role }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const [dialog, setDialog] = useState<Dialog>(null);
  const manager = myRole === 'owner' || myRole === 'admin';
  // The dialogs open from a menu item that is gone once they close: give focus back to the row's
  // actions button, or to the list title when the row itself was removed.
  const triggers = useRef(new Map<string, HTMLButtonElement>());
  const title = useRef<HTMLHeadingElement>(null);
  const closeDialog = () => {
    const memberId = dialog?.member.id;
    setDialog(null);
    requestAnimationFrame(() => {
      const trigger = memberId === undefined ? undefined : triggers.current.get(memberId);
      (trigger?.isConnected ? trigger : title.current)?.focus();
    });
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
              {manager && <Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th>}
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
                    ? <BillingSwitches orgId={orgId} member={member} editable={manager} />
                    : <Text size="sm" c="dimmed">{member.role === 'external' ? t('members.noBilling') : t('members.allBilling')}</Text>}
                </Table.Td>
                {manager && (
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
                        <Menu.Item leftSection={<IconUserCog size={16} aria-hidden />} onClick={() => setDialog({ kind: 'role', member })}>
                          {t('members.changeRole')}
                        </Menu.Item>
                        <Menu.Item color="red" leftSection={<IconUserMinus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'remove', member })}>
                          {t('members.remove')}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {dialog?.kind === 'role' && <ChangeRoleDialog orgId={orgId} member={dialog.member} myRole={myRole} onClose={closeDialog} />}
      {dialog?.kind === 'remove' && <RemoveMemberDialog orgId={orgId} member={dialog.member} onClose={closeDialog} />}
    </Paper>
  );
}
