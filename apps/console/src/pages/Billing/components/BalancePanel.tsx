import { useState } from 'react';
import { Alert, Button, Checkbox, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBillingDocuments } from '../../../api/billing.ts';
import { usePayFromBalance, usePrepaidBalance } from '../../../api/payments.ts';
import { LedgerTable } from '../../../components/billing/LedgerTable.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/**
 * The prepaid balance ("Solde prépayé"): its sum and the reference to top it up, what became of each
 * transfer in plain words, its movements, and (billing.manage) paying open invoices from it.
 */
export function BalancePanel({ orgId, manage }: { orgId: string; manage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const balance = usePrepaidBalance(orgId);
  const unpaid = useBillingDocuments(orgId, { status: 'unpaid' });
  const pay = usePayFromBalance(orgId);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());

  if (balance.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!balance.data) return <Alert color="red" role="alert">{errorText(balance.error)}</Alert>;
  const { balanceCents, currency, reference, ledger, decisions } = balance.data;
  const open = (unpaid.data?.pages.flatMap((page) => page.items) ?? []).filter((doc) => doc.kind === 'invoice' && doc.amountDueCents > 0);
  const total = open.filter((doc) => chosen.has(doc.id)).reduce((sum, doc) => sum + doc.amountDueCents, 0);
  const toggle = (docId: string, on: boolean) => setChosen((prev) => {
    const next = new Set(prev);
    if (on) next.add(docId); else next.delete(docId);
    return next;
  });

  return (
    <Stack>
      <Paper withBorder p="md" component="section" aria-label={t('payments.balance.title')}>
        <Text size="sm" c="dimmed">{t('payments.balance.title')}</Text>
        <Title order={2} data-testid="balance-amount">{format.money(balanceCents, currency)}</Title>
        <Text size="sm" mt="xs">{t('payments.balance.topUp')} <Code data-testid="balance-reference">{reference}</Code></Text>
      </Paper>

      {manage && open.length > 0 && (
        <Paper withBorder p="md" component="section" aria-label={t('payments.pay.title')}>
          <Title order={3} size="h4">{t('payments.pay.title')}</Title>
          <Stack gap="xs" mt="xs">
            {open.map((doc) => (
              <Checkbox key={doc.id} checked={chosen.has(doc.id)} onChange={(event) => toggle(doc.id, event.currentTarget.checked)}
                label={t('payments.pay.invoice', { number: doc.number ?? '', amount: format.money(doc.amountDueCents, doc.currency) })} />
            ))}
          </Stack>
          <FormAlert message={pay.isError ? errorText(pay.error) : null} />
          <Group mt="sm">
            <Button disabled={chosen.size === 0 || total > balanceCents} loading={pay.isPending}
              onClick={() => pay.mutate({ documentIds: [...chosen] }, { onSuccess: () => setChosen(new Set()) })}>
              {t('payments.pay.submit', { amount: format.money(total, currency) })}
            </Button>
            {total > balanceCents && <Text size="sm" c="red">{t('payments.pay.notCovered')}</Text>}
          </Group>
        </Paper>
      )}

      <section aria-label={t('payments.decisions.title')}>
        <Title order={3} size="h4" mb="xs">{t('payments.decisions.title')}</Title>
        {decisions.length === 0 ? <Text c="dimmed">{t('payments.decisions.empty')}</Text> : (
          <Stack gap="xs">
            {decisions.map((decision) => <Text key={decision.id} size="sm">{decision.text}</Text>)}
          </Stack>
        )}
      </section>

      <section aria-label={t('payments.ledger.title')}>
        <Title order={3} size="h4" mb="xs">{t('payments.ledger.title')}</Title>
        <LedgerTable ledger={ledger} currency={currency} />
      </section>
    </Stack>
  );
}
