/** What a limited caller is told: how long until one more request is allowed. */
export interface RateLimitVerdict {
  allowed: boolean;
  /** Whole seconds until the next request is allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * A token bucket per caller and kind of request: `perMinute` requests in a
 * burst, refilled evenly over a minute. In memory, per replica: it bounds
 * what one person can make this replica send to AWS (a plan reads ARC and
 * the control plane), not a cluster-wide quota. 0 turns a limit off.
 */
export class CallerRateLimits<Kind extends string> {
  private readonly buckets = new Map<
    string,
    { tokens: number; updatedMs: number }
  >();

  constructor(
    private readonly perMinute: Record<Kind, number>,
    private readonly now: () => number = Date.now,
    /** Callers remembered at most; full buckets are dropped first. */
    private readonly maxCallers = 10_000,
  ) {}

  take(kind: Kind, caller: string): RateLimitVerdict {
    const capacity = this.perMinute[kind];
    if (capacity <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const perMs = capacity / 60_000;
    const key = `${kind}\u0000${caller}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? {
      tokens: capacity,
      updatedMs: now,
    };
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + Math.max(0, now - bucket.updatedMs) * perMs,
    );
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.prune(now);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(
        1,
        Math.ceil((1 - bucket.tokens) / perMs / 1000),
      ),
    };
  }

  /** Forgets callers whose bucket has refilled, when there are too many. */
  private prune(now: number) {
    if (this.buckets.size <= this.maxCallers) return;
    for (const [key, bucket] of this.buckets) {
      const kind = key.slice(0, key.indexOf('\u0000')) as Kind;
      const full =
        bucket.tokens +
        (now - bucket.updatedMs) * (this.perMinute[kind] / 60_000);
      if (full >= this.perMinute[kind]) this.buckets.delete(key);
    }
  }
}
