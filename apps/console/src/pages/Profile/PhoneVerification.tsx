import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile } from '@preau/contracts';
import { useSendPhoneCode, useVerifyPhone } from '../../api/me.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { formatPhoneInternational } from './phone-format.ts';

/** The saved number with its "verified" badge, and the "verify my number" flow: send a code by SMS, type it. */
export function PhoneVerification({ me }: { me: Profile & { phone: string } }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const send = useSendPhoneCode();
  const verify = useVerifyPhone();
  const [code, setCode] = useState('');
  const verified = me.phoneVerifiedAt !== null;
  const error = verify.isError ? verify.error : send.isError ? send.error : null;

  const sendCode = () => {
    verify.reset();
    send.mutate(undefined, { onSuccess: () => setCode('') });
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate({ code: code.trim() }, {
      onSuccess: () => notifications.show({ color: 'teal', message: t('profile.phoneVerifiedNotice') }),
    });
  };

  return (
    <Stack gap="xs" component="section" aria-labelledby="phone-verification-title">
      <Text fw={500} id="phone-verification-title">{t('profile.phoneSaved')}</Text>
      <Group gap="sm">
        <Text>{formatPhoneInternational(me.phone)}</Text>
        {verified
          ? <Badge color="teal" variant="light">{t('profile.phoneVerified')}</Badge>
          : <Badge color="gray" variant="light">{t('profile.phoneNotVerified')}</Badge>}
      </Group>
      {!verified && (
        <>
          <FormAlert message={error ? errorText(error) : null} />
          {send.isSuccess ? (
            <form onSubmit={submitCode} noValidate>
              <Stack gap="xs">
                <Text size="sm">{t('profile.phoneCodeSent', { phone: formatPhoneInternational(send.data.phone) })}</Text>
                <Group align="flex-end">
                  <TextInput label={t('profile.phoneCode')} value={code} onChange={(e) => setCode(e.currentTarget.value)}
                    inputMode="numeric" autoComplete="one-time-code" maxLength={6} w={160} required />
                  <Button type="submit" loading={verify.isPending} disabled={!/^[0-9]{6}$/.test(code.trim())}>{t('profile.phoneConfirm')}</Button>
                  <Button variant="subtle" onClick={sendCode} loading={send.isPending}>{t('profile.phoneResend')}</Button>
                </Group>
              </Stack>
            </form>
          ) : (
            <Group>
              <Button variant="light" onClick={sendCode} loading={send.isPending}>{t('profile.phoneVerify')}</Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
