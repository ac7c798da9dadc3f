import { LatencyTracker } from './LatencyTracker';

/** Every figure comes from recorded samples and an injected clock, never from measuring. */
describe('LatencyTracker', () => {
  const settings = { minHedgeAfterMs: 50, maxHedgeAfterMs: 300, factor: 3 };
  let now: number;
  let tracker: LatencyTracker;
  beforeEach(() => {
    now = 1_000_000;
    tracker = new LatencyTracker(settings, () => now);
  });
  const recordAll = (endpoint: string, latencies: number[]) =>
    latencies.forEach(ms => tracker.record(endpoint, ms));

  it('waits the ceiling while there is no history', () => {
    expect(tracker.hedgeAfterMs('a')).toBe(300);
    recordAll('a', [10, 10]);
    expect(tracker.hedgeAfterMs('a')).toBe(300);
  });

  it("hedges after factor x the endpoint's p95", () => {
    // 20 samples: the p95 (nearest rank) is the 19th smallest, 40 ms
    recordAll('a', [...Array(18).fill(20), 40, 95]);
    expect(tracker.hedgeAfterMs('a')).toBe(120);
  });

  it('clamps to the floor and to the ceiling', () => {
    recordAll('fast', [2, 3, 4, 5]);
    recordAll('slow', [150, 160, 170]);
    expect(tracker.hedgeAfterMs('fast')).toBe(50);
    expect(tracker.hedgeAfterMs('slow')).toBe(300);
  });

  it('keeps each endpoint apart, and uses the whole cluster for one without history', () => {
    recordAll('near', [10, 10, 10]);
    recordAll('far', [80, 80, 80]);
    expect(tracker.hedgeAfterMs('near')).toBe(50);
    expect(tracker.hedgeAfterMs('far')).toBe(240);
    // six samples: p95 is the largest, 80 ms
    expect(tracker.hedgeAfterMs('hung-since-start')).toBe(240);
  });

  it('follows the most recent samples', () => {
    recordAll('a', Array(32).fill(90));
    expect(tracker.hedgeAfterMs('a')).toBe(270);
    recordAll('a', Array(32).fill(20));
    expect(tracker.hedgeAfterMs('a')).toBe(60);
  });

  it('forgets samples after five minutes', () => {
    recordAll('a', [10, 10, 10]);
    now += 5 * 60_000;
    expect(tracker.hedgeAfterMs('a')).toBe(50);
    now += 1;
    expect(tracker.hedgeAfterMs('a')).toBe(300);
  });
});
