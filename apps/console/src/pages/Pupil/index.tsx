import { Alert, Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { can, type Pupil } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useStructure } from '../../api/base-structure.ts';
import { ApiError } from '../../api/client.ts';
import { useGuessedLabels, usePupilBilans } from '../../api/lsu-imports.ts';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { BilanCard } from './components/BilanCard.tsx';
import { PupilPhotoPanel } from './components/PupilPhotoPanel.tsx';
import { needsGuess } from './components/labels.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { useBase } from '../../app/base-scope.tsx';
import { bilanAnchor, bilanTitle } from './components/bilan-title.ts';
import { BaseBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { PupilDocuments } from './components/PupilDocuments.tsx';
import { PupilDataPanel } from './components/PupilDataPanel.tsx';
import { PupilAuditLink } from './components/PupilAuditLink.tsx';

/**
 * A pupil's photo, then their bilans as imported: each period's bilan, then the end-of-cycle bilan, with
 * the import each came from. Those who may not read bilans (a secretariat) see the photo alone.
 */
export function PupilPage() {
  const { t } = useTranslation();
  const { baseId, pupilId } = useParams({ from: '/app/bases/$baseId/pupils/$pupilId' });
  const base = useBase();
  const readsBilans = can(base, 'pupilBilans.read');
  const bilans = usePupilBilans(baseId, pupilId, readsBilans);
  const pupils = useStructure<Pupil>(baseId, 'pupils', !readsBilans);
  // Each bilan carries its file's labels; the base's structure is read only for those it lacks.
  const guessed = useGuessedLabels(baseId, bilans.data?.items.some(needsGuess) ?? false);
  const errorText = useErrorText();
  const who = readsBilans ? bilans.data?.pupil : pupils.data?.find((p) => p.id === pupilId);
  usePageTitle(who && `${who.lastName.toUpperCase()} ${who.firstName}`, base.name);

  if (readsBilans ? bilans.isPending : pupils.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!who) return <Alert color="red" role="alert">{errorText(readsBilans ? bilans.error : pupils.error ?? new ApiError(404, 'not_found', ''))}</Alert>;
  const pupil = who;
  const items = bilans.data?.items ?? [];

  return (
    <Stack maw={1100}>
      <Stack gap={2}>
        <BaseBreadcrumbs current={`${pupil.lastName.toUpperCase()} ${pupil.firstName}`} />
        <BaseContext />
        <Title order={1}>{`${pupil.lastName.toUpperCase()} ${pupil.firstName}`}</Title>
        <Group gap="md">
          <Text c="dimmed">{t('pupil.nationalId', { id: pupil.nationalId })}</Text>
          {pupil.classCode && <Text c="dimmed">{t('pupil.class', { code: pupil.classCode })}</Text>}
          <PupilAuditLink pupilId={pupilId} />
        </Group>
      </Stack>
      <PupilPhotoPanel pupilId={pupilId} name={`${pupil.lastName.toUpperCase()} ${pupil.firstName}`} />
      {readsBilans && items.length === 0 && <Text c="dimmed">{t('pupil.noBilans')}</Text>}
      {items.length > 1 && (
        <nav aria-label={t('pupil.jumpList')}>
          <Group gap="xs">
            <Text size="sm" fw={500}>{t('pupil.jumpList')}{t('common.colon')}</Text>
            {items.map((bilan) => (
              <Anchor key={bilan.id} href={`#${bilanAnchor(bilan)}`} size="sm">{bilanTitle(bilan, t)}</Anchor>
            ))}
          </Group>
        </nav>
      )}
      {items.map((bilan) => <BilanCard key={bilan.id} baseId={baseId} bilan={bilan} guessed={guessed} />)}
      <PupilDocuments pupilId={pupilId} name={`${pupil.lastName.toUpperCase()} ${pupil.firstName}`} />
      <PupilDataPanel pupilId={pupilId} />
    </Stack>
  );
}
