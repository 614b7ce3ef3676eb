import { Button, Table, Text } from '@mantine/core';
import { IconKeyOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '@preau/contracts';
import { formatDateTime } from '../../../components/imports/format.ts';

/** Tokens: name, created (and by whom), last used, revoke. */
export function TokensTable({ tokens, onRevoke }: { tokens: ApiToken[]; onRevoke: (token: ApiToken) => void }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('apiTokens.name')}</Table.Th>
            <Table.Th>{t('apiTokens.createdAt')}</Table.Th>
            <Table.Th>{t('apiTokens.lastUsedAt')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id} data-token-name={token.name}>
              <Table.Td>{token.name}</Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(token.createdAt)}</Text>
                {token.createdBy && <Text size="xs" c="dimmed">{t('apiTokens.by', { name: token.createdBy })}</Text>}
              </Table.Td>
              <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <Text size="sm" c="dimmed">{t('apiTokens.never')}</Text>}</Table.Td>
              <Table.Td>
                <Button variant="subtle" color="red" size="xs" leftSection={<IconKeyOff size={16} aria-hidden />}
                  aria-label={t('apiTokens.revokeNamed', { name: token.name })} onClick={() => onRevoke(token)}>
                  {t('apiTokens.revoke')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
