import { Loader, NativeSelect, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BASE_PROFILES, type BaseProfile, type BillingRight, type TeamProductInput } from '@preau/contracts';
import { useBases } from '../../../api/bases.ts';
import { useAccessLabels } from '../../../components/access/access-labels.ts';

const NONE = '';

/**
 * What a team gives: for each base of the organisation a profile (or none), and a right on billing
 * (or none). The value is the team's products as the API takes them.
 */
export function TeamProductsFields({ orgId, value, onChange, disabled = false }: {
  orgId: string;
  value: TeamProductInput[];
  onChange: (products: TeamProductInput[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const labels = useAccessLabels();
  const bases = useBases(orgId);
  const profileOf = (baseId: string) => value.find((p) => p.kind === 'base' && p.baseId === baseId);
  const billing = value.find((p) => p.kind === 'billing');
  const others = (keep: (p: TeamProductInput) => boolean) => value.filter(keep);
  const setBase = (baseId: string, profile: string) => {
    const rest = others((p) => p.kind !== 'base' || p.baseId !== baseId);
    onChange(profile === NONE ? rest : [...rest, { kind: 'base', baseId, profile: profile as BaseProfile }]);
  };
  const setBilling = (right: string) => {
    const rest = others((p) => p.kind !== 'billing');
    onChange(right === NONE ? rest : [...rest, { kind: 'billing', right: right as BillingRight }]);
  };
  const profileOptions = [{ value: NONE, label: t('teams.products.none') }, ...BASE_PROFILES.map((p) => ({ value: p, label: labels.profile(p) }))];
  const billingOptions = [
    { value: NONE, label: t('teams.products.none') },
    { value: 'read', label: labels.billingRight('read') },
    { value: 'manage', label: labels.billingRight('manage') },
  ];

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {bases.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {bases.data?.map((base) => {
        const current = profileOf(base.id);
        return (
          <NativeSelect key={base.id} disabled={disabled} data={profileOptions}
            label={t('teams.products.baseProfile', { name: base.name, year: base.schoolYear })}
            value={current?.kind === 'base' ? current.profile : NONE} onChange={(e) => setBase(base.id, e.currentTarget.value)} />
        );
      })}
      {bases.isSuccess && bases.data.length === 0 && <Text size="sm" c="dimmed">{t('teams.products.noBases')}</Text>}
      <NativeSelect label={t('teams.products.billing')} disabled={disabled} data={billingOptions}
        value={billing?.kind === 'billing' ? billing.right : NONE} onChange={(e) => setBilling(e.currentTarget.value)} />
    </SimpleGrid>
  );
}
