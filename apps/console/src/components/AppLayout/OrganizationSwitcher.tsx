import { Button, Menu } from '@mantine/core';
import { IconBuildingCommunity, IconCheck, IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { rememberOrganization } from '../../api/organizations.ts';
import { useCurrentOrganization } from './current-organization.ts';
import { MenuItemLink } from '../links.tsx';

/** Header menu listing all my organisations; picking one switches without signing out. */
export function OrganizationSwitcher() {
  const { t } = useTranslation();
  const { current, all } = useCurrentOrganization();
  const onMembersPage = useRouterState({ select: (s) => s.location.pathname.endsWith('/members') });
  const target = onMembersPage ? '/organizations/$orgId/members' : '/organizations/$orgId';

  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="dark" maw="100%" rightSection={<IconChevronDown size={16} aria-hidden />} leftSection={<IconBuildingCommunity size={18} aria-hidden />}
          aria-label={t('orgSwitcher.label', { name: current?.name ?? t('orgSwitcher.none') })}>
          {current?.name ?? t('orgSwitcher.none')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('orgSwitcher.mine')}</Menu.Label>
        {all.map((organization) => (
          <MenuItemLink key={organization.id} to={target} params={{ orgId: organization.id }}
            onClick={() => rememberOrganization(organization.id)}
            rightSection={organization.id === current?.id ? <IconCheck size={16} aria-label={t('orgSwitcher.current')} /> : null}>
            {organization.name}
          </MenuItemLink>
        ))}
        <Menu.Divider />
        <MenuItemLink to="/organizations/new" leftSection={<IconPlus size={16} aria-hidden />}>
          {t('orgSwitcher.create')}
        </MenuItemLink>
      </Menu.Dropdown>
    </Menu>
  );
}
