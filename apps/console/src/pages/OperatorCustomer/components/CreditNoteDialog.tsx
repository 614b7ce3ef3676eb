import { useState } from 'react';
import { Button, Group, Modal, NumberInput, Radio, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingDocument, CreateCreditNote } from '@preau/contracts';
import { useCreateCreditNote } from '../../../api/operator-billing.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** Issues a credit note on an invoice: everything not credited yet, or chosen lines and quantities. */
export function CreditNoteDialog({ invoice, onClose, onCreated }: { invoice: BillingDocument; onClose: () => void; onCreated: (note: BillingDocument) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const create = useCreateCreditNote();
  const [scope, setScope] = useState<'all' | 'lines'>('all');
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const chosen = invoice.lines.filter((line) => (quantities[line.id] ?? 0) > 0);
  const submit = () => {
    const input: CreateCreditNote = scope === 'all' ? {} : { lines: chosen.map((line) => ({ lineId: line.id, quantity: quantities[line.id] ?? 0 })) };
    create.mutate({ docId: invoice.id, input }, { onSuccess: onCreated });
  };
  return (
    <Modal opened onClose={onClose} title={t('operatorBilling.credit.title', { number: invoice.number ?? '' })} size="lg">
      <Stack>
        <FormAlert message={create.isError ? errorText(create.error) : null} />
        <Radio.Group value={scope} onChange={(value) => setScope(value as 'all' | 'lines')} label={t('operatorBilling.credit.scope')}>
          <Stack gap="xs" mt="xs">
            <Radio value="all" label={t('operatorBilling.credit.all', { amount: format.money(invoice.grossCents - invoice.creditedCents, invoice.currency) })} />
            <Radio value="lines" label={t('operatorBilling.credit.lines')} />
          </Stack>
        </Radio.Group>
        {scope === 'lines' && (
          <Table aria-label={t('billing.document.lines')} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('operatorBilling.draft.label')}</Table.Th>
                <Table.Th ta="right">{t('operatorBilling.draft.unitPrice')}</Table.Th>
                <Table.Th w={150}>{t('operatorBilling.credit.quantity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoice.lines.map((line) => (
                <Table.Tr key={line.id}>
                  <Table.Td>{line.label}</Table.Td>
                  <Table.Td ta="right">{format.money(line.unitPriceCents, invoice.currency)}</Table.Td>
                  <Table.Td>
                    <NumberInput min={0} max={line.quantity} allowDecimal={false} allowNegative={false} value={quantities[line.id] ?? 0}
                      aria-label={t('operatorBilling.credit.quantityOf', { label: line.label, max: line.quantity })}
                      onChange={(value) => setQuantities((prev) => ({ ...prev, [line.id]: typeof value === 'number' ? value : Number(value) || 0 }))} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {scope === 'lines' && chosen.length === 0 && <Text size="sm" c="dimmed">{t('operatorBilling.credit.chooseHint')}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={submit} loading={create.isPending} disabled={scope === 'lines' && chosen.length === 0}>{t('operatorBilling.credit.submit')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
