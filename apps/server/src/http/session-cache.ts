/**
 * Sessions better-auth confirmed in the last few seconds, by their cookie: a signed-in person's
 * requests come in bursts (a page asks for several resources), and looking the session up costs two
 * queries each time. An entry lives `ttlMs`; signing out, changing one's profile, resetting or
 * changing a password here forgets what it changed at once; a session ended by another process is
 * still accepted by this one for at most `ttlMs`.
 */
export interface CachedSession<User> {
  user: User;
  sessionId: string;
}

export function createSessionCache<User extends { id: string }>(options: { ttlMs: number; max: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, CachedSession<User> & { until: number }>();
  return {
    /** The session of this cookie value, if confirmed less than `ttlMs` ago. */
    get(cookie: string): CachedSession<User> | undefined {
      const entry = entries.get(cookie);
      if (!entry) return undefined;
      if (entry.until > now()) return entry;
      entries.delete(cookie);
      return undefined;
    },
    remember(cookie: string, session: CachedSession<User>): void {
      if (entries.size >= options.max) entries.delete(entries.keys().next().value as string);
      entries.set(cookie, { ...session, until: now() + options.ttlMs });
    },
    forgetCookie(cookie: string): void {
      entries.delete(cookie);
    },
    /** Forgets every session (a password reset or change ended sessions of an account this process cannot name). */
    clear(): void {
      entries.clear();
    },
    /** Forgets every session of the account (its profile changed). */
    forgetUser(userId: string): void {
      for (const [cookie, entry] of entries) if (entry.user.id === userId) entries.delete(cookie);
    },
  };
}
