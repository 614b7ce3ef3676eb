import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { useMemberAccess } from '../../api/teams.ts';
import { useOrganization } from '../../app/organization-scope.tsx';
import { AccessSources } from '../../components/access/AccessSources.tsx';
import { useAccessLabels } from '../../components/access/access-labels.ts';
import { AnchorLink } from '../../components/links.tsx';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { OrganizationBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { PageError, PageLoader } from '../../components/PageStatus.tsx';
import { RoleBadge } from '../../components/RoleBadge.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** What one member reaches: each base and billing, the right held there, and every reason (role, billing switch, direct grant, team). */
export function MemberAccessPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  const { memberId } = useParams({ from: '/app/organizations/$orgId/members/$memberId/access' });
  const allowed = can(organization, 'members.access.read');
  const access = useMemberAccess(organization.id, memberId);
  const labels = useAccessLabels();
  usePageTitle(access.data ? t('memberAccess.title', { name: access.data.name }) : undefined, organization.name);
  if (!allowed) return <NotAllowed />;
  if (access.isPending) return <PageLoader />;
  if (!access.data) return <PageError error={access.error} />;
  const orgId = organization.id;
  const data = access.data;

  return (
    <Stack>
      <OrganizationBreadcrumbs orgId={orgId} orgName={organization.name} current={t('memberAccess.title', { name: data.name })}
        trail={[<AnchorLink key="members" to="/organizations/$orgId/members" params={{ orgId }} size="sm">{t('nav.members')}</AnchorLink>]} />
      <Title order={1}>{t('memberAccess.title', { name: data.name })}</Title>
      <RoleBadge role={data.role} />
      <Paper withBorder p="md" component="section" aria-labelledby="member-access">
        <Title order={2} size="h4" mb={4} id="member-access">{t('memberAccess.productsTitle')}</Title>
        <Text size="sm" c="dimmed" mb="sm">{t('memberAccess.intro')}</Text>
        {data.items.length === 0 ? (
          <Text size="sm">{t('memberAccess.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" aria-label={t('memberAccess.productsTitle')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('memberAccess.product')}</Table.Th>
                  <Table.Th>{t('access.rightColumn')}</Table.Th>
                  <Table.Th>{t('access.sourcesColumn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((item) => (
                  <Table.Tr key={item.product.kind === 'base' ? item.product.baseId : 'billing'}
                    data-product={item.product.kind === 'base' ? item.product.baseName : 'billing'}>
                    <Table.Td>
                      {item.product.kind === 'base'
                        ? t('memberAccess.base', { name: item.product.baseName, year: item.product.schoolYear })
                        : t('nav.billing')}
                    </Table.Td>
                    <Table.Td>{labels.right(item.right)}</Table.Td>
                    <Table.Td><AccessSources sources={item.sources} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Stack>
  );
}
