import { Alert, Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { useImportHistory } from '../../api/lsu-imports.ts';
import { useBase } from '../../app/base-scope.tsx';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { ImportHistoryTable } from './components/ImportHistoryTable.tsx';
import { ImportUpload } from './components/ImportUpload.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { BaseBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';

/** Page "Import" of a base: send an LSU file, then follow the history of the school year's imports. */
export function ImportsPage() {
  const { t } = useTranslation();
  const { baseId } = useParams({ from: '/app/bases/$baseId/imports' });
  const { year } = useSearch({ from: '/app/bases/$baseId/imports' });
  const navigate = useNavigate({ from: '/bases/$baseId/imports' });
  const history = useImportHistory(baseId, year);
  const base = useBase();
  usePageTitle(t('imports.title'), base.name);
  const errorText = useErrorText();

  return (
    <Stack>
      <BaseBreadcrumbs current={t('imports.title')} />
      <BaseContext />
      <Title order={1} mt={-12}>{t('imports.title')}</Title>
      {can(base, 'lsuImports.create') && <ImportUpload baseId={baseId} />}
      <Paper withBorder p="md" component="section" aria-labelledby="import-history-title">
        <Group justify="space-between" align="flex-end" mb="sm">
          <Title order={2} size="h4" id="import-history-title">{t('imports.history.title')}</Title>
          {history.data && (
            <Select
              label={t('imports.history.year')}
              data={history.data.years.includes(history.data.schoolYear) ? history.data.years : [history.data.schoolYear, ...history.data.years]}
              value={history.data.schoolYear}
              onChange={(value) => { if (value) void navigate({ search: { year: value } }); }}
              allowDeselect={false}
              w={180}
            />
          )}
        </Group>
        {history.isPending && <Loader aria-label={t('common.loading')} />}
        {history.isError && <Alert color="red" role="alert">{errorText(history.error)}</Alert>}
        {history.data && history.data.items.length === 0 && (
          <Text c="dimmed">{t('imports.history.empty', { year: history.data.schoolYear })}</Text>
        )}
        {history.data && history.data.items.length > 0 && <ImportHistoryTable baseId={baseId} items={history.data.items} />}
      </Paper>
    </Stack>
  );
}
