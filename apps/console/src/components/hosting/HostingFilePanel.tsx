import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ANNEX_KINDS, HOSTING_NUMBER_PATTERN } from '@preau/contracts';
import { annexFileUrl } from '../../api/hosting-annexes.ts';
import { hostingFileUrl } from '../../api/hosting.ts';
import { profilesFileUrl } from '../../api/hosting-profiles.ts';

/** "Generate the hosting file": the base file for the hosting provider's number, downloaded as it is written. */
export function HostingFilePanel({ baseId }: { baseId: string }) {
  const { t } = useTranslation();
  const [hostingNumber, setHostingNumber] = useState('');
  const number = hostingNumber.replace(/[\s.-]/g, '');
  const valid = new RegExp(HOSTING_NUMBER_PATTERN).test(number);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('hostingFiles.exportTitle')}</Title>
        <Text size="sm">{t('hostingFiles.exportIntro')}</Text>
        <Group align="end">
          <TextInput
            label={t('hostingFiles.providerNumber')}
            description={t('hostingFiles.providerNumberHint')}
            value={hostingNumber}
            onChange={(e) => setHostingNumber(e.currentTarget.value)}
            inputMode="numeric"
            maw={260}
            error={hostingNumber !== '' && !valid ? t('hostingFiles.numberInvalid') : undefined}
          />
          {/* A link only once the number is valid: a disabled link is no disabled control (screen readers, contrast). */}
          <DownloadButton href={valid ? hostingFileUrl(baseId, number) : undefined}>{t('hostingFiles.download')}</DownloadButton>
          <DownloadButton href={valid ? profilesFileUrl(baseId, number) : undefined} variant="light">{t('hostingProfiles.download')}</DownloadButton>
        </Group>
        <Text size="sm">{t('hostingAnnexes.exportIntro')}</Text>
        <Group>
          {ANNEX_KINDS.map((kind) => (
            <DownloadButton key={kind} href={valid ? annexFileUrl(baseId, kind, number) : undefined} variant="light">{t(`hostingAnnexes.download.${kind}`)}</DownloadButton>
          ))}
        </Group>
      </Stack>
    </Paper>
  );
}

function DownloadButton({ href, variant, children }: { href: string | undefined; variant?: 'light'; children: React.ReactNode }) {
  return href ? <Button component="a" href={href} download variant={variant}>{children}</Button> : <Button disabled variant={variant}>{children}</Button>;
}
