/** ARC's documented data-plane limit: routing-control updates per second, per cluster endpoint. */
export const ARC_WRITES_PER_SECOND = 3;
/**
 * The window the writes are counted in: a quarter longer than ARC's second.
 * ARC counts a write when it arrives; one that leaves on a fresh socket (a
 * TCP or TLS handshake first) can arrive later than the next one sent on a
 * warm socket, and must not make a fourth in ARC's second.
 */
const WINDOW_MS = 1250;

/**
 * Routing-control updates sent to each endpoint of one cluster, at most
 * `perWindow` in any rolling window, so hedging and concurrent failovers of
 * this process never trip ARC's throttle. Counts every write SENT: one that
 * was then abandoned or hung still arrived (or may yet).
 */
export class EndpointWriteBudget {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly perWindow: number = ARC_WRITES_PER_SECOND,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes a slot for one write to `endpoint` and returns 0; or, when its
   * budget is spent, takes nothing and returns the milliseconds until a slot
   * frees up.
   */
  take(endpoint: string): number {
    const now = this.now();
    const mine = (this.sent.get(endpoint) ?? []).filter(
      at => at > now - WINDOW_MS,
    );
    this.sent.set(endpoint, mine);
    if (mine.length >= this.perWindow) {
      return mine[mine.length - this.perWindow] + WINDOW_MS - now;
    }
    mine.push(now);
    return 0;
  }
}
