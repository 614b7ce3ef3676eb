import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BillingAddress, BillingAddressInput, BillingCsvQuery, BillingDocument, BillingDocumentPage, BillingExport,
  CreateProForma, Product, UpdateAllProducts, UpdateProduct,
} from '@preau/contracts';
import { apiRequest } from './client.ts';
import { filterValues, queryString, type DocumentFilters } from './billing-paths.ts';
import { orgPaths } from './organizations.ts';
import { billingKeys } from './query-keys.ts';

/** Documents asked per page of the history. */
export const DOCUMENTS_PAGE_SIZE = 50;

/** A list answer (`ItemList<Product>Schema`, `ItemList<BillingAddress>Schema`…). */
export interface ItemList<T> { items: T[] }

const billingPath = (orgId: string) => `${orgPaths.one(orgId)}/billing`;
const id = encodeURIComponent;

/** An organisation's billing history with these filters, newest first, one page after another. */
export function useBillingDocuments(orgId: string, filters: DocumentFilters) {
  return useInfiniteQuery({
    queryKey: billingKeys.documentList(orgId, filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      apiRequest<BillingDocumentPage>(`${billingPath(orgId)}/documents${queryString({ ...filterValues(filters), limit: DOCUMENTS_PAGE_SIZE, cursor: pageParam })}`, { signal }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // While another filter's first page loads, the rows shown stay those of the previous filter.
    placeholderData: keepPreviousData,
  });
}

/** One document with its lines, VAT, payments and credit notes. */
export function useBillingDocument(orgId: string, docId: string | null) {
  return useQuery({
    queryKey: billingKeys.document(orgId, docId ?? ''),
    queryFn: () => apiRequest<BillingDocument>(`${billingPath(orgId)}/documents/${id(docId ?? '')}`),
    enabled: docId !== null,
  });
}

/** Turns a pro forma into its invoice. */
export function useConvertProForma(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (docId: string) => apiRequest<BillingDocument>(`${billingPath(orgId)}/documents/${id(docId)}/convert`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: billingKeys.documents(orgId) }),
  });
}

/** Asks for the CSV by e-mail: a job writes it and mails the caller a link valid 7 days. */
export function useRequestBillingExport(orgId: string) {
  return useMutation({
    mutationFn: (query: BillingCsvQuery) => apiRequest<BillingExport>(`${billingPath(orgId)}/exports`, { method: 'POST', body: query }),
  });
}

/** The organisation's products (hosting, support…) and their renewal settings. */
export function useBillingProducts(orgId: string) {
  return useQuery({
    queryKey: billingKeys.products(orgId),
    queryFn: async () => (await apiRequest<ItemList<Product>>(`${billingPath(orgId)}/products`)).items,
  });
}

/** Changes one product's renewal switches or renewal address. */
export function useUpdateProduct(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ productId, patch }: { productId: string; patch: UpdateProduct }) =>
      apiRequest<Product>(`${billingPath(orgId)}/products/${id(productId)}`, { method: 'PATCH', body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: billingKeys.products(orgId) }),
  });
}

/** Sets a renewal switch on every product at once. */
export function useUpdateAllProducts(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateAllProducts) => apiRequest<ItemList<Product>>(`${billingPath(orgId)}/products`, { method: 'PATCH', body: patch }),
    onSuccess: (list) => queryClient.setQueryData(billingKeys.products(orgId), list.items),
  });
}

/** Asks for a pro forma of chosen products. */
export function useCreateProForma(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProForma) => apiRequest<BillingDocument>(`${billingPath(orgId)}/pro-forma`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: billingKeys.documents(orgId) }),
  });
}

/** The organisation's billing addresses, archived ones included. */
export function useBillingAddresses(orgId: string) {
  return useQuery({
    queryKey: billingKeys.addresses(orgId),
    queryFn: async () => (await apiRequest<ItemList<BillingAddress>>(`${billingPath(orgId)}/addresses`)).items,
  });
}

/** Creates an address, or replaces one (`addressId` set). */
export function useSaveBillingAddress(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ addressId, input }: { addressId: string | null; input: BillingAddressInput }) =>
      addressId === null
        ? apiRequest<BillingAddress>(`${billingPath(orgId)}/addresses`, { method: 'POST', body: input })
        : apiRequest<BillingAddress>(`${billingPath(orgId)}/addresses/${id(addressId)}`, { method: 'PUT', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: billingKeys.addresses(orgId) }),
  });
}

/** Archives an address: kept for the documents that name it, offered no more. */
export function useArchiveBillingAddress(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (addressId: string) => apiRequest<BillingAddress>(`${billingPath(orgId)}/addresses/${id(addressId)}/archive`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: billingKeys.addresses(orgId) }),
  });
}

/** Deletes an address no issued document names (else 409 `billing_address.in_use`). */
export function useDeleteBillingAddress(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (addressId: string) => apiRequest<void>(`${billingPath(orgId)}/addresses/${id(addressId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: billingKeys.addresses(orgId) }),
  });
}
