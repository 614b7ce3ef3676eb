import { useState } from 'react';
import { Alert, Anchor, Button, Drawer, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingDocument } from '@preau/contracts';
import { useDeleteDraft, useFinalizeDocument, useOperatorDocument } from '../../../api/operator-billing.ts';
import { operatorDocumentPdfUrl } from '../../../api/billing-paths.ts';
import { DocumentStatusBadge } from '../../../components/billing/DocumentStatusBadge.tsx';
import { PdfLinks } from '../../../components/billing/PdfLinks.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { CreditNoteDialog } from './CreditNoteDialog.tsx';
import { PaymentDialog } from './PaymentDialog.tsx';

/** One document in a side panel: lines, VAT, payments, credit notes, and what the operator may do with it. */
export function DocumentDetail({ docId, onClose, onOpen }: { docId: string | null; onClose: () => void; onOpen: (docId: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const document = useOperatorDocument(docId);
  const title = document.data ? (document.data.number ?? t('billing.badge.draft')) : t('operatorBilling.document.title');
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
  const format = useFormat();
  const errorText = useErrorText();
  const finalize = useFinalizeDocument();
  const remove = useDeleteDraft();
  const [dialog, setDialog] = useState<'credit' | 'payment' | null>(null);
  const issuedInvoice = doc.kind === 'invoice' && doc.state === 'finalized';
  const failure = finalize.isError ? finalize.error : remove.isError ? remove.error : null;

  return (
    <Stack>
      <Group>
        <DocumentStatusBadge doc={doc} />
        {doc.customerName && <Text size="sm">{doc.customerName}</Text>}
      </Group>
      <Group gap="xl">
        <Fact label={t('billing.documents.issueDate')} value={doc.issueDate ? format.day(doc.issueDate) : '—'} />
        <Fact label={t('billing.documents.dueDate')} value={doc.dueDate ? format.day(doc.dueDate) : '—'} />
        <Fact label={t('billing.documents.gross')} value={format.money(doc.grossCents, doc.currency)} />
        {doc.kind === 'invoice' && <Fact label={t('operatorBilling.document.amountDue')} value={format.money(doc.amountDueCents, doc.currency)} />}
      </Group>
      {doc.creditedInvoiceNumber && doc.creditedInvoiceId && (
        <Text size="sm">{t('operatorBilling.document.credits')}{' '}
          <Anchor component="button" size="sm" onClick={() => onOpen(doc.creditedInvoiceId ?? '')}>{doc.creditedInvoiceNumber}</Anchor>
        </Text>
      )}
      <PdfLinks doc={doc} url={operatorDocumentPdfUrl} />
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

      <Table aria-label={t('operatorBilling.document.lines')} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('operatorBilling.draft.label')}</Table.Th>
            <Table.Th ta="right">{t('operatorBilling.draft.quantity')}</Table.Th>
            <Table.Th ta="right">{t('operatorBilling.draft.unitPrice')}</Table.Th>
            <Table.Th ta="right">{t('operatorBilling.catalogue.vatRate')}</Table.Th>
            <Table.Th ta="right">{t('operatorBilling.document.net')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {doc.lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>{line.label}</Table.Td>
              <Table.Td ta="right">{format.number(line.quantity)}</Table.Td>
              <Table.Td ta="right">{format.money(line.unitPriceCents, doc.currency)}</Table.Td>
              <Table.Td ta="right">{format.vatRate(line.vatRateBp)}</Table.Td>
              <Table.Td ta="right">{format.money(line.netCents, doc.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack gap={2} align="flex-end">
        <Text size="sm">{t('operatorBilling.document.netTotal')} {format.money(doc.netCents, doc.currency)}</Text>
        {doc.vat.map((row) => (
          <Text key={row.vatRateBp} size="sm">{t('operatorBilling.document.vatRow', { rate: format.vatRate(row.vatRateBp) })} {format.money(row.vatCents, doc.currency)}</Text>
        ))}
        <Text size="sm" fw={600}>{t('operatorBilling.document.grossTotal')} {format.money(doc.grossCents, doc.currency)}</Text>
      </Stack>

      {doc.payments.length > 0 && (
        <>
          <Title order={3} size="h5">{t('operatorBilling.document.payments')}</Title>
          <Table aria-label={t('operatorBilling.document.payments')} verticalSpacing="xs">
            <Table.Tbody>
              {doc.payments.map((payment) => (
                <Table.Tr key={payment.id}>
                  <Table.Td>{format.day(payment.receivedOn)}</Table.Td>
                  <Table.Td>{t(`operatorBilling.payment.methods.${payment.method}`, { defaultValue: payment.method })}</Table.Td>
                  <Table.Td>{payment.reference ?? '—'}</Table.Td>
                  <Table.Td ta="right">{format.money(payment.amountCents, doc.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      {doc.creditNotes.length > 0 && (
        <>
          <Title order={3} size="h5">{t('operatorBilling.document.creditNotes')}</Title>
          <Stack gap={4}>
            {doc.creditNotes.map((note) => (
              <Group key={note.id} gap="xs">
                <Anchor component="button" size="sm" onClick={() => onOpen(note.id)}>{note.number ?? t('billing.badge.draft')}</Anchor>
                <Text size="sm">{format.money(note.grossCents, doc.currency)}</Text>
              </Group>
            ))}
          </Stack>
        </>
      )}
      {dialog === 'credit' && <CreditNoteDialog invoice={doc} onClose={() => setDialog(null)} onCreated={(note) => { setDialog(null); onOpen(note.id); }} />}
      {dialog === 'payment' && <PaymentDialog invoice={doc} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={500}>{value}</Text>
    </Stack>
  );
}
