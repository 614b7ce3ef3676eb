import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../shared/app-error.ts';
import type { Clock } from '../shared/clock.ts';
import { createRequestCountersRepository } from './request-counters.repository.ts';

export interface RateLimit {
  /** Requests allowed per key within `windowMs`. */
  max: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts a request of `key`; the seconds to wait when it is over the limit, undefined otherwise. */
  hit(key: string): Promise<number | undefined>;
}

/** Where the counts live: this process's memory (PGlite: one process), or the database every API process shares (PostgreSQL). */
export type RateLimitStore = { kind: 'memory' } | { kind: 'database'; db: Kysely<Database>; name: string };

/**
 * A fixed-window request counter per key (the client address): a window starts at a key's first
 * request. In memory, or in the `request_counters` table so that several API processes count the
 * same requests (one upsert per request; written by hand: the maintained limiters, such as
 * @fastify/rate-limit, count in memory or in Redis, which Préau does not run).
 */
export function createRateLimiter(limit: RateLimit, now: Clock, store: RateLimitStore = { kind: 'memory' }): RateLimiter {
  const waitOf = (windowStart: number, count: number, at: number) =>
    count > limit.max ? Math.max(1, Math.ceil((windowStart + limit.windowMs - at) / 1000)) : undefined;

  if (store.kind === 'database') {
    const counters = createRequestCountersRepository(store.db);
    const prefix = `${store.name}:`;
    let lastSweep = 0;
    return {
      async hit(key) {
        const at = now().getTime();
        if (at - lastSweep >= limit.windowMs) {
          // Ended windows go at most once per window length (by whichever process gets there).
          lastSweep = at;
          await counters.deleteEnded(prefix, at - limit.windowMs);
        }
        const { windowStart, count } = await counters.hit(`${prefix}${key}`, at, limit.windowMs);
        return waitOf(windowStart, count, at);
      },
    };
  }

  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  /** Drops the windows that have passed (at most once per window length). */
  function sweep(at: number): void {
    if (at - lastSweep < limit.windowMs) return;
    lastSweep = at;
    for (const [key, window] of windows) if (at - window.start >= limit.windowMs) windows.delete(key);
  }
  return {
    hit(key) {
      const at = now().getTime();
      sweep(at);
      const window = windows.get(key);
      if (!window || at - window.start >= limit.windowMs) {
        windows.set(key, { start: at, count: 1 });
        return Promise.resolve(undefined);
      }
      window.count += 1;
      return Promise.resolve(waitOf(window.start, window.count, at));
    },
  };
}

/** A route's `onRequest` hook: 429 `rate_limited` with `retry-after` past the client address's limit. */
export function limitByClientAddress(limiter: RateLimiter) {
  return async (request: FastifyRequest, reply: { header: (name: string, value: string) => unknown }): Promise<void> => {
    const wait = await limiter.hit(request.ip);
    if (wait === undefined) return;
    reply.header('retry-after', String(wait));
    throw new AppError('rate_limited', 'rate_limited');
  };
}
