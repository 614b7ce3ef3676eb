import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBaseAccess } from '../../../api/teams.ts';
import { ProductAccessTable } from '../../../components/access/ProductAccessTable.tsx';

/** "Qui a accès": everyone who reaches the base, their profile, and why (role, direct grant, team). */
export function BaseAccess({ baseId }: { baseId: string }) {
  const { t } = useTranslation();
  const access = useBaseAccess(baseId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="base-access">
      <Title order={2} size="h4" mb={4} id="base-access">{t('access.baseTitle')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('access.baseIntro')}</Text>
      <ProductAccessTable label={t('access.baseTitle')} query={access} />
    </Paper>
  );
}
