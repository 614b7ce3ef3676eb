import { useEffect } from 'react';
import { AppShell, Burger, Group, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { useSignedInMe } from '../../api/me.ts';
import { applyLocale } from '../../i18n/index.ts';
import { LanguageSwitch } from '../LanguageSwitch.tsx';
import { MAIN_CONTENT_ID, SkipLink } from '../SkipLink.tsx';
import { useCurrentOrganization } from './current-organization.ts';
import { Navigation } from './Navigation.tsx';
import { OrganizationSwitcher } from './OrganizationSwitcher.tsx';
import { SearchBox } from './SearchBox.tsx';
import { UserMenu } from './UserMenu.tsx';
import { SupportBanner } from './SupportBanner.tsx';
import { VerifyEmailBanner } from './VerifyEmailBanner.tsx';

/** Frame of the signed-in pages: header (organisation, search, language, user menu), navigation, content. */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const { current } = useCurrentOrganization();
  const [navOpen, { toggle, close }] = useDisclosure(false);
  useEffect(() => applyLocale(me.locale), [me.locale]);

  return (
    <>
    <SkipLink />
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={navOpen} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Title order={3} component="p" visibleFrom="sm">Préau</Title>
            <OrganizationSwitcher />
          </Group>
          <Group gap="sm" wrap="nowrap">
            {current && can(current, 'search.read') && <SearchBox orgId={current.id} canOpenMemberAccess={can(current, 'members.access.read')} />}
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        <Navigation onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <SupportBanner />
        {!me.emailVerified && <VerifyEmailBanner email={me.email} />}
        <Outlet />
      </AppShell.Main>
    </AppShell>
    </>
  );
}
