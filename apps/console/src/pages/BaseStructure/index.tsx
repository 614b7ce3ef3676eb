import { Alert, Stack, Tabs, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { can, STRUCTURE_KINDS, type SchoolClass, type StructureKind } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useStructure } from '../../api/base-structure.ts';
import { useBase } from '../../app/base-scope.tsx';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { useMessage } from '../../i18n/messages.ts';
import { StructureTab } from './components/StructureTab.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { BaseBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';

/** A base's structure: a tab per kind (periods, classes, pupils, teachers, disciplines). */
export function BaseStructurePage() {
  const { t } = useTranslation();
  const message = useMessage();
  const base = useBase();
  usePageTitle(t('structure.title'), base.name);
  const stopped = base.state === 'stopped';
  const classes = useStructure<SchoolClass>(base.id, 'classes', !stopped);
  // The open tab is in the address, so a message can send people straight to the pupils.
  const { tab = 'periods' } = useSearch({ from: '/app/bases/$baseId/structure' });
  const navigate = useNavigate({ from: '/bases/$baseId/structure' });

  if (stopped) {
    return <Stack><BaseBreadcrumbs current={t('structure.title')} /><BaseContext /><Title order={1}>{t('structure.title')}</Title><Alert color="red" role="alert">{message({ code: 'base.stopped' })}</Alert></Stack>;
  }
  const canWrite = can(base, 'base.structure.write');

  return (
    <Stack>
      <BaseBreadcrumbs current={t('structure.title')} />
      <BaseContext />
      <Title order={1}>{t('structure.title')}</Title>
      <Tabs value={tab} keepMounted={false} onChange={(value) => void navigate({ search: { tab: (value ?? 'periods') as StructureKind }, replace: true })}>
        <Tabs.List>
          {STRUCTURE_KINDS.map((kind) => <Tabs.Tab key={kind} value={kind}>{t(`structure.kinds.${kind}`)}</Tabs.Tab>)}
        </Tabs.List>
        {STRUCTURE_KINDS.map((kind) => (
          <Tabs.Panel key={kind} value={kind} pt="md">
            <StructureTab baseId={base.id} kind={kind} canWrite={canWrite} classes={classes.data ?? []} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
