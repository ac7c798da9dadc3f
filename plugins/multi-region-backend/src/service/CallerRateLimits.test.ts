import { CallerRateLimits } from './CallerRateLimits';

describe('CallerRateLimits', () => {
  let nowMs = 0;
  const limits = () =>
    new CallerRateLimits({ plan: 3, execute: 0 }, () => nowMs);

  beforeEach(() => {
    nowMs = 1_000_000;
  });

  it('allows a burst of perMinute, then says when to retry', () => {
    const l = limits();
    for (let i = 0; i < 3; i++) {
      expect(l.take('plan', 'user:default/alice').allowed).toBe(true);
    }
    // one token comes back every 20 s
    expect(l.take('plan', 'user:default/alice')).toEqual({
      allowed: false,
      retryAfterSeconds: 20,
    });
    nowMs += 15_000;
    expect(l.take('plan', 'user:default/alice')).toEqual({
      allowed: false,
      retryAfterSeconds: 5,
    });
    nowMs += 5_000;
    expect(l.take('plan', 'user:default/alice').allowed).toBe(true);
  });

  it('counts each caller separately', () => {
    const l = limits();
    for (let i = 0; i < 3; i++) l.take('plan', 'user:default/alice');
    expect(l.take('plan', 'user:default/alice').allowed).toBe(false);
    expect(l.take('plan', 'user:default/bob').allowed).toBe(true);
  });

  it('turns a limit of 0 off', () => {
    const l = limits();
    for (let i = 0; i < 100; i++) {
      expect(l.take('execute', 'user:default/alice').allowed).toBe(true);
    }
  });

  it('forgets refilled callers when it remembers too many', () => {
    const l = new CallerRateLimits({ plan: 3 }, () => nowMs, 2);
    l.take('plan', 'a');
    l.take('plan', 'b');
    nowMs += 60_000;
    l.take('plan', 'c');
    expect((l as any).buckets.size).toBe(1);
  });
});
