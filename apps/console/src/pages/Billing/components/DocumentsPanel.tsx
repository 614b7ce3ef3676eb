import { useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileSpreadsheet, IconMail } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BillingDocumentSummary } from '@preau/contracts';
import { useBillingDocuments, useConvertProForma, useRequestBillingExport } from '../../../api/billing.ts';
import { documentPdfUrl, documentsCsvUrl, type DocumentFilters } from '../../../api/billing-paths.ts';
import { DocumentFiltersBar } from '../../../components/billing/DocumentFiltersBar.tsx';
import { DocumentsTable } from '../../../components/billing/DocumentsTable.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { DocumentDrawer } from './DocumentDrawer.tsx';

interface Props {
  orgId: string;
  filters: DocumentFilters;
  onFilters: (next: DocumentFilters) => void;
  manage: boolean;
}

/** The history: filters kept in the URL, the table page after page, the CSV to download or to receive by e-mail. */
export function DocumentsPanel({ orgId, filters, onFilters, manage }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const documents = useBillingDocuments(orgId, filters);
  const requestExport = useRequestBillingExport(orgId);
  const convert = useConvertProForma(orgId);
  const [openDoc, setOpenDoc] = useState<string | null>(null);
  const items = documents.data?.pages.flatMap((page) => page.items) ?? [];
  const sendByMail = () => requestExport.mutate({ ...filters, decimal: 'comma' }, {
    onSuccess: () => notifications.show({ color: 'teal', message: t('billing.documents.exportRequested') }),
  });
  const actions = (doc: BillingDocumentSummary) => (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" variant="light" onClick={() => setOpenDoc(doc.id)}
        aria-label={t('billing.document.openLabel', { number: doc.number ?? t('billing.documents.noNumber') })}>{t('billing.document.open')}</Button>
      {manage && doc.kind === 'pro_forma' && doc.state === 'finalized' && doc.convertedInvoiceId === null && (
        <Button size="xs" variant="default" loading={convert.isPending && convert.variables === doc.id} onClick={() => convert.mutate(doc.id)}
          aria-label={t('billing.documents.convertLabel', { number: doc.number ?? '' })}>{t('billing.documents.convert')}</Button>
      )}
    </Group>
  );

  return (
    <Stack>
      <DocumentFiltersBar filters={filters} onChange={onFilters} />
      <Group>
        <Button component="a" href={documentsCsvUrl(orgId, filters)} download variant="default" leftSection={<IconFileSpreadsheet size={16} aria-hidden />}>
          {t('billing.documents.csv')}
        </Button>
        <Button variant="default" leftSection={<IconMail size={16} aria-hidden />} loading={requestExport.isPending} onClick={sendByMail}>
          {t('billing.documents.byMail')}
        </Button>
      </Group>
      <FormAlert message={requestExport.isError ? errorText(requestExport.error) : convert.isError ? errorText(convert.error) : null} />
      {documents.isPending && <Loader aria-label={t('common.loading')} />}
      {documents.isError && <Alert color="red" role="alert">{errorText(documents.error)}</Alert>}
      {documents.isSuccess && items.length === 0 && <Text c="dimmed">{t('billing.documents.empty')}</Text>}
      {items.length > 0 && <DocumentsTable documents={items} pdfUrl={documentPdfUrl} actions={actions} />}
      {documents.hasNextPage && (
        <Group justify="center">
          <Button variant="light" loading={documents.isFetchingNextPage} onClick={() => void documents.fetchNextPage()}>{t('billing.documents.more')}</Button>
        </Group>
      )}
      <DocumentDrawer orgId={orgId} docId={openDoc} manage={manage} onClose={() => setOpenDoc(null)} onOpen={setOpenDoc} />
    </Stack>
  );
}
