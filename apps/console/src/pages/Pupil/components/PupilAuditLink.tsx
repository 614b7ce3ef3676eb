import { useQuery } from '@tanstack/react-query';
import { can } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { organizationQuery } from '../../../api/organizations.ts';
import { useBase } from '../../../app/base-scope.tsx';
import { AnchorLink } from '../../../components/links.tsx';

/**
 * The activity log filtered on the pupil: the organisation's Journal for those who read it (legal
 * owners, administrators), else the base's for its direction; nothing for the others.
 */
export function PupilAuditLink({ pupilId }: { pupilId: string }) {
  const { t } = useTranslation();
  const base = useBase();
  const organization = useQuery(organizationQuery(base.organizationId));
  if (can(organization.data, 'audit.read')) {
    return <AnchorLink to="/organizations/$orgId/audit" params={{ orgId: base.organizationId }} search={{ objectId: pupilId }}>{t('pupil.auditLog')}</AnchorLink>;
  }
  if (!can(base, 'base.audit.read') || organization.isPending) return null;
  return <AnchorLink to="/bases/$baseId/audit" params={{ baseId: base.id }} search={{ objectId: pupilId }}>{t('pupil.auditLog')}</AnchorLink>;
}
