import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { instanceKeys } from './query-keys.ts';

/** Public facts about this Préau: `firstRun` until the first account exists. */
export const instanceQuery = queryOptions({
  queryKey: instanceKeys.detail(),
  queryFn: () => apiRequest<{ firstRun: boolean }>('/api/instance'),
  staleTime: 0,
});
