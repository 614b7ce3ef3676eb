import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../../api/auth.ts';
import { useInvitationPreview, useMyInvitation } from '../../api/invitations.ts';
import { useMe } from '../../api/me.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { InvitationCard } from './InvitationCard.tsx';
import { InvitationPreviewCard } from './InvitationPreviewCard.tsx';
import { AnchorLink, ButtonLink } from '../../components/links.tsx';
import { usePageTitle } from '../../components/page-title.ts';

/** Landing page of the invitation e-mail: sign in or sign up first when needed, then accept or decline. */
export function InvitationPage() {
  const { t } = useTranslation();
  usePageTitle(t('invitation.title'));
  const { invitationId } = useParams({ from: '/public/invitations/$invitationId' });
  const me = useMe();
  const invitation = useMyInvitation(invitationId, Boolean(me.data));
  // Signed out: the public preview says who invites to what, and which address to sign up or in with.
  const preview = useInvitationPreview(me.isSuccess && !me.data ? invitationId : undefined);
  const errorText = useErrorText();
  const signOut = useSignOut();
  const queryClient = useQueryClient();
  const back = `/invitations/${invitationId}`;
  // Signed in with another address than the invited one: sign out and stay here to choose again.
  const switchAccount = () => signOut.mutate(undefined, { onSettled: () => void queryClient.resetQueries() });

  if (me.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!me.data) {
    return (
      <Stack>
        <Title order={1}>{t('invitation.title')}</Title>
        {preview.isPending && <Loader aria-label={t('common.loading')} />}
        {preview.isError && <Alert color="red" role="alert">{errorText(preview.error)}</Alert>}
        {preview.data && <InvitationPreviewCard preview={preview.data} />}
        {!preview.isError && <Text>{t('invitation.signInFirst')}</Text>}
        <Group>
          <ButtonLink to="/sign-in" search={{ redirect: back }}>{t('invitation.signIn')}</ButtonLink>
          <ButtonLink to="/sign-up" search={{ redirect: back }} variant="light">{t('invitation.signUp')}</ButtonLink>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack>
      <Title order={1}>{t('invitation.title')}</Title>
      <Group gap="xs">
        <Text size="sm" c="dimmed">{t('invitation.signedInAs', { email: me.data.email })}</Text>
        <Button size="compact-sm" variant="subtle" onClick={switchAccount} loading={signOut.isPending}>{t('invitation.switchAccount')}</Button>
      </Group>
      {invitation.isPending && <Loader aria-label={t('common.loading')} />}
      {invitation.isError && <Alert color="red" role="alert">{errorText(invitation.error)}<br />{t('invitation.wrongAccount')}</Alert>}
      {invitation.data && <InvitationCard invitation={invitation.data} />}
      <AnchorLink to="/">{t('invitation.toConsole')}</AnchorLink>
    </Stack>
  );
}
