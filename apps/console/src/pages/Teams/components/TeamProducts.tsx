import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TeamProduct } from '@preau/contracts';
import { useAccessLabels } from '../../../components/access/access-labels.ts';

/** A team's products in a line: each base with the profile it gives, and billing with its right. */
export function TeamProductBadges({ products }: { products: TeamProduct[] }) {
  const { t } = useTranslation();
  const labels = useAccessLabels();
  if (products.length === 0) return <Text size="sm" c="dimmed">{t('teams.products.empty')}</Text>;
  return (
    <Group gap={6}>
      {products.map((product) => (
        <Badge key={product.kind === 'base' ? product.baseId : 'billing'} variant="light" color={product.kind === 'base' ? 'teal' : 'grape'}>
          {product.kind === 'base'
            ? t('teams.products.baseBadge', { name: product.baseName, profile: labels.profile(product.profile) })
            : t('teams.products.billingBadge', { right: labels.billingRight(product.right) })}
        </Badge>
      ))}
    </Group>
  );
}
