import { Alert, Badge, Drawer, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SupportGrant } from '@preau/contracts';
import { useSupportActions } from '../../api/support-access.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { useFormat } from '../../i18n/format.ts';

/** What the support read or changed under one access: when, who ("support : <name>"), the request, its answer. */
export function SupportActionsDrawer({ orgId, grant, onClose }: { orgId: string; grant: SupportGrant | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const format = useFormat();
  const actions = useSupportActions(orgId, grant?.id ?? null);
  return (
    <Drawer opened={grant !== null} onClose={onClose} position="right" size="xl" title={t('supportAccess.actionsTitle')}>
      {grant && <Text size="sm" c="dimmed" mb="sm">{t('supportAccess.actionsIntro', { reason: grant.reason, date: format.dateTime(grant.createdAt) })}</Text>}
      {actions.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {actions.isError && <Alert color="red" role="alert">{errorText(actions.error)}</Alert>}
      {actions.data?.length === 0 && <Text size="sm">{t('supportAccess.noActions')}</Text>}
      {actions.data && actions.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" aria-label={t('supportAccess.actionsTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('supportAccess.at')}</Table.Th>
                <Table.Th>{t('supportAccess.who')}</Table.Th>
                <Table.Th>{t('supportAccess.what')}</Table.Th>
                <Table.Th>{t('supportAccess.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {actions.data.map((action, index) => (
                <Table.Tr key={`${action.at}-${index}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(action.at)}</Table.Td>
                  <Table.Td>{t('supportAccess.actor', { name: action.operatorName })}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{action.method === 'GET' || action.method === 'HEAD' ? t('supportAccess.read') : t('supportAccess.changed')}</Text>
                    <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{action.method} {action.path}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={action.status < 400 ? 'teal' : 'red'}>{action.status}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Drawer>
  );
}
