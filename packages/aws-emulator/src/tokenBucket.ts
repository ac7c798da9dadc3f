/**
 * A token bucket per key (an account), driven by the injectable clock: how
 * AWS meters per-account API rates. A burst of `perSecond` requests passes,
 * then one every 1/perSecond s. Unlike a sliding window it forgives requests
 * that a busy client sent evenly but that arrive bunched together.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    /** Requests per second and burst size; 0 or less switches throttling off. */
    private readonly perSecond: () => number,
    private readonly clock: () => number,
  ) {}

  /**
   * Takes a token for `key` and returns undefined, or returns the whole
   * seconds (at least 1) until one is available when the bucket is empty.
   */
  take(key: string): number | undefined {
    const rate = this.perSecond();
    if (!rate || rate <= 0) return undefined;
    const now = this.clock();
    // At least one token fits, or a rate below 1/s would never let one through.
    const burst = Math.max(rate, 1);
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(
      burst,
      bucket.tokens + ((now - bucket.at) / 1000) * rate,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    // tolerance: a refill of exactly one token in float must not fall short
    if (bucket.tokens >= 1 - 1e-9) {
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  }

  clear(): void {
    this.buckets.clear();
  }
}
