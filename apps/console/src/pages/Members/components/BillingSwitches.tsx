import { Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Member } from '@preau/contracts';
import { useUpdateMember } from '../../../api/members.ts';
import { useErrorText } from '../../../i18n/errors.ts';

const SWITCHES = ['billingRights', 'billingRemindersEmail', 'billingRemindersSms'] as const;

/** A collaborator's three independent billing switches (rights, e-mail reminders, SMS reminders). */
export function BillingSwitches({ orgId, member, editable }: { orgId: string; member: Member; editable: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateMember(orgId);
  const errorText = useErrorText();
  return (
    <Stack gap={4}>
      {SWITCHES.map((key) => (
        <Switch key={key} size="xs" label={t(`members.switches.${key}`)} checked={member[key]} disabled={!editable || update.isPending}
          onChange={(event) => update.mutate({ memberId: member.id, patch: { [key]: event.currentTarget.checked } })} />
      ))}
      {update.isError && <Text size="xs" c="red" role="alert">{errorText(update.error)}</Text>}
    </Stack>
  );
}
