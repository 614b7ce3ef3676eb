import type { ReactNode } from 'react';
import { Breadcrumbs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { organizationQuery } from '../api/organizations.ts';
import { useBase } from '../app/base-scope.tsx';
import { AnchorLink } from './links.tsx';

/**
 * Where a base's page sits: the organisation's home › its bases › the base › `trail` (links) › `current`
 * (the page itself, not a link).
 */
export function BaseBreadcrumbs({ trail = [], current }: { trail?: ReactNode[]; current?: string }) {
  const { t } = useTranslation();
  const base = useBase();
  const organization = useQuery(organizationQuery(base.organizationId));
  const orgId = base.organizationId;
  return (
    <nav aria-label={t('nav.breadcrumbs')}>
      <Breadcrumbs separator="›" fz="sm">
        <AnchorLink to="/organizations/$orgId/home" params={{ orgId }} size="sm">{organization.data?.name ?? t('nav.home')}</AnchorLink>
        <AnchorLink to="/organizations/$orgId/bases" params={{ orgId }} size="sm">{t('nav.bases')}</AnchorLink>
        {current === undefined && trail.length === 0 ? (
          <Text size="sm" aria-current="page">{base.name}</Text>
        ) : (
          <AnchorLink to="/bases/$baseId" params={{ baseId: base.id }} size="sm">{base.name}</AnchorLink>
        )}
        {trail}
        {current !== undefined && <Text size="sm" aria-current="page">{current}</Text>}
      </Breadcrumbs>
    </nav>
  );
}

/** Where an organisation's page sits: the organisation's home › `trail` (links) › `current` (the page itself). */
export function OrganizationBreadcrumbs({ orgId, orgName, trail = [], current }: { orgId: string; orgName: string; trail?: ReactNode[]; current: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.breadcrumbs')}>
      <Breadcrumbs separator="›" fz="sm">
        <AnchorLink to="/organizations/$orgId/home" params={{ orgId }} size="sm">{orgName}</AnchorLink>
        {trail}
        <Text size="sm" aria-current="page">{current}</Text>
      </Breadcrumbs>
    </nav>
  );
}

/** Where an operator's page sits: `trail` (links) › `current` (the page itself). */
export function OperatorBreadcrumbs({ trail = [], current }: { trail?: ReactNode[]; current: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.breadcrumbs')}>
      <Breadcrumbs separator="›" fz="sm">
        <Text size="sm">{t('nav.operator')}</Text>
        {trail}
        <Text size="sm" aria-current="page">{current}</Text>
      </Breadcrumbs>
    </nav>
  );
}
