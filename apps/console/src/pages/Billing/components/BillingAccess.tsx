import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBillingAccess } from '../../../api/teams.ts';
import { ProductAccessTable } from '../../../components/access/ProductAccessTable.tsx';

/** "Qui a accès à la facturation": everyone who reaches billing, their right, and why (role, billing switch, team). */
export function BillingAccess({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const access = useBillingAccess(orgId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="billing-access">
      <Title order={2} size="h4" mb={4} id="billing-access">{t('access.billingTitle')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('access.billingIntro')}</Text>
      <ProductAccessTable label={t('access.billingTitle')} query={access} />
    </Paper>
  );
}
