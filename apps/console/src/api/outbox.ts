import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { outboxKeys } from './query-keys.ts';

/** One e-mail written to the development outbox (GET /api/dev/outbox and /api/dev/outbox/{id}). */
export interface OutboxMessage { id: string; from: string; to: string; subject: string; date: string; text: string; html: string | null; links: string[] }

/**
 * E-mails in the development outbox, read only when `enabled` (operators: the server refuses everyone
 * else); errors when the server sends real mail (no outbox).
 */
export function useOutbox(enabled = true) {
  return useQuery({
    queryKey: outboxKeys.list(),
    queryFn: async () => (await apiRequest<{ items: OutboxMessage[] }>('/api/dev/outbox')).items,
    retry: false,
    enabled,
  });
}

/** One e-mail of the development outbox. */
export function useOutboxMessage(id: string) {
  return useQuery({
    queryKey: outboxKeys.message(id),
    queryFn: () => apiRequest<OutboxMessage>(`/api/dev/outbox/${encodeURIComponent(id)}`),
  });
}

/** One text written to the development SMS outbox (GET /api/dev/sms-outbox). */
export interface SmsOutboxMessage { id: string; to: string; text: string; date: string }

/** Texts in the development SMS outbox, read only when `enabled` (operators); errors when the server sends real texts. */
export function useSmsOutbox(enabled = true) {
  return useQuery({
    queryKey: outboxKeys.sms(),
    queryFn: async () => (await apiRequest<{ items: SmsOutboxMessage[] }>('/api/dev/sms-outbox')).items,
    retry: false,
    enabled,
  });
}
