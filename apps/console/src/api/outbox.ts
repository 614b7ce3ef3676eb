import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.ts';

/** One e-mail written to the development outbox (summary). */
export interface OutboxSummary { id: string; to: string; subject: string; createdAt: string }
/** One e-mail written to the development outbox, with its text. */
export interface OutboxMessage extends OutboxSummary { text: string }

/** E-mails in the development outbox; errors when the server sends real mail (no outbox). */
export function useOutbox() {
  return useQuery({
    queryKey: ['dev', 'outbox'],
    queryFn: async () => (await apiRequest<{ items: OutboxSummary[] }>('/api/dev/outbox')).items,
    retry: false,
  });
}

/** One e-mail of the development outbox. */
export function useOutboxMessage(id: string) {
  return useQuery({
    queryKey: ['dev', 'outbox', id],
    queryFn: () => apiRequest<OutboxMessage>(`/api/dev/outbox/${encodeURIComponent(id)}`),
  });
}
