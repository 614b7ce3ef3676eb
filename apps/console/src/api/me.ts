import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PhoneVerificationSent, Profile, UpdateProfile, VerifyPhone } from '@preau/contracts';
import { ApiError, apiRequest } from './client.ts';
import { meKeys } from './query-keys.ts';

/** The signed-in person's profile, or `null` when nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: meKeys.detail(),
  queryFn: async (): Promise<Profile | null> => {
    try {
      return await apiRequest<Profile>('/api/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 30_000,
});

/** Current profile (null when signed out). */
export function useMe() {
  return useQuery(meQuery);
}

/** The signed-in profile; only for pages behind the sign-in guard. */
export function useSignedInMe(): Profile {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useSignedInMe used outside the signed-in layout');
  return data;
}

/** PATCH /api/me, then refresh the cached profile. */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateProfile) => apiRequest<Profile>('/api/me', { method: 'PATCH', body: patch }),
    onSuccess: (profile) => queryClient.setQueryData(meQuery.queryKey, profile),
  });
}

/** POST /api/me/phone/verification: sends a code by SMS to the profile's number. */
export function useSendPhoneCode() {
  return useMutation({
    mutationFn: () => apiRequest<PhoneVerificationSent>('/api/me/phone/verification', { method: 'POST' }),
  });
}

/** POST /api/me/phone/verify with the code received by SMS, then refresh the cached profile. */
export function useVerifyPhone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: VerifyPhone) => apiRequest<Profile>('/api/me/phone/verify', { method: 'POST', body }),
    onSuccess: (profile) => queryClient.setQueryData(meQuery.queryKey, profile),
  });
}
