import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/app-error.ts';
import type { Clock } from '../shared/clock.ts';

export interface RateLimit {
  /** Requests allowed per key within `windowMs`. */
  max: number;
  windowMs: number;
}

/**
 * A fixed-window request counter per key (the client address), kept in this process's memory like
 * better-auth's limits on the identity routes: a window starts at a key's first request.
 */
export function createRateLimiter(limit: RateLimit, now: Clock) {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;

  /** Drops the windows that have passed (at most once per window length). */
  function sweep(at: number): void {
    if (at - lastSweep < limit.windowMs) return;
    lastSweep = at;
    for (const [key, window] of windows) if (at - window.start >= limit.windowMs) windows.delete(key);
  }

  return {
    /** Counts a request of `key`; the seconds to wait when it is over the limit, undefined otherwise. */
    hit(key: string): number | undefined {
      const at = now().getTime();
      sweep(at);
      const window = windows.get(key);
      if (!window || at - window.start >= limit.windowMs) {
        windows.set(key, { start: at, count: 1 });
        return undefined;
      }
      window.count += 1;
      return window.count > limit.max ? Math.max(1, Math.ceil((window.start + limit.windowMs - at) / 1000)) : undefined;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** A route's `onRequest` hook: 429 `rate_limited` with `retry-after` past the client address's limit. */
export function limitByClientAddress(limiter: RateLimiter) {
  return async (request: FastifyRequest, reply: { header: (name: string, value: string) => unknown }): Promise<void> => {
    const wait = limiter.hit(request.ip);
    if (wait === undefined) return;
    reply.header('retry-after', String(wait));
    throw new AppError('rate_limited', 'rate_limited');
  };
}
