import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BillingAddress, BillingCustomer, BillingCustomerBase, BillingDocument, BillingDocumentPage, BillingProvider, CatalogueItem, CatalogueItemInput,
  CreateCreditNote, CreateDraftInvoice, CreateProduct, Product, RecordPayment, RenewalRecord, UpdateBillingProvider,
} from '@preau/contracts';
import { apiRequest } from './client.ts';
import { filterValues, queryString, type DocumentFilters } from './billing-paths.ts';
import { DOCUMENTS_PAGE_SIZE, type ItemList } from './billing.ts';
import { operatorBillingKeys } from './query-keys.ts';

const BASE = '/api/operator/billing';
const id = encodeURIComponent;
const customerPath = (orgId: string) => `${BASE}/customers/${id(orgId)}`;
const documentPath = (docId: string) => `${BASE}/documents/${id(docId)}`;

/** The provider's legal identity, printed on every document (null settings until set). */
export function useBillingProvider() {
  return useQuery({ queryKey: operatorBillingKeys.provider(), queryFn: () => apiRequest<BillingProvider>(`${BASE}/provider`) });
}

/** Replaces the provider's identity. */
export function useUpdateBillingProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateBillingProvider) => apiRequest<BillingProvider>(`${BASE}/provider`, { method: 'PUT', body: input }),
    onSuccess: (provider) => queryClient.setQueryData(operatorBillingKeys.provider(), provider),
  });
}

/** What can be sold, archived items included. */
export function useCatalogue() {
  return useQuery({
    queryKey: operatorBillingKeys.catalogue(),
    queryFn: async () => (await apiRequest<ItemList<CatalogueItem>>(`${BASE}/catalogue`)).items,
  });
}

/** Adds a catalogue item, or replaces one (`itemId` set). */
export function useSaveCatalogueItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, input }: { itemId: string | null; input: CatalogueItemInput }) =>
      itemId === null
        ? apiRequest<CatalogueItem>(`${BASE}/catalogue`, { method: 'POST', body: input })
        : apiRequest<CatalogueItem>(`${BASE}/catalogue/${id(itemId)}`, { method: 'PUT', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorBillingKeys.catalogue() }),
  });
}

/** Archives a catalogue item: sold no more, kept on the products that hold it. */
export function useArchiveCatalogueItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (itemId: string) => apiRequest<CatalogueItem>(`${BASE}/catalogue/${id(itemId)}/archive`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorBillingKeys.catalogue() }),
  });
}

/** Every organisation with what it holds and owes. */
export function useBillingCustomers() {
  return useQuery({
    queryKey: operatorBillingKeys.customers(),
    queryFn: async () => (await apiRequest<ItemList<BillingCustomer>>(`${BASE}/customers`)).items,
  });
}

/** A customer's products. */
export function useCustomerProducts(orgId: string) {
  return useQuery({
    queryKey: operatorBillingKeys.products(orgId),
    queryFn: async () => (await apiRequest<ItemList<Product>>(`${customerPath(orgId)}/products`)).items,
  });
}

/**
 * Gives a customer a product from the catalogue. Invalidating the customers' key invalidates every
 * query under it: the customers list (next renewal), and this customer's products and renewals.
 */
export function useCreateCustomerProduct(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProduct) => apiRequest<Product>(`${customerPath(orgId)}/products`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorBillingKeys.customers() }),
  });
}

/** A customer's school bases (operators are no members of the organisation: this is their view of them). */
export function useCustomerBases(orgId: string) {
  return useQuery({
    queryKey: operatorBillingKeys.bases(orgId),
    queryFn: async () => (await apiRequest<ItemList<BillingCustomerBase>>(`${customerPath(orgId)}/bases`)).items,
  });
}

/** A customer's billing addresses. */
export function useCustomerAddresses(orgId: string) {
  return useQuery({
    queryKey: operatorBillingKeys.addresses(orgId),
    queryFn: async () => (await apiRequest<ItemList<BillingAddress>>(`${customerPath(orgId)}/addresses`)).items,
  });
}

/** What the renewal runs decided for a customer's products, latest first. */
export function useCustomerRenewals(orgId: string) {
  return useQuery({
    queryKey: operatorBillingKeys.renewals(orgId),
    queryFn: async () => (await apiRequest<ItemList<RenewalRecord>>(`${customerPath(orgId)}/renewals`)).items,
  });
}

/** What one renewal run did. */
export interface RenewalRunReport { date: string; invoiced: number; warrantyInvoiced: number; ended: number; renewed: number; problems: number }

/** Runs today's renewals now (the daily job does it too; a second run changes nothing). */
export function useRunRenewals() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<RenewalRunReport>(`${BASE}/renewals/run`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorBillingKeys.customers() }),
  });
}

/** A customer's billing history with these filters, drafts included, one page after another. */
export function useCustomerDocuments(orgId: string, filters: DocumentFilters) {
  return useInfiniteQuery({
    queryKey: operatorBillingKeys.documentList(orgId, filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<BillingDocumentPage>(`${customerPath(orgId)}/documents${queryString({ ...filterValues(filters), limit: DOCUMENTS_PAGE_SIZE, cursor: pageParam })}`, { signal }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // While another filter's first page loads, the rows shown stay those of the previous filter.
    placeholderData: keepPreviousData,
  });
}

/** One document as the operator sees it. */
export function useOperatorDocument(docId: string | null) {
  return useQuery({
    queryKey: operatorBillingKeys.document(docId ?? ''),
    queryFn: () => apiRequest<BillingDocument>(documentPath(docId ?? '')),
    enabled: docId !== null,
  });
}

/** After a change of a customer's document: the document, the customer's history and the customers' totals read again. */
function useDocumentChange<I, R extends BillingDocument | undefined>(call: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: async (document) => {
      if (document) queryClient.setQueryData(operatorBillingKeys.document(document.id), document);
      await queryClient.invalidateQueries({ queryKey: operatorBillingKeys.customers() });
    },
  });
}

/** Drafts an invoice by hand. */
export function useCreateDraftInvoice(orgId: string) {
  return useDocumentChange((input: CreateDraftInvoice) =>
    apiRequest<BillingDocument>(`${customerPath(orgId)}/invoices`, { method: 'POST', body: input }));
}

/** Deletes a draft. */
export function useDeleteDraft() {
  return useDocumentChange(async (docId: string) => {
    await apiRequest<void>(documentPath(docId), { method: 'DELETE' });
    return undefined;
  });
}

/** Numbers a draft and stores its PDF. */
export function useFinalizeDocument() {
  return useDocumentChange((docId: string) => apiRequest<BillingDocument>(`${documentPath(docId)}/finalize`, { method: 'POST' }));
}

/** Issues a credit note on an invoice: everything left, or chosen lines. */
export function useCreateCreditNote() {
  const queryClient = useQueryClient();
  return useDocumentChange(async ({ docId, input }: { docId: string; input: CreateCreditNote }) => {
    const note = await apiRequest<BillingDocument>(`${documentPath(docId)}/credit-notes`, { method: 'POST', body: input });
    await queryClient.invalidateQueries({ queryKey: operatorBillingKeys.document(docId) });
    return note;
  });
}

/** Records a payment received on an invoice. */
export function useRecordPayment() {
  return useDocumentChange(({ docId, input }: { docId: string; input: RecordPayment }) =>
    apiRequest<BillingDocument>(`${documentPath(docId)}/payments`, { method: 'POST', body: input }));
}
