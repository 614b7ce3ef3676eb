import { Alert, Button, Group, Text } from '@mantine/core';
import { IconMailExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useResendVerification } from '../../api/auth.ts';
import { useErrorText } from '../../i18n/errors.ts';

/** Reminds the person to confirm their e-mail address, with a button to send the e-mail again. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const { t } = useTranslation();
  const resend = useResendVerification();
  const errorText = useErrorText();
  return (
    <Alert color="yellow" icon={<IconMailExclamation aria-hidden />} title={t('verifyBanner.title')} mb="lg" role="status">
      <Group justify="space-between">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{t('verifyBanner.text', { email })}</Text>
        <Button size="xs" variant="filled" loading={resend.isPending} disabled={resend.isSuccess} onClick={() => resend.mutate(email)}>
          {resend.isSuccess ? t('verifyBanner.sent') : t('verifyBanner.resend')}
        </Button>
      </Group>
      {resend.isError && <Text size="sm" c="red" role="alert">{errorText(resend.error)}</Text>}
    </Alert>
  );
}
