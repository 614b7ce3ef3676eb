import { Alert, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { acceptedVersionsOf, can } from '@preau/contracts';
import { useBase } from '../../app/base-scope.tsx';
import { ButtonLink } from '../../components/links.tsx';
import { HostingCredentialsPanel } from '../../components/hosting/HostingCredentialsPanel.tsx';
import { HostingFilePanel } from '../../components/hosting/HostingFilePanel.tsx';
import { BaseStateActions } from '../Bases/components/BaseStateActions.tsx';
import { BaseStateBadge } from '../Bases/components/BaseStateBadge.tsx';
import { BaseAccess } from './components/BaseAccess.tsx';
import { BaseProfiles } from './components/BaseProfiles.tsx';
import { LegalHoldSwitch, MinorsDataAccessReport } from './components/MinorsDataPanel.tsx';
import { ProvisionalVersionsSwitch } from './components/ProvisionalVersionsSwitch.tsx';
import { RolloverDialog } from './components/RolloverDialog.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { BaseBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';

/** One school base: its identity and state, links to its structure and imports, members' base profiles. */
export function BasePage() {
  const { t } = useTranslation();
  const b = useBase();
  usePageTitle(b.name);

  return (
    <Stack>
      <BaseBreadcrumbs />
      <Group justify="space-between">
        <Title order={1}>{b.name}</Title>
        <Group>
          <BaseStateBadge state={b.state} />
          {can(b, 'base.manage') && <BaseStateActions base={b} />}
          {can(b, 'base.rollover') && (b.state === 'in_service' || b.state === 'stopped') && <RolloverDialog base={b} />}
        </Group>
      </Group>
      {b.state === 'stopped' && <Alert color="red">{t('base.stoppedNotice')}</Alert>}
      {b.state === 'archived' && <Alert color="gray">{t('base.archivedNotice')}</Alert>}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <div><Text size="sm" c="dimmed">{t('bases.uai')}</Text><Text>{b.uai}</Text></div>
          <div><Text size="sm" c="dimmed">{t('bases.degree')}</Text><Text>{t(`degrees.${b.degree}`)}</Text></div>
          <div><Text size="sm" c="dimmed">{t('bases.schoolYear')}</Text><Text>{b.schoolYear}</Text></div>
          <div><Text size="sm" c="dimmed">{t('base.acceptedVersions')}</Text><Text>{acceptedVersionsOf(b).join(', ') || '—'}</Text></div>
        </SimpleGrid>
      </Paper>
      <Group>
        <ButtonLink to="/bases/$baseId/structure" params={{ baseId: b.id }} variant="light" search={{}}>{t('base.structureLink')}</ButtonLink>
        <ButtonLink to="/bases/$baseId/imports" params={{ baseId: b.id }} variant="light" search={{}}>{t('base.importsLink')}</ButtonLink>
        {can(b, 'pupilPhotos.write') && <ButtonLink to="/bases/$baseId/photos" params={{ baseId: b.id }} variant="light">{t('photos.bulkTitle')}</ButtonLink>}
      </Group>
      {b.degree === 'college' && can(b, 'base.manage') && <ProvisionalVersionsSwitch base={b} />}
      {can(b, 'base.profiles.list') && <BaseProfiles base={b} />}
      {can(b, 'base.access.read') && <BaseAccess baseId={b.id} />}
      {can(b, 'minorsData.read') && <LegalHoldSwitch base={b} />}
      {can(b, 'minorsData.read') && <MinorsDataAccessReport baseId={b.id} />}
      {can(b, 'hosting.credentials.sendFromBase') && <HostingCredentialsPanel target={{ baseId: b.id }} />}
      {can(b, 'hostingFiles.export') && <HostingFilePanel baseId={b.id} />}
    </Stack>
  );
}
