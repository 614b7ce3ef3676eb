import { Alert, Paper, Table, Text, Title } from '@mantine/core';
import { IconCircleOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FileIssue } from '@preau/contracts';
import { useMessage } from '../../../i18n/messages.ts';

/** The engine's codes for a file that is not LSU XML at all (text before any element, no root, another root). */
const NOT_LSU_XML = new Set(['xml.text_before_root', 'xml.no_root', 'xml.doctype_forbidden', 'schema.root']);

/**
 * An import in error: why the whole file was refused, each message with its line and column; a file
 * that is not LSU XML at all says so first, with where it was found.
 */
export function FileIssues({ state, issues, total }: { state: 'error' | 'failed'; issues: FileIssue[]; total: number }) {
  const { t } = useTranslation();
  const message = useMessage();
  const first = issues[0];
  const notLsu = first && NOT_LSU_XML.has(first.code) ? first : undefined;
  return (
    <>
      <Alert color="red" icon={<IconCircleOff aria-hidden />} title={t('imports.inError')}>
        {notLsu && <Text fw={600} mb={4} data-code="import.not_lsu_xml">{message({ code: 'import.not_lsu_xml', params: { line: String(notLsu.line), column: String(notLsu.column) } })}</Text>}
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
