import { Avatar, Menu, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconLogout, IconMail, IconUser } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../../api/auth.ts';
import { useSignedInMe } from '../../api/me.ts';
import { MenuItemLink } from '../links.tsx';

/** Initials of a name, for the avatar. */
function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((part) => part[0]?.toUpperCase() ?? '').join('');
}

/** Avatar menu: my profile, my invitations, sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Leave the signed-in pages before forgetting the profile they are built on.
  const leave = () =>
    signOut.mutate(undefined, {
      onSettled: async () => {
        await navigate({ to: '/sign-in', search: { redirect: undefined } });
        queryClient.clear();
      },
    });

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton>
          <Avatar color="teal" variant="filled" radius="xl" aria-hidden>{initials(me.name)}</Avatar>
          <VisuallyHidden>{t('userMenu.label', { name: me.name })}</VisuallyHidden>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.email}</Menu.Label>
        <MenuItemLink to="/profile" leftSection={<IconUser size={16} aria-hidden />}>{t('userMenu.profile')}</MenuItemLink>
        <MenuItemLink to="/invitations" leftSection={<IconMail size={16} aria-hidden />}>{t('userMenu.invitations')}</MenuItemLink>
        <Menu.Divider />
        <Menu.Item onClick={leave} leftSection={<IconLogout size={16} aria-hidden />}>{t('userMenu.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
