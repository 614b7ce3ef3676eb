import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.ts';

/** One e-mail written to the development outbox (GET /api/dev/outbox and /api/dev/outbox/{id}). */
export interface OutboxMessage { id: string; from: string; to: string; subject: string; date: string; text: string; html: string | null; links: string[] }

/** E-mails in the development outbox; errors when the server sends real mail (no outbox). */
export function useOutbox() {
  return useQuery({
    queryKey: ['dev', 'outbox'],
    queryFn: async () => (await apiRequest<{ items: OutboxMessage[] }>('/api/dev/outbox')).items,
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
