import { useTranslation } from 'react-i18next';
import { useBaseAccess } from '../../../api/teams.ts';
import { ProductAccessSection } from '../../../components/access/ProductAccessSection.tsx';

/** "Qui a accès": everyone who reaches the base, their profile, and why (role, direct grant, team). */
export function BaseAccess({ baseId }: { baseId: string }) {
  const { t } = useTranslation();
  return <ProductAccessSection id="base-access" title={t('access.baseTitle')} intro={t('access.baseIntro')} query={useBaseAccess(baseId)} />;
}
