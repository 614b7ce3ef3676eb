import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Image, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { can, type BaseDocument } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { documentFileUrl, useChangeDocument, useDocumentReads, useDocuments } from '../../api/base-documents.ts';
import type { DocumentOwner } from '../../api/query-keys.ts';
import { useBase } from '../../app/base-scope.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { useFormat } from '../../i18n/format.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { FormAlert } from '../FormAlert.tsx';
import { AttachDocumentDialog } from './AttachDocumentDialog.tsx';
import { fileSize, timeOfDay } from './file-size.ts';

/**
 * The documents attached to a pupil or a class that the caller may see (the server filters them by
 * profile): title, category, size, date; preview of PDFs and images, download, and (for those the
 * capabilities allow) attach, delete, and who read each one.
 */
export function DocumentsPanel({ owner, ownerName }: { owner: DocumentOwner; ownerName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const base = useBase();
  const documents = useDocuments(base.id, owner, can(base, 'baseDocuments.read'));
  const change = useChangeDocument(base.id);
  const [attaching, setAttaching] = useState(false);
  const [previewing, setPreviewing] = useState<BaseDocument | null>(null);
  const [deleting, setDeleting] = useState<BaseDocument | null>(null);
  const [readsOf, setReadsOf] = useState<BaseDocument | null>(null);
  if (!can(base, 'baseDocuments.read')) return null;
  const manages = can(base, 'baseDocuments.manage');

  return (
    <Card withBorder component="section" aria-labelledby="documents-title">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h3" id="documents-title">{t('documents.title')}</Title>
          {manages && <Button onClick={() => setAttaching(true)}>{t('documents.attach')}</Button>}
        </Group>
        {documents.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
        <FormAlert message={documents.isError ? errorText(documents.error) : null} />
        {documents.data?.length === 0 && <Text c="dimmed">{t('documents.empty')}</Text>}
        {documents.data && documents.data.length > 0 && (
          <Table striped aria-label={t('documents.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('documents.fields.title')}</Table.Th>
                <Table.Th>{t('documents.fields.category')}</Table.Th>
                <Table.Th>{t('documents.fields.size')}</Table.Th>
                <Table.Th>{t('documents.fields.date')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {documents.data.map((document) => (
                <Table.Tr key={document.id}>
                  <Table.Td>
                    <Text size="sm">{document.title}</Text>
                    <Text size="xs" c="dimmed">{document.fileName}</Text>
                  </Table.Td>
                  <Table.Td><Badge variant="light">{t(`documents.categories.${document.category}`)}</Badge></Table.Td>
                  <Table.Td>{fileSize(document.sizeBytes, format.number, t)}</Table.Td>
                  <Table.Td>{format.date(document.createdAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {document.previewable && <Button size="compact-sm" variant="light" onClick={() => setPreviewing(document)}>{t('documents.preview')}</Button>}
                      <Anchor size="sm" href={documentFileUrl(base.id, document.id)} download={document.fileName}>{t('documents.download')}</Anchor>
                      {can(base, 'baseDocuments.readLog') && <Button size="compact-sm" variant="subtle" onClick={() => setReadsOf(document)}>{t('documents.reads')}</Button>}
                      {manages && <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(document)}>{t('documents.delete')}</Button>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {attaching && <AttachDocumentDialog owner={owner} ownerName={ownerName} onClose={() => setAttaching(false)} />}
      {previewing && (
        <Modal opened onClose={() => setPreviewing(null)} title={previewing.title} size="xl">
          {previewing.contentType === 'application/pdf' ? (
            <iframe src={documentFileUrl(base.id, previewing.id, true)} title={previewing.title} style={{ width: '100%', height: '70vh', border: 0 }} />
          ) : (
            <Image src={documentFileUrl(base.id, previewing.id, true)} alt={previewing.title} fit="contain" mah="70vh" />
          )}
        </Modal>
      )}
      {readsOf && <ReadsDialog document={readsOf} onClose={() => setReadsOf(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t('documents.deleteTitle')}
          confirmLabel={t('documents.delete')}
          pending={change.isPending}
          error={change.isError ? errorText(change.error) : null}
          onConfirm={() => change.mutate({ documentId: deleting.id, patch: null }, { onSuccess: () => setDeleting(null) })}
          onClose={() => { change.reset(); setDeleting(null); }}
        >
          {t('documents.deleteConfirm', { title: deleting.title })}
        </ConfirmDialog>
      )}
    </Card>
  );
}

/** Who downloaded or previewed a document, and when (the direction). */
function ReadsDialog({ document, onClose }: { document: BaseDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const base = useBase();
  const errorText = useErrorText();
  const format = useFormat();
  const reads = useDocumentReads(base.id, document.id);
  return (
    <Modal opened onClose={onClose} title={t('documents.readsTitle', { title: document.title })}>
      {reads.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      <FormAlert message={reads.isError ? errorText(reads.error) : null} />
      {reads.data?.items.length === 0 && <Text c="dimmed">{t('documents.noReads')}</Text>}
      {reads.data && reads.data.items.length > 0 && (
        <Table aria-label={t('documents.reads')}>
          <Table.Tbody>
            {reads.data.items.map((read) => (
              <Table.Tr key={`${read.readAt}-${read.userId ?? ''}`}>
                <Table.Td>{read.readerName}</Table.Td>
                <Table.Td>{`${format.date(read.readAt)} ${timeOfDay(read.readAt, format.locale)}`}</Table.Td>
                <Table.Td>{t(read.inline ? 'documents.readPreview' : 'documents.readDownload')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}
