import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/me.ts';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { OperatorBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { ActiveGrants } from './components/ActiveGrants.tsx';
import { CustomerSearch } from './components/CustomerSearch.tsx';

/** The operators' Support page: organisations that granted the support an access now (entered from here), and customers found by a code. */
export function OperatorSupportPage() {
  const { t } = useTranslation();
  usePageTitle(t('operatorSupport.title'));
  const { data: me } = useMe();
  if (me?.isOperator !== true) return <NotAllowed />;
  return (
    <Stack>
      <OperatorBreadcrumbs current={t('operatorSupport.title')} />
      <Title order={1}>{t('operatorSupport.title')}</Title>
      <Text size="sm" c="dimmed">{t('operatorSupport.intro')}</Text>
      <Paper withBorder p="md" component="section" aria-labelledby="support-grants">
        <Title order={2} size="h4" mb="sm" id="support-grants">{t('operatorSupport.grantsTitle')}</Title>
        <ActiveGrants />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="support-customers">
        <Title order={2} size="h4" mb="sm" id="support-customers">{t('operatorSupport.customersTitle')}</Title>
        <CustomerSearch />
      </Paper>
    </Stack>
  );
}
