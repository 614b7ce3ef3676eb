import type { ReactNode } from 'react';
import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingDocument } from '@preau/contracts';
import type { PdfOptions } from '../../api/billing-paths.ts';
import { useFormat } from '../../i18n/format.ts';
import { DocumentStatusBadge } from './DocumentStatusBadge.tsx';
import { PdfLinks } from './PdfLinks.tsx';

interface Props {
  doc: BillingDocument;
  pdfUrl: (docId: string, options: PdfOptions) => string;
  /** Opens another document (the credited invoice, a credit note). */
  onOpen: (docId: string) => void;
  /** What the reader may do with it, under its facts. */
  children?: ReactNode;
}

/** One document as a reader checks it: status, dates, amounts, PDFs, lines, VAT, payments, credit notes. */
export function DocumentView({ doc, pdfUrl, onOpen, children }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
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
        {doc.kind === 'invoice' && <Fact label={t('billing.document.amountDue')} value={format.money(doc.amountDueCents, doc.currency)} />}
      </Group>
      {doc.creditedInvoiceNumber && doc.creditedInvoiceId && (
        <Text size="sm">{t('billing.document.credits')}{' '}
          <Anchor component="button" size="sm" onClick={() => onOpen(doc.creditedInvoiceId ?? '')}>{doc.creditedInvoiceNumber}</Anchor>
        </Text>
      )}
      <PdfLinks doc={doc} url={pdfUrl} />
      {children}
      <Table.ScrollContainer minWidth={560}>
        <Table aria-label={t('billing.document.lines')} verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('operatorBilling.draft.label')}</Table.Th>
              <Table.Th ta="right">{t('operatorBilling.draft.quantity')}</Table.Th>
              <Table.Th ta="right">{t('operatorBilling.draft.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('operatorBilling.catalogue.vatRate')}</Table.Th>
              <Table.Th ta="right">{t('billing.document.net')}</Table.Th>
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
      </Table.ScrollContainer>
      <Stack gap={2} align="flex-end" pr="sm">
        <Text size="sm">{t('billing.document.netTotal')} {format.money(doc.netCents, doc.currency)}</Text>
        {doc.vat.map((row) => (
          <Text key={row.vatRateBp} size="sm">{t('billing.document.vatRow', { rate: format.vatRate(row.vatRateBp) })} {format.money(row.vatCents, doc.currency)}</Text>
        ))}
        <Text size="sm" fw={600}>{t('billing.document.grossTotal')} {format.money(doc.grossCents, doc.currency)}</Text>
      </Stack>

      {doc.payments.length > 0 && (
        <>
          <Title order={3} size="h5">{t('billing.document.payments')}</Title>
          <Table aria-label={t('billing.document.payments')} verticalSpacing="xs">
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
          <Title order={3} size="h5">{t('billing.document.creditNotes')}</Title>
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
