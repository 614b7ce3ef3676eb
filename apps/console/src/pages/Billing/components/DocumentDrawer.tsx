import { Alert, Button, Drawer, Group, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBillingDocument, useConvertProForma } from '../../../api/billing.ts';
import { documentPdfUrl } from '../../../api/billing-paths.ts';
import { DocumentView } from '../../../components/billing/DocumentView.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { InvoiceReminders } from './InvoiceReminders.tsx';

/** One of the organisation's documents in a side panel; a pro forma not converted yet may become its invoice (`manage`). */
export function DocumentDrawer({ orgId, docId, manage, onClose, onOpen }: {
  orgId: string;
  docId: string | null;
  manage: boolean;
  onClose: () => void;
  onOpen: (docId: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const document = useBillingDocument(orgId, docId);
  const convert = useConvertProForma(orgId);
  const doc = document.data;
  const title = doc ? `${t(`billing.kind.${doc.kind}`)} ${doc.number ?? t('billing.badge.draft')}` : t('billing.document.title');
  return (
    <Drawer opened={docId !== null} onClose={onClose} position="right" size="xl" title={title}>
      {document.isPending && docId !== null && <Loader aria-label={t('common.loading')} />}
      {document.isError && <Alert color="red" role="alert">{errorText(document.error)}</Alert>}
      {doc && (
        <DocumentView doc={doc} pdfUrl={documentPdfUrl} onOpen={onOpen}>
          {doc.kind === 'invoice' && doc.state !== 'draft' && <InvoiceReminders orgId={orgId} docId={doc.id} />}
          <FormAlert message={convert.isError ? errorText(convert.error) : null} />
          {manage && doc.kind === 'pro_forma' && doc.state === 'finalized' && doc.convertedInvoiceId === null && (
            <Group>
              <Button loading={convert.isPending} onClick={() => convert.mutate(doc.id, { onSuccess: (invoice) => onOpen(invoice.id) })}>
                {t('billing.documents.convert')}
              </Button>
            </Group>
          )}
          {doc.convertedInvoiceId !== null && (
            <Group><Button variant="subtle" onClick={() => onOpen(doc.convertedInvoiceId ?? '')}>{t('billing.documents.openInvoice')}</Button></Group>
          )}
        </DocumentView>
      )}
    </Drawer>
  );
}
