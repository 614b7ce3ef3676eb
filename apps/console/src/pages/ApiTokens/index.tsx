import { useState } from 'react';
import { Alert, Code, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ApiToken, CreatedApiToken } from '@preau/contracts';
import { useApiTokens } from '../../api/api-tokens.ts';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { CreateTokenForm } from './components/CreateTokenForm.tsx';
import { NewTokenNotice } from './components/NewTokenNotice.tsx';
import { RevokeTokenDialog } from './components/RevokeTokenDialog.tsx';
import { TokensTable } from './components/TokensTable.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useBase } from '../../app/base-scope.tsx';
import { BaseBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';

/** API tokens of a base: the editor's software sends automatic imports with one of them. */
export function ApiTokensPage() {
  const { t } = useTranslation();
  const { baseId } = useParams({ from: '/app/bases/$baseId/api-tokens' });
  const tokens = useApiTokens(baseId);
  const errorText = useErrorText();
  const base = useBase();
  usePageTitle(t('apiTokens.title'), base.name);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  return (
    <Stack maw={960}>
      <BaseBreadcrumbs current={t('apiTokens.title')} />
      <BaseContext />
      <Title order={1} mt={-12}>{t('apiTokens.title')}</Title>
      <Text>{t('apiTokens.intro')}</Text>
      <Text size="sm" c="dimmed">
        {t('apiTokens.usage')} <Code>{`POST /api/bases/${baseId}/lsu-imports`}</Code>{' · '}<Code>Authorization: Bearer …</Code>
      </Text>
      {created && <NewTokenNotice token={created} onDone={() => setCreated(null)} />}
      <CreateTokenForm baseId={baseId} onCreated={setCreated} />
      <Paper withBorder p="md" component="section" aria-labelledby="api-tokens-list">
        <Title order={2} size="h4" mb="sm" id="api-tokens-list">{t('apiTokens.listTitle')}</Title>
        {tokens.isPending && <Loader aria-label={t('common.loading')} />}
        {tokens.isError && <Alert color="red" role="alert">{errorText(tokens.error)}</Alert>}
        {tokens.data && tokens.data.length === 0 && <Text c="dimmed">{t('apiTokens.empty')}</Text>}
        {tokens.data && tokens.data.length > 0 && <TokensTable tokens={tokens.data} onRevoke={setRevoking} />}
      </Paper>
      {revoking && <RevokeTokenDialog baseId={baseId} token={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}
