import { Badge, Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@preau/contracts';

/** The entries, newest first: when, who, what, on which object, and what changed. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t, i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' });
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.columns.at')}</Table.Th>
            <Table.Th>{t('audit.columns.actor')}</Table.Th>
            <Table.Th>{t('audit.columns.action')}</Table.Th>
            <Table.Th>{t('audit.columns.object')}</Table.Th>
            <Table.Th>{t('audit.columns.changes')}</Table.Th>
            <Table.Th>{t('audit.columns.from')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td><Text size="sm">{when.format(new Date(entry.at))}</Text></Table.Td>
              <Table.Td>
                <Text size="sm">{entry.actorName ?? t(`audit.actors.${entry.actorKind}`)}</Text>
                {entry.actorKind !== 'account' && <Badge size="xs" variant="light">{t(`audit.actors.${entry.actorKind}`)}</Badge>}
              </Table.Td>
              <Table.Td>
                <Text size="sm"><Code>{entry.action}</Code></Text>
                <Text size="xs" c="dimmed">{t(`audit.operations.${entry.operation}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`audit.objects.${entry.objectKind}`, { defaultValue: entry.objectKind })}</Text>
                {entry.objectId && <Text size="xs" c="dimmed">{entry.objectId}</Text>}
              </Table.Td>
              <Table.Td maw={360}><Changes changes={entry.changes} /></Table.Td>
              <Table.Td><Text size="xs" c="dimmed">{entry.ip ?? ''}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Changes({ changes }: { changes: AuditEntry['changes'] }) {
  const { t } = useTranslation();
  if (!changes) return null;
  const before = (changes.before ?? {}) as Record<string, unknown>;
  const after = (changes.after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
  if (fields.length === 0 && typeof changes.rows === 'number') return <Text size="xs">{t('audit.rows', { count: changes.rows })}</Text>;
  return (
    <Text size="xs" style={{ wordBreak: 'break-word' }}>
      {fields.slice(0, 6).map((field) => (
        <span key={field}>
          <strong>{field}</strong>: {field in before && field in after ? `${show(before[field])} → ${show(after[field])}` : show(after[field] ?? before[field])}
          <br />
        </span>
      ))}
      {fields.length > 6 && '…'}
      {Array.isArray(changes.secrets) && <span>{t('audit.secrets', { fields: (changes.secrets as string[]).join(', ') })}</span>}
    </Text>
  );
}
