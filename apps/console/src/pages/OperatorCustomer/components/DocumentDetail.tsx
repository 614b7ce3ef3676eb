import { useState } from 'react';
import { Alert, Button, Drawer, Group, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingDocument } from '@preau/contracts';
import { useDeleteDraft, useFinalizeDocument, useOperatorDocument } from '../../../api/operator-billing.ts';
import { operatorDocumentPdfUrl } from '../../../api/billing-paths.ts';
import { DocumentView } from '../../../components/billing/DocumentView.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { CreditNoteDialog } from './CreditNoteDialog.tsx';
import { PaymentDialog } from './PaymentDialog.tsx';

/** One document in a side panel, and what the operator may do with it: finalise or delete a draft, record a payment, issue a credit note. */
export function DocumentDetail({ docId, onClose, onOpen }: { docId: string | null; onClose: () => void; onOpen: (docId: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const document = useOperatorDocument(docId);
  const title = document.data ? (document.data.number ?? t('billing.badge.draft')) : t('billing.document.title');
  return (
    <Drawer opened={docId !== null} onClose={onClose} position="right" size="xl" title={`${t(`billing.kind.${document.data?.kind ?? 'invoice'}`)} ${title}`}>
      {document.isPending && docId !== null && <Loader aria-label={t('common.loading')} />}
      {document.isError && <Alert color="red" role="alert">{errorText(document.error)}</Alert>}
      {document.data && <DocumentBody doc={document.data} onClose={onClose} onOpen={onOpen} />}
    </Drawer>
  );
}

function DocumentBody({ doc, onClose, onOpen }: { doc: BillingDocument; onClose: () => void; onOpen: (docId: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const finalize = useFinalizeDocument();
  const remove = useDeleteDraft();
  const [dialog, setDialog] = useState<'credit' | 'payment' | null>(null);
  const issuedInvoice = doc.kind === 'invoice' && doc.state === 'finalized';
  const failure = finalize.isError ? finalize.error : remove.isError ? remove.error : null;

  return (
    <DocumentView doc={doc} pdfUrl={operatorDocumentPdfUrl} onOpen={onOpen}>
      <FormAlert message={failure ? errorText(failure) : null} />
      <Group>
        {doc.state === 'draft' && (
          <>
            <Button loading={finalize.isPending} onClick={() => finalize.mutate(doc.id)}>{t('operatorBilling.document.finalize')}</Button>
            <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate(doc.id, { onSuccess: onClose })}>
              {t('operatorBilling.document.deleteDraft')}
            </Button>
          </>
        )}
        {issuedInvoice && doc.amountDueCents > 0 && <Button onClick={() => setDialog('payment')}>{t('operatorBilling.payment.open')}</Button>}
        {issuedInvoice && doc.creditedCents < doc.grossCents && (
          <Button variant="light" onClick={() => setDialog('credit')}>{t('operatorBilling.credit.open')}</Button>
        )}
      </Group>

      {dialog === 'credit' && <CreditNoteDialog invoice={doc} onClose={() => setDialog(null)} onCreated={(note) => { setDialog(null); onOpen(note.id); }} />}
      {dialog === 'payment' && <PaymentDialog invoice={doc} onClose={() => setDialog(null)} />}
    </DocumentView>
  );
}
