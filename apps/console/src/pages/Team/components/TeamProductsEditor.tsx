import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Team, TeamProduct, TeamProductInput } from '@preau/contracts';
import { useSetTeamProducts } from '../../../api/teams.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { TeamProductBadges } from '../../Teams/components/TeamProducts.tsx';
import { TeamProductsFields } from '../../Teams/components/TeamProductsFields.tsx';

const toInput = (product: TeamProduct): TeamProductInput =>
  product.kind === 'base' ? { kind: 'base', baseId: product.baseId, profile: product.profile } : { kind: 'billing', right: product.right };

/** What the team gives its members: edited all at once by those who manage the team, read by the others. */
export function TeamProductsEditor({ orgId, team }: { orgId: string; team: Team }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSetTeamProducts(orgId, team.id);
  const [products, setProducts] = useState<TeamProductInput[]>(() => team.products.map(toInput));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="team-products">
      <Title order={2} size="h4" mb={4} id="team-products">{t('teams.products.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('teams.products.intro')}</Text>
      {team.mayManage ? (
        <Stack>
          <FormAlert message={save.isError ? errorText(save.error) : null} />
          <TeamProductsFields orgId={orgId} value={products} onChange={(next) => { save.reset(); setProducts(next); }} />
          <Group justify="flex-end">
            <Button loading={save.isPending} onClick={() => save.mutate({ products }, {
              onSuccess: () => notifications.show({ color: 'teal', message: t('teams.products.saved') }),
            })}>{t('teams.products.save')}</Button>
          </Group>
        </Stack>
      ) : (
        <TeamProductBadges products={team.products} />
      )}
    </Paper>
  );
}
