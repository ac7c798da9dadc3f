import { setTimeout as delay } from 'node:timers/promises';

/**
 * Spaces calls evenly: consecutive grants are at least `1000 / perSecond`
 * milliseconds apart (plus a margin), measured on the ACTUAL grant times, so
 * a late timer (a busy event loop) can never bunch grants together. Waiters
 * are served in arrival order.
 *
 * @public
 */
export class RateLimiter {
  private readonly spacingMs: number;
  private lastGrant = -Infinity;
  private chain: Promise<void> = Promise.resolve();
  private granted = 0;
  /** When the most recent grants were given (bounded), for tests and the bench. */
  readonly recentGrants: number[] = [];

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    // a quarter wider than 1/rate: AWS counts requests when they arrive,
    // and one that leaves or is read late (a busy event loop on either side)
    // must not squeeze six into one second; six grants span 1,250 ms at 5/s
    this.spacingMs = Math.ceil((1000 / perSecond) * 1.25);
  }

  /** Resolves when the caller may send one request. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.chain.then(async () => {
      for (;;) {
        const wait = this.lastGrant + this.spacingMs - this.now();
        if (wait <= 0 || signal?.aborted) break;
        // an aborted wait ends the loop above, it is not an error here
        await delay(wait, undefined, { signal }).catch(() => undefined);
      }
      // an abandoned request is not sent, so it takes no grant
      if (signal?.aborted) throw abortError(signal);
      this.lastGrant = this.now();
      this.granted++;
      this.recentGrants.push(this.lastGrant);
      if (this.recentGrants.length > 1000) this.recentGrants.shift();
    });
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  /** How many grants so far (for tests and the bench). */
  get count(): number {
    return this.granted;
  }
}

function abortError(signal: AbortSignal): Error {
  const error = new Error(
    `Aborted while waiting for the Route 53 request budget: ${String(
      signal.reason ?? 'aborted',
    )}`,
  );
  error.name = 'AbortError';
  return error;
}
