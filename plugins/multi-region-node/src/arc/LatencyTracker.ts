/** The hedge delay's bounds and slope, from `multiRegion.arc`. */
export interface HedgeDelaySettings {
  /** Floor: never hedge sooner, whatever the history says. */
  minHedgeAfterMs: number;
  /** Ceiling, and the delay while there is no history to go by. */
  maxHedgeAfterMs: number;
  /** Hedge after this many times the endpoint's recent p95 latency. */
  factor: number;
}

/** Samples kept per endpoint: enough for a p95, few enough to follow a change within a minute of portal reads. */
const SAMPLES_PER_ENDPOINT = 32;
/** Fewer samples than this are no history: one lucky answer must not set the delay. */
const MIN_SAMPLES = 3;
/**
 * Older samples are forgotten. An endpoint that is hedged early never wins
 * against its hedge, so it records nothing new; forgetting lets it fall back
 * to the cluster's figure (or the ceiling) and show its real latency again.
 */
const SAMPLE_MAX_AGE_MS = 5 * 60_000;
const PERCENTILE = 0.95;

/** Nearest-rank percentile of a non-empty list. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/**
 * The latencies of recent successful ARC calls, per endpoint, and the hedge
 * delay they give: how long to wait on an endpoint before starting the next
 * one too. clamp(factor x p95, min, max), from the endpoint's own samples
 * (ARC's endpoints are in five regions, a far one is slower than a near
 * one); from the whole cluster's when the endpoint has none yet (e.g. it has
 * hung since the process started); the ceiling with no history at all.
 */
export class LatencyTracker {
  private readonly samples = new Map<
    string,
    Array<{ ms: number; at: number }>
  >();

  constructor(
    private readonly settings: HedgeDelaySettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** One successful attempt at `endpoint` took `ms`. */
  record(endpoint: string, ms: number): void {
    let mine = this.samples.get(endpoint);
    if (!mine) {
      mine = [];
      this.samples.set(endpoint, mine);
    }
    mine.push({ ms, at: this.now() });
    if (mine.length > SAMPLES_PER_ENDPOINT) mine.shift();
  }

  /** How long to wait on `endpoint` before hedging. */
  hedgeAfterMs(endpoint: string): number {
    const { minHedgeAfterMs, maxHedgeAfterMs, factor } = this.settings;
    const fresh = this.fresh(endpoint);
    const basis =
      fresh.length >= MIN_SAMPLES
        ? fresh
        : [...this.samples.keys()].flatMap(e => this.fresh(e));
    if (basis.length < MIN_SAMPLES) return maxHedgeAfterMs;
    const delay = Math.ceil(factor * percentile(basis, PERCENTILE));
    return Math.min(maxHedgeAfterMs, Math.max(minHedgeAfterMs, delay));
  }

  private fresh(endpoint: string): number[] {
    const oldest = this.now() - SAMPLE_MAX_AGE_MS;
    return (this.samples.get(endpoint) ?? [])
      .filter(s => s.at >= oldest)
      .map(s => s.ms);
  }
}
