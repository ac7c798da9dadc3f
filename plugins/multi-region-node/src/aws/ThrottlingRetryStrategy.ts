/** What the SDK's retry middleware tells a strategy about a failed attempt. */
interface RetryErrorInfo {
  errorType: string;
  retryAfterHint?: Date;
}

/** The SDK's retry token: how many retries so far, and the pause before the next. */
interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

function token(count: number, delayMs: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => delayMs };
}

/**
 * An SDK retry strategy (the `RetryStrategyV2` shape both SDK generations
 * accept) that retries throttling answers only (Route 53 `Throttling`, the
 * control plane's 429 `ThrottlingException`), at most `maxAttempts` attempts
 * in all, after a pause that doubles each time (`baseDelayMs`, 2x, 4x, ...,
 * with jitter between half and all of it so that callers throttled together
 * do not come back together), or the server's `Retry-After` when that is
 * longer, capped at `maxDelayMs`. Everything else (timeouts, aborts, 5xx,
 * client errors) goes straight back to the caller, whose deadline rules.
 */
export class ThrottlingRetryStrategy {
  readonly mode = 'standard';

  constructor(
    private readonly options: {
      maxAttempts: number;
      baseDelayMs: number;
      maxDelayMs?: number;
      random?: () => number;
    },
  ) {}

  async acquireInitialRetryToken(_scope: string): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(
    previous: RetryToken,
    info: RetryErrorInfo,
  ): Promise<RetryToken> {
    const retries = previous.getRetryCount() + 1;
    if (info.errorType !== 'THROTTLING') {
      throw new Error('Not retried: only throttling is');
    }
    if (retries >= this.options.maxAttempts) {
      throw new Error(`Not retried: ${this.options.maxAttempts} attempts made`);
    }
    const random = this.options.random ?? Math.random;
    const backoff =
      this.options.baseDelayMs * 2 ** (retries - 1) * (0.5 + random() / 2);
    const hinted = info.retryAfterHint
      ? info.retryAfterHint.getTime() - Date.now()
      : 0;
    const delay = Math.min(
      Math.max(backoff, hinted),
      this.options.maxDelayMs ?? 5000,
    );
    return token(retries, Math.round(delay));
  }

  recordSuccess(_token: RetryToken): void {}
}
