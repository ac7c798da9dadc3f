import { TokenBuckets } from './tokenBucket';

function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** How many of `n` takes at the current instant pass. */
function burst(buckets: TokenBuckets, key: string, n: number): number {
  let passed = 0;
  for (let i = 0; i < n; i++) if (buckets.take(key) === undefined) passed++;
  return passed;
}

describe('TokenBuckets', () => {
  it('lets a full burst of `perSecond` through, then refuses with the whole seconds to wait', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets(() => 5, clock.now);
    expect(burst(buckets, 'a', 5)).toBe(5);
    expect(buckets.take('a')).toBe(1);
    // A refused take costs nothing: the wait does not grow.
    expect(buckets.take('a')).toBe(1);
  });

  it('refills continuously at `perSecond`, up to the burst size', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets(() => 5, clock.now);
    burst(buckets, 'a', 5);
    clock.advance(199);
    expect(buckets.take('a')).toBe(1);
    clock.advance(1);
    expect(buckets.take('a')).toBeUndefined();
    expect(buckets.take('a')).toBe(1);
    // A long idle time refills to the burst size, not beyond.
    clock.advance(60_000);
    expect(burst(buckets, 'a', 10)).toBe(5);
  });

  it('never refuses a client that stays under the rate', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets(() => 5, clock.now);
    for (let i = 0; i < 1000; i++) {
      clock.advance(250);
      expect(buckets.take('a')).toBeUndefined();
    }
  });

  it('keeps one bucket per key', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets(() => 2, clock.now);
    expect(burst(buckets, 'a', 3)).toBe(2);
    expect(burst(buckets, 'b', 3)).toBe(2);
  });

  it('answers longer waits for slow rates', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets(() => 0.25, clock.now);
    // A rate below 1/s still holds one token: one every 4 s.
    expect(buckets.take('a')).toBeUndefined();
    expect(buckets.take('a')).toBe(4);
    clock.advance(3999);
    expect(buckets.take('a')).toBe(1);
    clock.advance(1);
    expect(buckets.take('a')).toBeUndefined();
  });

  it('is off at 0 and follows a changed rate', () => {
    const clock = fakeClock();
    let rate = 0;
    const buckets = new TokenBuckets(() => rate, clock.now);
    expect(burst(buckets, 'a', 100)).toBe(100);
    rate = 1;
    expect(burst(buckets, 'a', 3)).toBe(1);
  });

  it('forgets every bucket on clear', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets(() => 1, clock.now);
    expect(burst(buckets, 'a', 2)).toBe(1);
    buckets.clear();
    expect(burst(buckets, 'a', 2)).toBe(1);
  });
});
