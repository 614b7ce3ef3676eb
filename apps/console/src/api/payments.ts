import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssignBankEntry, BankEntry, BankStatement, CreditRefundCandidate, PayFromBalance, PrepaidBalance, StatementImportReport } from '@preau/contracts';
import { apiRequest, apiUpload } from './client.ts';
import type { ItemList } from './billing.ts';
import { billingKeys, operatorBillingKeys } from './query-keys.ts';
import { orgPaths } from './organizations.ts';

const BASE = '/api/operator/billing';
const id = encodeURIComponent;
const balanceKey = (orgId: string) => [...billingKeys.all(orgId), 'balance'] as const;
const statementsKey = () => [...operatorBillingKeys.all(), 'statements'] as const;
const entriesKey = (state: BankEntry['state'] | 'all') => [...operatorBillingKeys.all(), 'bank-entries', state] as const;

/** The organisation's prepaid balance, its movements and what became of its transfers. */
export function usePrepaidBalance(orgId: string) {
  return useQuery({ queryKey: balanceKey(orgId), queryFn: () => apiRequest<PrepaidBalance>(`${orgPaths.one(orgId)}/billing/balance`) });
}

/** Pays invoices in full from the balance (all or none); the documents and the balance are read again. */
export function usePayFromBalance(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PayFromBalance) => apiRequest<PrepaidBalance>(`${orgPaths.one(orgId)}/billing/balance/payments`, { method: 'POST', body: input }),
    onSuccess: (balance) => {
      queryClient.setQueryData(balanceKey(orgId), balance);
      void queryClient.invalidateQueries({ queryKey: billingKeys.documents(orgId) });
    },
  });
}

/** Imported bank statements, latest first. */
export function useBankStatements() {
  return useQuery({ queryKey: statementsKey(), queryFn: async () => (await apiRequest<ItemList<BankStatement>>(`${BASE}/statements`)).items });
}

/** Bank entries with their decisions: the unmatched queue, or all. */
export function useBankEntries(state: BankEntry['state'] | 'all') {
  return useQuery({
    queryKey: entriesKey(state),
    queryFn: async () => (await apiRequest<ItemList<BankEntry>>(`${BASE}/bank-entries${state === 'all' ? '' : `?state=${state}`}`)).items,
  });
}

/** Imports a camt.053 / camt.054 file as it is. */
export function useImportStatement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => apiUpload<StatementImportReport>(`${BASE}/statements`, { body: file, contentType: 'application/xml' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorBillingKeys.all() }),
  });
}

/** Places an unmatched entry on an invoice or an organisation's balance. */
export function useAssignBankEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entryId, target }: { entryId: string; target: AssignBankEntry }) => apiRequest<BankEntry>(`${BASE}/bank-entries/${id(entryId)}/assign`, { method: 'POST', body: target }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: operatorBillingKeys.all() }),
  });
}

const customerBalancePath = (orgId: string) => `${BASE}/customers/${id(orgId)}/balance`;

/** A customer's prepaid balance, as the operators see it. */
export function useCustomerBalance(orgId: string) {
  return useQuery({ queryKey: operatorBillingKeys.balance(orgId), queryFn: () => apiRequest<PrepaidBalance>(customerBalancePath(orgId)) });
}

/** A customer's issued credit notes, each with what a refund to the balance would put there now, or what it did. */
export function useCreditRefundCandidates(orgId: string) {
  return useQuery({
    queryKey: operatorBillingKeys.creditRefunds(orgId),
    queryFn: async () => (await apiRequest<ItemList<CreditRefundCandidate>>(`${customerBalancePath(orgId)}/credit-refunds`)).items,
  });
}

/** Refunds a credit note to the customer's balance (once); the balance and the credit notes are read again. */
export function useRefundCreditNote(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (creditNoteId: string) => apiRequest<PrepaidBalance>(`${customerBalancePath(orgId)}/credit-refunds`, { method: 'POST', body: { creditNoteId } }),
    onSuccess: (balance) => {
      queryClient.setQueryData(operatorBillingKeys.balance(orgId), balance);
      void queryClient.invalidateQueries({ queryKey: operatorBillingKeys.creditRefunds(orgId) });
      void queryClient.invalidateQueries({ queryKey: balanceKey(orgId) });
    },
  });
}
