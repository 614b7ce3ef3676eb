import { Alert, Loader, Stack, Tabs, Title } from '@mantine/core';
import { STRUCTURE_KINDS, type SchoolClass } from '@preau/contracts';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useStructure } from '../../api/base-structure.ts';
import { useBase } from '../../api/bases.ts';
import { useOrganizations } from '../../api/organizations.ts';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { StructureTab } from './components/StructureTab.tsx';

/** A base's structure: a tab per kind (periods, classes, pupils, teachers, disciplines). */
export function BaseStructurePage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { baseId } = useParams({ from: '/app/bases/$baseId/structure' });
  const base = useBase(baseId);
  const organizations = useOrganizations();
  const classes = useStructure<SchoolClass>(baseId, 'classes');

  if (base.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!base.data) return <Alert color="red" role="alert">{errorText(base.error)}</Alert>;
  if (base.data.state === 'stopped') {
    return <Stack><BaseContext baseId={baseId} /><Title order={1}>{t('structure.title')}</Title><Alert color="red" role="alert">{t('errors.base.stopped')}</Alert></Stack>;
  }
  const role = organizations.data?.find((o) => o.id === base.data.organizationId)?.myRole;
  const canWrite = role === 'owner' || role === 'admin' || base.data.myProfile === 'direction' || base.data.myProfile === 'secretariat';

  return (
    <Stack>
      <BaseContext baseId={baseId} />
      <Title order={1}>{t('structure.title')}</Title>
      <Tabs defaultValue="periods" keepMounted={false}>
        <Tabs.List>
          {STRUCTURE_KINDS.map((kind) => <Tabs.Tab key={kind} value={kind}>{t(`structure.kinds.${kind}`)}</Tabs.Tab>)}
        </Tabs.List>
        {STRUCTURE_KINDS.map((kind) => (
          <Tabs.Panel key={kind} value={kind} pt="md">
            <StructureTab baseId={baseId} kind={kind} canWrite={canWrite} classes={classes.data ?? []} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
