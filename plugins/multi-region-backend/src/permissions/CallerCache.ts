/**
 * A short memory of what ONE caller was allowed to see: an entry is served
 * only to the caller it was made for (its key starts with the caller's key,
 * a hash of their token: see callerKey.ts), for `ttlMs`, and at most
 * `maxEntries` are kept (the oldest go first). Concurrent requests for the
 * same entry share one load; a load that fails is forgotten at once, so a
 * refusal (403, 404) is always decided afresh. Without a caller key nothing
 * is kept.
 */
export class CallerCache<T> {
  private readonly entries = new Map<
    string,
    { value: Promise<T>; expiresAt: number }
  >();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      /** The clock (tests). */
      now?: () => number;
    },
  ) {
    if (!(options.maxEntries >= 1)) {
      throw new Error(
        `CallerCache maxEntries must be at least 1, got ${options.maxEntries}`,
      );
    }
    this.now = options.now ?? Date.now;
  }

  /** The caller's entry for `key` while fresh, else what `load` gives (kept unless it fails). */
  get(
    caller: string | undefined,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    if (!caller || this.options.ttlMs <= 0) return load();
    const now = this.now();
    // a newline cannot occur in a token hash: no caller's key is another's prefix
    const k = `${caller}\n${key}`;
    const hit = this.entries.get(k);
    if (hit && hit.expiresAt > now) return hit.value;
    this.entries.delete(k);
    const value = load();
    this.entries.set(k, { value, expiresAt: now + this.options.ttlMs });
    value.catch(() => {
      if (this.entries.get(k)?.value === value) this.entries.delete(k);
    });
    this.evict(now);
    return value;
  }

  /** Entries held (expired ones included until they are evicted). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Drops expired entries and, over the bound, the oldest. Every entry lives
   * equally long, so insertion order is expiry order: only the front is looked at.
   */
  private evict(now: number) {
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && e.expiresAt > now) {
        return;
      }
      this.entries.delete(k);
    }
  }
}
