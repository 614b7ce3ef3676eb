import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Invitation } from '@preau/contracts';
import { useRespondToInvitation } from '../../api/invitations.ts';
import { rememberOrganization } from '../../api/organizations.ts';
import { RoleBadge } from '../../components/RoleBadge.tsx';
import { useErrorText } from '../../i18n/errors.ts';

/** One invitation addressed to me, with accept and decline while it is pending. */
export function InvitationCard({ invitation }: { invitation: Invitation }) {
  const { t, i18n } = useTranslation();
  const respond = useRespondToInvitation();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const expires = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' }).format(new Date(invitation.expiresAt));

  const accept = () =>
    respond.mutate({ id: invitation.id, answer: 'accept' }, {
      onSuccess: () => {
        rememberOrganization(invitation.organizationId);
        void navigate({ to: '/organizations/$orgId/members', params: { orgId: invitation.organizationId } });
      },
    });

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text fw={600}>
          {t(invitation.invitedBy ? 'invitation.headline' : 'invitation.headlineNoInviter', { name: invitation.invitedBy, organization: invitation.organizationName })}
        </Text>
        <Group gap="xs"><Text size="sm">{t('invitation.role')}</Text><RoleBadge role={invitation.role} /></Group>
        {invitation.status === 'pending' ? (
          <>
            <Text size="sm" c="dimmed">{t('invitation.expires', { date: expires })}</Text>
            {respond.isError && <Alert color="red" role="alert">{errorText(respond.error)}</Alert>}
            <Group>
              <Button onClick={accept} loading={respond.isPending && respond.variables.answer === 'accept'} disabled={respond.isPending}>
                {t('invitation.accept')}
              </Button>
              <Button variant="default" onClick={() => respond.mutate({ id: invitation.id, answer: 'decline' })}
                loading={respond.isPending && respond.variables.answer === 'decline'} disabled={respond.isPending}>
                {t('invitation.decline')}
              </Button>
            </Group>
          </>
        ) : (
          <Text size="sm" role="status">{t(`invitation.status.${invitation.status}`)}</Text>
        )}
      </Stack>
    </Paper>
  );
}
