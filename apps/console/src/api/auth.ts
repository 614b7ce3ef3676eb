import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Locale } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { meKeys, verifyEmailKeys } from './query-keys.ts';

// Plain calls to better-auth's e-mail and password routes: they go through the same client so the
// CSRF header and error parsing stay in one place.

/** `organizationName`: signing up alone creates it (the account its legal owner); left out from an invitation. */
export interface SignUpInput { name: string; email: string; password: string; locale: Locale; organizationName?: string }
export interface SignInInput { email: string; password: string }

/** Absolute URL of a console page, for links better-auth writes into e-mails. */
export function consoleUrl(path: string): string {
  return new URL(path, window.location.origin).toString();
}

/**
 * Creates an account, then signs in with it. Sign-up answers alike whether or not the address already
 * has an account (its owner is e-mailed instead), so `signedIn` is false when the sign-in that follows
 * is refused: the page then says to look at the mailbox.
 */
export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignUpInput) => {
      await apiRequest('/api/auth/sign-up/email', { method: 'POST', body: { ...input, callbackURL: consoleUrl('/verify-email') } });
      try {
        await apiRequest('/api/auth/sign-in/email', { method: 'POST', body: { email: input.email, password: input.password } });
        return { signedIn: true };
      } catch {
        return { signedIn: false };
      }
    },
    // Answers cached while signed out ("nobody", no organisations) must not survive the sign-in.
    onSuccess: () => queryClient.removeQueries(),
  });
}

/** Signs in with e-mail and password. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInInput) => apiRequest('/api/auth/sign-in/email', { method: 'POST', body: input }),
    // Answers cached while signed out ("nobody", no organisations) must not survive the sign-in.
    onSuccess: () => queryClient.removeQueries(),
  });
}

/** Signs out; the caller leaves the signed-in pages first, then forgets the cached answers. */
export function useSignOut() {
  return useMutation({ mutationFn: () => apiRequest('/api/auth/sign-out', { method: 'POST', body: {} }) });
}

/** Asks for a password-reset e-mail whose link opens `/reset-password?token=`. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) =>
      apiRequest('/api/auth/request-password-reset', { method: 'POST', body: { email, redirectTo: consoleUrl('/reset-password') } }),
  });
}

/** Sets a new password with the token from the reset e-mail. */
export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { token: string; newPassword: string }) =>
      apiRequest('/api/auth/reset-password', { method: 'POST', body: input }),
  });
}

/** Confirms an e-mail address with the token from the verification e-mail (when there is one), then reads the profile again. */
export function useVerifyEmail(token: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: verifyEmailKeys.token(token),
    queryFn: async () => {
      const answer = await apiRequest<unknown>(`/api/auth/verify-email?token=${encodeURIComponent(token ?? '')}`);
      // The profile cached before (emailVerified: false) would keep the banner up.
      await queryClient.invalidateQueries({ queryKey: meKeys.detail() });
      return answer ?? null;
    },
    enabled: token !== undefined,
    retry: false,
  });
}

/** Sends the verification e-mail again. */
export function useResendVerification() {
  return useMutation({
    mutationFn: (email: string) =>
      apiRequest('/api/auth/send-verification-email', { method: 'POST', body: { email, callbackURL: consoleUrl('/verify-email') } }),
  });
}
