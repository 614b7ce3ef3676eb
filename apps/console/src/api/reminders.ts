import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BillingReminder, CheckReminderCode, OperatorReminder, PaymentSearch, PaymentSearchAnswer, ReminderCheck, ReminderSchedule, UpdateReminderSchedule } from '@preau/contracts';
import { apiRequest } from './client.ts';
import type { ItemList } from './billing.ts';
import { orgPaths } from './organizations.ts';
import { billingKeys, operatorBillingKeys } from './query-keys.ts';

const id = encodeURIComponent;
const billingPath = (orgId: string) => `${orgPaths.one(orgId)}/billing`;
const scheduleKey = () => [...operatorBillingKeys.all(), 'reminder-schedule'] as const;

/** The reminders sent for one invoice, each with the transfers for it seen after it went out. */
export function useInvoiceReminders(orgId: string, docId: string) {
  return useQuery({
    queryKey: [...billingKeys.document(orgId, docId), 'reminders'] as const,
    queryFn: async () => (await apiRequest<ItemList<BillingReminder>>(`${billingPath(orgId)}/documents/${id(docId)}/reminders`)).items,
  });
}

/** Checks a reminder's verification code (limited per account: a 429 says to wait). */
export function useCheckReminder(orgId: string) {
  return useMutation({
    mutationFn: (input: CheckReminderCode) => apiRequest<ReminderCheck>(`${billingPath(orgId)}/reminder-checks`, { method: 'POST', body: input }),
  });
}

/** "I paid but got a reminder": what became of a transfer. */
export function usePaymentSearch(orgId: string) {
  return useMutation({
    mutationFn: (input: PaymentSearch) => apiRequest<PaymentSearchAnswer>(`${billingPath(orgId)}/payment-searches`, { method: 'POST', body: input }),
  });
}

/** The operators' reminder schedule (days after the due date). */
export function useReminderSchedule() {
  return useQuery({ queryKey: scheduleKey(), queryFn: () => apiRequest<ReminderSchedule>('/api/operator/billing/reminder-schedule') });
}

export function useUpdateReminderSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateReminderSchedule) => apiRequest<ReminderSchedule>('/api/operator/billing/reminder-schedule', { method: 'PUT', body: input }),
    onSuccess: (schedule) => queryClient.setQueryData(scheduleKey(), schedule),
  });
}

/** A customer's reminders, for the operators: to whom, by which channel, with what outcome (never the code). */
export function useCustomerReminders(orgId: string) {
  return useQuery({
    queryKey: operatorBillingKeys.reminders(orgId),
    queryFn: async () => (await apiRequest<ItemList<OperatorReminder>>(`/api/operator/billing/customers/${id(orgId)}/reminders`)).items,
  });
}

/** Queues a reminder run now; each step of each invoice still goes out once. */
export function useRunReminders() {
  return useMutation({
    mutationFn: () => apiRequest<{ queued: boolean }>('/api/operator/billing/reminder-runs', { method: 'POST', body: {} }),
  });
}
