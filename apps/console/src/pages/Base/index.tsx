import { useEffect } from 'react';
import { Alert, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useBase } from '../../api/bases.ts';
import { rememberOrganization, useOrganizations } from '../../api/organizations.ts';
import { ButtonLink } from '../../components/links.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { BaseStateActions } from '../Bases/components/BaseStateActions.tsx';
import { BaseStateBadge } from '../Bases/components/BaseStateBadge.tsx';
import { BaseProfiles } from './components/BaseProfiles.tsx';

/** One school base: its identity and state, links to its structure and imports, members' base profiles. */
export function BasePage() {
  const { t } = useTranslation();
  const { baseId } = useParams({ from: '/app/bases/$baseId' });
  const base = useBase(baseId);
  const errorText = useErrorText();
  const organizations = useOrganizations();
  useEffect(() => {
    if (base.data) rememberOrganization(base.data.organizationId);
  }, [base.data]);

  if (base.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!base.data) return <Alert color="red" role="alert">{errorText(base.error)}</Alert>;
  const role = organizations.data?.find((o) => o.id === base.data?.organizationId)?.myRole;
  const manager = role === 'owner' || role === 'admin';
  const b = base.data;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{b.name}</Title>
        <Group>
          <BaseStateBadge state={b.state} />
          {manager && <BaseStateActions base={b} />}
        </Group>
      </Group>
      {b.state === 'stopped' && <Alert color="red">{t('base.stoppedNotice')}</Alert>}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <div><Text size="sm" c="dimmed">{t('bases.uai')}</Text><Text>{b.uai}</Text></div>
          <div><Text size="sm" c="dimmed">{t('bases.degree')}</Text><Text>{t(`degrees.${b.degree}`)}</Text></div>
          <div><Text size="sm" c="dimmed">{t('bases.schoolYear')}</Text><Text>{b.schoolYear}</Text></div>
          <div><Text size="sm" c="dimmed">{t('base.acceptedVersions')}</Text><Text>{b.acceptedVersions.join(', ')}</Text></div>
        </SimpleGrid>
      </Paper>
      <Group>
        <ButtonLink to="/bases/$baseId/structure" params={{ baseId }} variant="light">{t('base.structureLink')}</ButtonLink>
        <ButtonLink to="/bases/$baseId/imports" params={{ baseId }} variant="light" search={{}}>{t('base.importsLink')}</ButtonLink>
      </Group>
      {(manager || b.myProfile === 'direction') && <BaseProfiles baseId={baseId} orgId={b.organizationId} manager={manager} />}
    </Stack>
  );
}
