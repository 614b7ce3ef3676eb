import { Stack } from '@mantine/core';
import { IconBuilding, IconHistory, IconReceipt, IconReceiptEuro, IconFileCode, IconFileImport, IconHeadset, IconHome, IconKey, IconMail, IconSchool, IconShieldLock, IconSitemap, IconUser, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { can } from '@preau/contracts';
import { NavLinkLink } from '../links.tsx';
import { useTranslation } from 'react-i18next';
import { baseQuery } from '../../api/bases.ts';
import { useMe } from '../../api/me.ts';
import { useOutbox, useSmsOutbox } from '../../api/outbox.ts';
import { useCurrentOrganization } from './current-organization.ts';

/** Side navigation: the current organisation's pages, then my own. */
export function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { current } = useCurrentOrganization();
  const { data: me } = useMe();
  // The outboxes exist without SMTP (mail) or SMS_URL (texts) only, and only operators may read them.
  const outbox = useOutbox(me?.isOperator === true);
  const smsOutbox = useSmsOutbox(me?.isOperator === true);
  const active = { 'data-active': true } as const;
  const { baseId } = useParams({ strict: false });
  // The base's own pages load it; the navigation reads the same cached answer for its capabilities.
  const { data: base } = useQuery({ ...baseQuery(baseId ?? ''), enabled: baseId !== undefined });
  return (
    <Stack gap={4} component="nav">
      {current && (
        <>
          <NavLinkLink to="/organizations/$orgId/home" params={{ orgId: current.id }} activeProps={active}
            label={t('nav.home')} leftSection={<IconHome size={18} aria-hidden />} onClick={onNavigate} />
          <NavLinkLink to="/organizations/$orgId" params={{ orgId: current.id }} activeOptions={{ exact: true }} activeProps={active}
            label={t('nav.organization')} leftSection={<IconBuilding size={18} aria-hidden />} onClick={onNavigate} />
          <NavLinkLink to="/organizations/$orgId/members" params={{ orgId: current.id }} activeProps={active}
            label={t('nav.members')} leftSection={<IconUsers size={18} aria-hidden />} onClick={onNavigate} />
          {can(current, 'teams.list') && (
            <NavLinkLink to="/organizations/$orgId/teams" params={{ orgId: current.id }} activeProps={active}
              label={t('nav.teams')} leftSection={<IconUsersGroup size={18} aria-hidden />} onClick={onNavigate} />
          )}
          <NavLinkLink to="/organizations/$orgId/bases" params={{ orgId: current.id }} activeProps={active}
            label={t('nav.bases')} leftSection={<IconSchool size={18} aria-hidden />} onClick={onNavigate} />
          {can(current, 'billing.read') && (
            <NavLinkLink to="/organizations/$orgId/billing" params={{ orgId: current.id }} activeProps={active}
              label={t('nav.billing')} leftSection={<IconReceipt size={18} aria-hidden />} onClick={onNavigate} />
          )}
          {can(current, 'audit.read') && (
            <NavLinkLink to="/organizations/$orgId/audit" params={{ orgId: current.id }} activeProps={active}
              label={t('nav.audit')} leftSection={<IconHistory size={18} aria-hidden />} onClick={onNavigate} />
          )}
        </>
      )}
      {baseId !== undefined && (
        <>
          <NavLinkLink to="/bases/$baseId" params={{ baseId }} activeOptions={{ exact: true }} activeProps={active}
            label={t('nav.base')} leftSection={<IconSchool size={18} aria-hidden />} onClick={onNavigate} />
          <NavLinkLink to="/bases/$baseId/structure" params={{ baseId }} activeProps={active}
            label={t('nav.structure')} leftSection={<IconSitemap size={18} aria-hidden />} onClick={onNavigate} />
          {can(base, 'lsuImports.read') && (
            <NavLinkLink to="/bases/$baseId/imports" params={{ baseId }} activeProps={active}
              label={t('nav.imports')} leftSection={<IconFileImport size={18} aria-hidden />} onClick={onNavigate} />
          )}
          {can(base, 'apiTokens.manage') && (
            <NavLinkLink to="/bases/$baseId/api-tokens" params={{ baseId }} activeProps={active}
              label={t('nav.apiTokens')} leftSection={<IconKey size={18} aria-hidden />} onClick={onNavigate} />
          )}
          {can(base, 'base.audit.read') && (
            <NavLinkLink to="/bases/$baseId/audit" params={{ baseId }} activeProps={active}
              label={t('nav.audit')} leftSection={<IconHistory size={18} aria-hidden />} onClick={onNavigate} />
          )}
        </>
      )}
      <NavLinkLink to="/invitations" activeProps={active} label={t('nav.invitations')} leftSection={<IconMail size={18} aria-hidden />} onClick={onNavigate} />
      <NavLinkLink to="/profile" activeProps={active} label={t('nav.profile')} leftSection={<IconUser size={18} aria-hidden />} onClick={onNavigate} />
      {me?.isOperator === true && (
        <>
          <NavLinkLink to="/operator/lsu-versions" activeProps={active} label={t('nav.lsuVersions')} leftSection={<IconFileCode size={18} aria-hidden />} onClick={onNavigate} />
          <NavLinkLink to="/operator/billing" activeProps={active} label={t('nav.operatorBilling')} leftSection={<IconReceiptEuro size={18} aria-hidden />} onClick={onNavigate} />
          <NavLinkLink to="/operator/support" activeProps={active} label={t('nav.operatorSupport')} leftSection={<IconHeadset size={18} aria-hidden />} onClick={onNavigate} />
          <NavLinkLink to="/operator/minors-data" activeProps={active} label={t('nav.operatorMinorsData')} leftSection={<IconShieldLock size={18} aria-hidden />} onClick={onNavigate} />
        </>
      )}
      {(outbox.isSuccess || smsOutbox.isSuccess) && (
        <NavLinkLink to="/dev/outbox" label={t('nav.outbox')} leftSection={<IconMail size={18} aria-hidden />} onClick={onNavigate} />
      )}
    </Stack>
  );
}
