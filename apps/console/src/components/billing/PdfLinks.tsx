import { Anchor, Group } from '@mantine/core';
import { IconDownload, IconExternalLink } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BillingDocumentSummary } from '@preau/contracts';
import type { PdfOptions } from '../../api/billing-paths.ts';

/**
 * Links to a document's PDF: open it in a new tab, download it; the same for the receipted version
 * of a paid invoice. Plain links: the browser sends the session cookie, the server streams the file.
 */
export function PdfLinks({ doc, url }: { doc: BillingDocumentSummary; url: (docId: string, options: PdfOptions) => string }) {
  const { t } = useTranslation();
  if (!doc.hasPdf) return null;
  const name = doc.number ?? '';
  const versions: PdfOptions['version'][] = doc.hasPaidPdf ? ['original', 'paid'] : ['original'];
  return (
    <Group gap="xs" wrap="nowrap">
      {versions.map((version) => (
        <Group key={version} gap={6} wrap="nowrap" data-pdf-version={version}>
          <Anchor size="sm" href={url(doc.id, { version, disposition: 'inline' })} target="_blank" rel="noopener"
            aria-label={t(`billing.pdf.${version}.openLabel`, { number: name })}>
            <Group gap={2} component="span" wrap="nowrap"><IconExternalLink size={14} aria-hidden />{t(`billing.pdf.${version}.open`)}</Group>
          </Anchor>
          <Anchor size="sm" href={url(doc.id, { version, disposition: 'attachment' })} download
            aria-label={t(`billing.pdf.${version}.downloadLabel`, { number: name })}>
            <IconDownload size={14} aria-hidden />
          </Anchor>
        </Group>
      ))}
    </Group>
  );
}
