import { Alert, Button, Group, Text } from '@mantine/core';
import { IconHeadset } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { baseQuery } from '../../api/bases.ts';
import { organizationQuery } from '../../api/organizations.ts';
import { useFormat } from '../../i18n/format.ts';

/**
 * Across the top of an organisation's pages (and its bases') while the caller is the provider's
 * support inside an access the organisation granted: read-only or not, until when, and a way out.
 */
export function SupportBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const { orgId: orgParam, baseId } = useParams({ strict: false });
  // A base's pages name no organisation in their address: their base (already loaded) does.
  const { data: base } = useQuery({ ...baseQuery(baseId ?? ''), enabled: baseId !== undefined && orgParam === undefined });
  const orgId = orgParam ?? base?.organizationId;
  const { data: organization } = useQuery({ ...organizationQuery(orgId ?? ''), enabled: orgId !== undefined });
  const support = orgId === undefined ? null : (organization?.support ?? null);
  if (!support || !organization) return null;
  const until = format.dateTime(support.endsAt);
  return (
    <Alert color={support.write ? 'orange' : 'blue'} icon={<IconHeadset aria-hidden />} mb="lg" role="status"
      title={support.write ? t('supportBanner.write', { date: until }) : t('supportBanner.readOnly', { date: until })}>
      <Group justify="space-between">
        <Text size="sm">{t('supportBanner.text', { name: organization.name })}</Text>
        <Button size="xs" variant="filled" onClick={() => void navigate({ to: '/operator/support' })}>{t('supportBanner.leave')}</Button>
      </Group>
    </Alert>
  );
}
