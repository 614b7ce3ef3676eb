import type { ReactNode } from 'react';
import { Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingDocumentSummary } from '@preau/contracts';
import type { PdfOptions } from '../../api/billing-paths.ts';
import { useFormat } from '../../i18n/format.ts';
import { DocumentStatusBadge } from './DocumentStatusBadge.tsx';
import { PdfLinks } from './PdfLinks.tsx';

interface Props {
  documents: BillingDocumentSummary[];
  pdfUrl: (docId: string, options: PdfOptions) => string;
  /** More actions of a row (open its detail, convert a pro forma…). */
  actions?: (doc: BillingDocumentSummary) => ReactNode;
}

/** The billing history: number, type, dates, amount incl. VAT, status, PDF links. */
export function DocumentsTable({ documents, pdfUrl, actions }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" highlightOnHover aria-label={t('billing.documents.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.documents.number')}</Table.Th>
            <Table.Th>{t('billing.documents.kind')}</Table.Th>
            <Table.Th>{t('billing.documents.issueDate')}</Table.Th>
            <Table.Th>{t('billing.documents.dueDate')}</Table.Th>
            <Table.Th ta="right">{t('billing.documents.gross')}</Table.Th>
            <Table.Th>{t('billing.documents.status')}</Table.Th>
            <Table.Th>{t('billing.documents.pdf')}</Table.Th>
            {actions && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {documents.map((doc) => (
            <Table.Tr key={doc.id} data-document-id={doc.id} data-document-number={doc.number ?? ''}>
              <Table.Td>
                <Text size="sm" fw={500}>{doc.number ?? t('billing.documents.noNumber')}</Text>
                {doc.description !== '' && <Text size="xs" c="dimmed" lineClamp={1}>{doc.description}</Text>}
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {t(`billing.kind.${doc.kind}`)}
                  {doc.eInvoice && <Badge size="xs" variant="outline" title={t('billing.documents.eInvoiceHint')}>{t('billing.documents.eInvoice')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{doc.issueDate ? format.day(doc.issueDate) : '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{doc.dueDate ? format.day(doc.dueDate) : '—'}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{format.money(doc.grossCents, doc.currency)}</Table.Td>
              <Table.Td><DocumentStatusBadge doc={doc} /></Table.Td>
              <Table.Td><PdfLinks doc={doc} url={pdfUrl} /></Table.Td>
              {actions && <Table.Td>{actions(doc)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
