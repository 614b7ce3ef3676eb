import { useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { auditCsvUrl, useAuditLog, type AuditFilters, type AuditScope } from '../../api/audit.ts';
import { useBase } from '../../app/base-scope.tsx';
import { useOrganization } from '../../app/organization-scope.tsx';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { BaseBreadcrumbs, OrganizationBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { AuditFiltersBar } from './components/AuditFiltersBar.tsx';
import { AuditTable } from './components/AuditTable.tsx';
import { RetentionForm } from './components/RetentionForm.tsx';

/** The organisation's activity log: its managers read, filter and export it, and set how long it is kept. */
export function OrganizationAuditPage({ initial }: { initial: AuditFilters }) {
  const { t } = useTranslation();
  const organization = useOrganization();
  usePageTitle(t('audit.title'), organization.name);
  if (!can(organization, 'audit.read')) return <NotAllowed />;
  return (
    <Stack maw={1200}>
      <OrganizationBreadcrumbs orgId={organization.id} orgName={organization.name} current={t('audit.title')} />
      <Title order={1}>{t('audit.title')}</Title>
      <Text>{t('audit.intro')}</Text>
      {can(organization, 'audit.manage') && <RetentionForm orgId={organization.id} />}
      <AuditLog scope={{ kind: 'organization', id: organization.id }} initial={initial} />
    </Stack>
  );
}

/** A base's activity log, for its direction: what was changed and read in this base. */
export function BaseAuditPage({ initial }: { initial: AuditFilters }) {
  const { t } = useTranslation();
  const base = useBase();
  usePageTitle(t('audit.title'), base.name);
  if (!can(base, 'base.audit.read')) return <NotAllowed />;
  return (
    <Stack maw={1200}>
      <BaseBreadcrumbs current={t('audit.title')} />
      <BaseContext />
      <Title order={1} mt={-12}>{t('audit.title')}</Title>
      <Text>{t('audit.baseIntro')}</Text>
      <AuditLog scope={{ kind: 'base', id: base.id }} initial={initial} />
    </Stack>
  );
}

function AuditLog({ scope, initial }: { scope: AuditScope; initial: AuditFilters }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [filters, setFilters] = useState<AuditFilters>(initial);
  const log = useAuditLog(scope, filters);
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <AuditFiltersBar filters={filters} onChange={setFilters} />
      <Group>
        <Button component="a" href={auditCsvUrl(scope, filters)} download variant="default" leftSection={<IconFileSpreadsheet size={16} aria-hidden />}>
          {t('audit.csv')}
        </Button>
      </Group>
      {log.isPending && <Loader aria-label={t('common.loading')} />}
      {log.isError && <Alert color="red" role="alert">{errorText(log.error)}</Alert>}
      {log.isSuccess && entries.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
      {entries.length > 0 && <AuditTable entries={entries} />}
      {log.hasNextPage && (
        <Group>
          <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>{t('audit.more')}</Button>
        </Group>
      )}
    </Stack>
  );
}
