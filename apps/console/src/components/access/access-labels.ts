import { useTranslation } from 'react-i18next';
import type { BaseProfile, BillingRight, Role } from '@preau/contracts';

/** Names of base profiles, billing rights and roles, each key written out (the texts test reads them). */
export function useAccessLabels() {
  const { t } = useTranslation();
  const profile = (value: BaseProfile): string => {
    switch (value) {
      case 'direction': return t('baseProfiles.direction');
      case 'secretariat': return t('baseProfiles.secretariat');
      case 'teacher': return t('baseProfiles.teacher');
      case 'read_only': return t('baseProfiles.read_only');
    }
  };
  const billingRight = (value: BillingRight): string => (value === 'manage' ? t('access.billingRight.manage') : t('access.billingRight.read'));
  const role = (value: Role): string => {
    switch (value) {
      case 'owner': return t('roles.owner');
      case 'admin': return t('roles.admin');
      case 'collaborator': return t('roles.collaborator');
      case 'external': return t('roles.external');
    }
  };
  /** A right as the access views send it: a base profile, `all` (owners and administrators), or a billing right. */
  const right = (value: string): string => {
    switch (value) {
      case 'all': return t('access.right.all');
      case 'read': case 'manage': return billingRight(value);
      case 'direction': case 'secretariat': case 'teacher': case 'read_only': return profile(value);
      default: return value;
    }
  };
  return { profile, billingRight, role, right };
}
