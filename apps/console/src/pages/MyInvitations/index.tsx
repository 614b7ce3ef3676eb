import { Alert, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMyInvitations } from '../../api/invitations.ts';
import { useSignedInMe } from '../../api/me.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { InvitationCard } from '../Invitation/InvitationCard.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** Invitations addressed to me, pending first. */
export function MyInvitationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('myInvitations.title'));
  const invitations = useMyInvitations();
  const me = useSignedInMe();
  const errorText = useErrorText();
  const sorted = [...(invitations.data ?? [])].sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'));
  return (
    <Stack maw={640}>
      <Title order={1}>{t('myInvitations.title')}</Title>
      {invitations.isPending && <Loader aria-label={t('common.loading')} />}
      {invitations.isError && <Alert color="red" role="alert">{errorText(invitations.error)}</Alert>}
      {invitations.isSuccess && sorted.length === 0 && <Text c="dimmed">{t('myInvitations.none')}</Text>}
      {!me.emailVerified && <Text size="sm" c="dimmed">{t('myInvitations.unverified')}</Text>}
      {sorted.map((invitation) => <InvitationCard key={invitation.id} invitation={invitation} />)}
    </Stack>
  );
}
