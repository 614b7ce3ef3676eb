import { Alert, Paper, Table, Text, Title } from '@mantine/core';
import { IconCircleOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FileIssue } from '@preau/contracts';
import { useMessage } from '../../../i18n/messages.ts';

/** An import in error: why the whole file was refused, each message with its line and column. */
export function FileIssues({ state, issues, total }: { state: 'error' | 'failed'; issues: FileIssue[]; total: number }) {
  const { t } = useTranslation();
  const message = useMessage();
  return (
    <>
      <Alert color="red" icon={<IconCircleOff aria-hidden />} title={t('imports.inError')}>
        {state === 'failed' ? t('imports.synthesis.failed') : t('imports.synthesis.error')}
      </Alert>
      {issues.length > 0 && (
        <Paper withBorder p="md" component="section" aria-labelledby="file-issues-title">
          <Title order={2} size="h4" id="file-issues-title">{t('imports.synthesis.fileMessages', { count: total })}</Title>
          {total > issues.length && <Text size="sm" c="dimmed">{t('imports.synthesis.firstMessages', { count: issues.length })}</Text>}
          <Table.ScrollContainer minWidth={640} mt="sm">
            <Table verticalSpacing="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.synthesis.line')}</Table.Th>
                  <Table.Th>{t('imports.synthesis.column')}</Table.Th>
                  <Table.Th>{t('imports.synthesis.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {issues.map((issue, k) => (
                  <Table.Tr key={k} data-code={issue.code}>
                    <Table.Td>{issue.line > 0 ? issue.line : '—'}</Table.Td>
                    <Table.Td>{issue.column > 0 ? issue.column : '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{message(issue)}</Text>
                      {issue.path && <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>{issue.path}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
