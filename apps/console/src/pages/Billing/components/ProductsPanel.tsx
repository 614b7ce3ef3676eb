import { useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Group, Loader, NativeSelect, Paper, Stack, Switch, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingDocument, Product } from '@preau/contracts';
import { useBillingAddresses, useBillingProducts, useCreateProForma, useUpdateAllProducts, useUpdateProduct } from '../../../api/billing.ts';
import { documentPdfUrl } from '../../../api/billing-paths.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

const SWITCHES = ['autoRenew', 'renewalWarranty'] as const;
const DEFAULT_ADDRESS = '';

/** The organisation's products: renewal switches (one product or all), the renewal address, a pro forma of chosen products. */
export function ProductsPanel({ orgId, manage }: { orgId: string; manage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const products = useBillingProducts(orgId);
  const addresses = useBillingAddresses(orgId);
  const update = useUpdateProduct(orgId);
  const updateAll = useUpdateAllProducts(orgId);
  const proForma = useCreateProForma(orgId);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [created, setCreated] = useState<BillingDocument | null>(null);

  if (products.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!products.data) return <Alert color="red" role="alert">{errorText(products.error)}</Alert>;
  const items = products.data.filter((p) => p.endedOn === null);
  if (items.length === 0) return <Text c="dimmed">{t('billing.products.empty')}</Text>;
  const usable = (addresses.data ?? []).filter((a) => !a.archived);
  const addressOptions = [{ value: DEFAULT_ADDRESS, label: t('billing.products.defaultAddress') }, ...usable.map((a) => ({ value: a.id, label: a.name }))];
  const toggle = (product: Product, on: boolean) => setChosen((prev) => {
    const next = new Set(prev);
    if (on) next.add(product.id); else next.delete(product.id);
    return next;
  });
  const askProForma = () => proForma.mutate({ productIds: [...chosen] }, {
    onSuccess: (doc) => {
      setCreated(doc);
      setChosen(new Set());
      if (doc.hasPdf) window.open(documentPdfUrl(doc.id, { version: 'original', disposition: 'inline' }), '_blank', 'noopener');
    },
  });
  const failure = [update, updateAll, proForma].find((m) => m.isError)?.error;

  return (
    <Stack>
      {manage && (
        <Paper withBorder p="sm" component="section" aria-label={t('billing.products.allTitle')}>
          <Text fw={500} size="sm" mb="xs">{t('billing.products.allTitle')}</Text>
          <Group>
            {SWITCHES.map((key) => (
              <Switch key={key} label={t(`billing.products.all.${key}`)} checked={items.every((p) => p[key])} disabled={updateAll.isPending}
                onChange={(event) => updateAll.mutate({ [key]: event.currentTarget.checked })} />
            ))}
          </Group>
        </Paper>
      )}
      <FormAlert message={failure ? errorText(failure) : null} />
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="sm" aria-label={t('billing.tabs.products')}>
          <Table.Thead>
            <Table.Tr>
              {manage && <Table.Th><VisuallyHidden>{t('billing.products.choose')}</VisuallyHidden></Table.Th>}
              <Table.Th>{t('billing.products.label')}</Table.Th>
              <Table.Th>{t('billing.products.base')}</Table.Th>
              <Table.Th>{t('billing.products.renewalDate')}</Table.Th>
              <Table.Th>{t('billing.products.period')}</Table.Th>
              <Table.Th ta="right">{t('billing.products.price')}</Table.Th>
              <Table.Th>{t('billing.products.renewal')}</Table.Th>
              <Table.Th>{t('billing.products.address')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((product) => (
              <Table.Tr key={product.id} data-product-id={product.id}>
                {manage && (
                  <Table.Td>
                    <Checkbox checked={chosen.has(product.id)} onChange={(event) => toggle(product, event.currentTarget.checked)}
                      aria-label={t('billing.products.chooseLabel', { label: product.label })} />
                  </Table.Td>
                )}
                <Table.Td>{product.label}</Table.Td>
                <Table.Td>{product.baseName ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.day(product.renewalDate)}</Table.Td>
                <Table.Td>{t(`billing.period.${product.period}`)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {format.money(product.priceCents, product.currency)}
                  <Text size="xs" c="dimmed">{t('billing.products.vatExcluded', { rate: format.vatRate(product.vatRateBp) })}</Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    {SWITCHES.map((key) => (
                      <Switch key={key} size="xs" label={t(`billing.products.${key}`)} checked={product[key]}
                        aria-label={t(`billing.products.${key}Label`, { label: product.label })}
                        disabled={!manage || (update.isPending && update.variables.productId === product.id)}
                        onChange={(event) => update.mutate({ productId: product.id, patch: { [key]: event.currentTarget.checked } })} />
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <NativeSelect size="xs" data={addressOptions} value={product.addressId ?? DEFAULT_ADDRESS} disabled={!manage}
                    aria-label={t('billing.products.addressLabel', { label: product.label })}
                    onChange={(event) => update.mutate({ productId: product.id, patch: { addressId: event.currentTarget.value === DEFAULT_ADDRESS ? null : event.currentTarget.value } })} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {manage && (
        <Group>
          <Button onClick={askProForma} disabled={chosen.size === 0} loading={proForma.isPending}>{t('billing.products.proForma')}</Button>
          {chosen.size === 0 && <Text size="sm" c="dimmed">{t('billing.products.proFormaHint')}</Text>}
        </Group>
      )}
      {created && (
        <Alert color="teal" role="status">
          {t('billing.products.proFormaCreated', { number: created.number ?? '' })}{' '}
          {created.hasPdf && <Anchor href={documentPdfUrl(created.id, { version: 'original', disposition: 'inline' })} target="_blank" rel="noopener">{t('billing.pdf.original.open')}</Anchor>}
        </Alert>
      )}
    </Stack>
  );
}
