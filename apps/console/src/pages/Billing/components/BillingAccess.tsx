import { useTranslation } from 'react-i18next';
import { useBillingAccess } from '../../../api/teams.ts';
import { ProductAccessSection } from '../../../components/access/ProductAccessSection.tsx';

/** "Qui a accès à la facturation": everyone who reaches billing, their right, and why (role, billing switch, team). */
export function BillingAccess({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  return <ProductAccessSection id="billing-access" title={t('access.billingTitle')} intro={t('access.billingIntro')} query={useBillingAccess(orgId)} />;
}
