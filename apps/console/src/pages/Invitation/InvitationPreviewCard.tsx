import { Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InvitationPreview } from '@preau/contracts';
import { RoleBadge } from '../../components/RoleBadge.tsx';
import { useFormat } from '../../i18n/format.ts';

/** "Claire Martin vous invite à rejoindre Collège Jean Jaurès": the invitation as its invitee sees it before signing in. */
export function InvitationPreviewCard({ preview }: { preview: InvitationPreview }) {
  const { t } = useTranslation();
  const format = useFormat();
  const vars = { name: preview.invitedBy, organization: preview.organizationName };
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text fw={600} size="lg">{t(preview.invitedBy ? 'invitation.headline' : 'invitation.headlineNoInviter', vars)}</Text>
        <Group gap="xs"><Text size="sm">{t('invitation.role')}</Text><RoleBadge role={preview.role} /></Group>
        <Text size="sm">{t('invitation.sentTo', { email: preview.email })}</Text>
        <Text size="sm" c="dimmed">{t('invitation.expires', { date: format.date(preview.expiresAt) })}</Text>
      </Stack>
    </Paper>
  );
}
