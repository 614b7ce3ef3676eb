import { Alert, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { BILAN_KINDS, type BilanKind } from '@preau/contracts';
import { isImportRunning, useImportSynthesis } from '../../api/lsu-imports.ts';
import { AnchorLink } from '../../components/links.tsx';
import { ImportProgress } from '../../components/imports/ImportProgress.tsx';
import { StatusPills } from '../../components/imports/StatusPills.tsx';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { BilansPanel } from './components/BilansPanel.tsx';
import { FileIssues } from './components/FileIssues.tsx';
import { ImportFacts } from './components/ImportFacts.tsx';
import { ImportNotices } from './components/ImportNotices.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import type { SynthesisSearch } from './synthesis-search.ts';
import { useBase } from '../../app/base-scope.tsx';
import { BaseBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';

/** Synthesis of one import: what it was, counts per kind, then a tab per kind listing each bilan; or the file's errors. */
export function ImportSynthesisPage() {
  const { t } = useTranslation();
  const { baseId, importId } = useParams({ from: '/app/bases/$baseId/imports/$importId' });
  const search = useSearch({ from: '/app/bases/$baseId/imports/$importId' });
  const navigate = useNavigate({ from: '/bases/$baseId/imports/$importId' });
  const synthesis = useImportSynthesis(importId);
  const errorText = useErrorText();
  const base = useBase();
  usePageTitle(synthesis.data?.import.fileName ?? t('imports.title'), base.name);
  const back = (
    <AnchorLink to="/bases/$baseId/imports" params={{ baseId }} size="sm">
      <Group gap={4} component="span"><IconArrowLeft size={16} aria-hidden />{t('imports.synthesis.back')}</Group>
    </AnchorLink>
  );

  if (synthesis.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!synthesis.data) return <Stack>{back}<Alert color="red" role="alert">{errorText(synthesis.error)}</Alert></Stack>;
  const { import: item, errors, errorCount } = synthesis.data;
  const kind = search.kind ?? 'periodic';
  const onSearch = (k: BilanKind) => (next: Omit<SynthesisSearch, 'kind'>, options: { replace: boolean }) =>
    void navigate({ search: { kind: k, ...next }, replace: options.replace });

  return (
    <Stack>
      {back}
      <BaseBreadcrumbs current={item.fileName}
        trail={[<AnchorLink key="imports" to="/bases/$baseId/imports" params={{ baseId }} search={{}} size="sm">{t('imports.title')}</AnchorLink>]} />
      <BaseContext />
      <Title order={1} mt={-12}>{t('imports.synthesis.title', { name: item.fileName })}</Title>
      <ImportFacts item={item} />
      {isImportRunning(item) && <ImportProgress item={item} />}
      {(item.state === 'error' || item.state === 'failed') && <FileIssues state={item.state} issues={errors} total={errorCount} />}
      {item.state === 'done' && errors.length > 0 && <ImportNotices notices={errors} />}
      {item.state === 'done' && (
        <Tabs value={kind} keepMounted={false}
          onChange={(value) => { if (value) void navigate({ search: { kind: value as BilanKind, class: search.class, search: search.search }, replace: true }); }}>
          <Tabs.List>
            {BILAN_KINDS.map((k) => (
              <Tabs.Tab key={k} value={k} rightSection={<StatusPills counts={item[k]} label={t(`imports.kind.${k}`)} />}>
                {t(`imports.kind.${k}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {BILAN_KINDS.map((k) => (
            <Tabs.Panel key={k} value={k} pt="md">
              <BilansPanel baseId={baseId} importId={importId} kind={k} counts={item[k]} classes={item.classes} search={search}
                onSearch={onSearch(k)} />
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
      {item.state === 'done' && item.periodic.success + item.periodic.alert + item.periodic.rejected + item.cycle.success + item.cycle.alert + item.cycle.rejected === 0 && (
        <Text c="dimmed">{t('imports.synthesis.noBilans')}</Text>
      )}
    </Stack>
  );
}
