import { CallerCache } from './CallerCache';

/** A cache on a clock the test moves. */
function setup(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000_000;
  const cache = new CallerCache<string>({
    ttlMs: options.ttlMs ?? 5_000,
    maxEntries: options.maxEntries ?? 100,
    now: () => now,
  });
  const loads: string[] = [];
  const load = (caller: string, key: string, answer = `${caller}:${key}`) =>
    cache.get(caller, key, async () => {
      loads.push(`${caller}:${key}`);
      return answer;
    });
  return {
    cache,
    loads,
    load,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('CallerCache', () => {
  it("never serves one caller's answer to another, for the same key", async () => {
    const { load, loads } = setup();
    expect(await load('alice', 'component:default/orders', 'allowed')).toBe(
      'allowed',
    );
    expect(await load('bob', 'component:default/orders', 'denied')).toBe(
      'denied',
    );
    expect(await load('alice', 'component:default/orders')).toBe('allowed');
    expect(await load('bob', 'component:default/orders')).toBe('denied');
    expect(loads).toEqual([
      'alice:component:default/orders',
      'bob:component:default/orders',
    ]);
  });

  it('keeps nothing without a caller key', async () => {
    const cache = new CallerCache<number>({ ttlMs: 5_000, maxEntries: 10 });
    let n = 0;
    const load = async () => ++n;
    expect(await cache.get(undefined, 'k', load)).toBe(1);
    expect(await cache.get(undefined, 'k', load)).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('reuses an answer until its ttl has passed, then loads again', async () => {
    const { load, loads, advance } = setup({ ttlMs: 5_000 });
    await load('alice', 'k');
    advance(4_999);
    await load('alice', 'k');
    expect(loads).toHaveLength(1);
    advance(1);
    await load('alice', 'k');
    expect(loads).toHaveLength(2);
  });

  it('never keeps more than maxEntries, dropping the oldest first', async () => {
    const { cache, load, loads } = setup({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await load('alice', key);
    expect(cache.size).toBe(3);
    await load('alice', 'd');
    await load('alice', 'b');
    expect(loads).toHaveLength(4); // b and d were still held
    await load('alice', 'a'); // the oldest was dropped: loaded again
    expect(loads).toHaveLength(5);
    expect(cache.size).toBe(3);
  });

  it('drops expired entries when new ones arrive', async () => {
    const { cache, load, advance } = setup({ ttlMs: 1_000 });
    await load('alice', 'a');
    await load('bob', 'b');
    advance(1_000);
    await load('carol', 'c');
    expect(cache.size).toBe(1);
  });

  it('shares one load between concurrent requests of the same caller and key', async () => {
    const cache = new CallerCache<string>({ ttlMs: 5_000, maxEntries: 10 });
    let release!: (v: string) => void;
    const load = jest.fn(
      () =>
        new Promise<string>(resolve => {
          release = resolve;
        }),
    );
    const first = cache.get('alice', 'k', load);
    const second = cache.get('alice', 'k', load);
    release('answer');
    expect(await Promise.all([first, second])).toEqual(['answer', 'answer']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed load, so a refusal is decided again', async () => {
    const cache = new CallerCache<string>({ ttlMs: 5_000, maxEntries: 10 });
    const refused = jest.fn(async () => {
      throw new Error('NotAllowedError');
    });
    await expect(cache.get('alice', 'k', refused)).rejects.toThrow(
      'NotAllowedError',
    );
    expect(cache.size).toBe(0);
    await expect(
      cache.get('alice', 'k', async () => 'now allowed'),
    ).resolves.toBe('now allowed');
  });

  it('keeps nothing with a ttl of 0, and refuses a bound below 1', async () => {
    const cache = new CallerCache<string>({ ttlMs: 0, maxEntries: 10 });
    await cache.get('alice', 'k', async () => 'x');
    expect(cache.size).toBe(0);
    expect(() => new CallerCache({ ttlMs: 1, maxEntries: 0 })).toThrow(
      'CallerCache maxEntries must be at least 1, got 0',
    );
  });
});
