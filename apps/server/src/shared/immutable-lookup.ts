/**
 * Remembers the answers of a lookup whose answer never changes once it exists (the organisation of a
 * base, the base of an import: ids are never reused and never move), so the access layer asks the
 * database once per id. At most `max` answers are kept, the oldest dropped first; an id not found is
 * not remembered (it may exist later).
 */
export function cacheImmutableLookup<T>(lookup: (key: string) => Promise<T | undefined>, max = 10_000): (key: string) => Promise<T | undefined> {
  const known = new Map<string, T>();
  return async (key) => {
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    const found = await lookup(key);
    if (found !== undefined) {
      if (known.size >= max) known.delete(known.keys().next().value as string);
      known.set(key, found);
    }
    return found;
  };
}
