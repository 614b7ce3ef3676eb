import { Alert, Badge, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOperatorSupportGrants } from '../../../api/support-access.ts';
import { ButtonLink } from '../../../components/links.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** Organisations whose support access runs now, each with a way in. */
export function ActiveGrants() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const format = useFormat();
  const grants = useOperatorSupportGrants();
  if (grants.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (!grants.data) return <Alert color="red" role="alert">{errorText(grants.error)}</Alert>;
  if (grants.data.length === 0) return <Text size="sm" c="dimmed">{t('operatorSupport.noGrants')}</Text>;
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="sm" aria-label={t('operatorSupport.grantsTitle')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('operatorSupport.organization')}</Table.Th>
            <Table.Th>{t('organization.supportCode')}</Table.Th>
            <Table.Th>{t('supportAccess.reason')}</Table.Th>
            <Table.Th>{t('supportAccess.mode')}</Table.Th>
            <Table.Th>{t('supportAccess.until')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {grants.data.map((grant) => (
            <Table.Tr key={grant.grantId} data-organization-id={grant.organizationId}>
              <Table.Td>{grant.organizationName}</Table.Td>
              <Table.Td><Text span ff="monospace" size="sm">{grant.supportCode}</Text></Table.Td>
              <Table.Td>{grant.reason}</Table.Td>
              <Table.Td>
                {grant.write
                  ? <Badge color="orange" variant="light">{t('supportAccess.write')}</Badge>
                  : <Badge color="blue" variant="light">{t('supportAccess.readOnly')}</Badge>}
              </Table.Td>
              <Table.Td>{format.dateTime(grant.endsAt)}</Table.Td>
              <Table.Td>
                <ButtonLink size="xs" to="/organizations/$orgId" params={{ orgId: grant.organizationId }}
                  aria-label={t('operatorSupport.enterLabel', { name: grant.organizationName })}>{t('operatorSupport.enter')}</ButtonLink>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
