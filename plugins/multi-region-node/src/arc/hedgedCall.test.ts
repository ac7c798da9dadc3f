import { ArcCallError } from './errors';
import { EndpointWriteBudget } from './EndpointWriteBudget';
import { hedgedCall, HedgedCallOptions, HedgedEndpoint } from './hedgedCall';

/**
 * hedgedCall on fake endpoints and jest's fake clock: every timing decision
 * (hedge, attempt timeout, pauses between passes, deadline) is checked by
 * advancing the clock, never by measuring it.
 */

type Behaviour =
  | { answer: string; afterMs?: number }
  | { fail: string; afterMs?: number }
  | 'hang';

const ENDPOINTS: HedgedEndpoint[] = ['a', 'b', 'c', 'd', 'e'].map(
  (name, i) => ({ url: `http://${name}`, region: `region-${i}` }),
);
const inOrder = <T>(items: readonly T[]) => [...items];
const TIMING = {
  attemptTimeoutMs: 800,
  overallDeadlineMs: 5000,
  hedgeAfterMs: 300,
};

function sdkError(name: string) {
  return Object.assign(new Error(`${name} from the endpoint`), { name });
}

/** Endpoints that behave as `plan` says, per pass (the last entry repeats). */
function fakeEndpoints(plan: Record<string, Behaviour[]>) {
  const calls: Array<{ url: string; signal: AbortSignal }> = [];
  const attempt = (endpoint: HedgedEndpoint, signal: AbortSignal) => {
    const mine = calls.filter(c => c.url === endpoint.url).length;
    calls.push({ url: endpoint.url, signal });
    const behaviours = plan[endpoint.url] ?? ['hang'];
    const behaviour = behaviours[Math.min(mine, behaviours.length - 1)];
    return new Promise<string>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(sdkError('AbortError')));
      if (behaviour === 'hang') return;
      setTimeout(() => {
        if ('answer' in behaviour) resolve(behaviour.answer);
        else reject(sdkError(behaviour.fail));
      }, behaviour.afterMs ?? 10);
    });
  };
  return { attempt, calls };
}

async function settle<T>(promise: Promise<T>, ms = 60_000) {
  const outcome = promise.then(
    value => ({ value }),
    error => ({ error }),
  );
  await jest.advanceTimersByTimeAsync(ms);
  return outcome as Promise<{ value?: T; error?: any }>;
}

describe('hedgedCall', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const call = (
    plan: Record<string, Behaviour[]>,
    timing: Partial<typeof TIMING> = {},
    extra: Partial<HedgedCallOptions<string, HedgedEndpoint>> = {},
  ) => {
    const fake = fakeEndpoints(plan);
    const promise = hedgedCall({
      what: 'ARC cluster test: Op',
      endpoints: ENDPOINTS,
      attempt: fake.attempt,
      timing: { ...TIMING, ...timing },
      order: inOrder,
      ...extra,
    });
    return { promise, calls: fake.calls };
  };

  it('answers from the first endpoint without trying another', async () => {
    const { promise, calls } = call({ 'http://a': [{ answer: 'A' }] });
    const { value } = await settle(promise);
    expect(value).toMatchObject({ value: 'A', endpoint: ENDPOINTS[0] });
    expect(value!.attempts).toEqual([]);
    expect(calls.map(c => c.url)).toEqual(['http://a']);
  });

  it.each([
    ['EndpointTemporarilyUnavailableException', 'unavailable'],
    ['InternalServerException', 'internal'],
    ['ThrottlingException', 'throttled'],
  ])('moves on after %s and records it as %s', async (name, kind) => {
    const { promise } = call({
      'http://a': [{ fail: name }],
      'http://b': [{ fail: name }],
      'http://c': [{ answer: 'C' }],
    });
    const { value } = await settle(promise);
    expect(value!.endpoint).toBe(ENDPOINTS[2]);
    expect(value!.attempts.map(a => [a.endpoint, a.kind])).toEqual([
      ['http://a', kind],
      ['http://b', kind],
    ]);
  });

  it.each([
    ['ConflictException', 'conflict'],
    ['ValidationException', 'validation'],
    ['AccessDeniedException', 'access-denied'],
    ['ResourceNotFoundException', 'not-found'],
  ])('stops at once on a final %s', async (name, kind) => {
    const { promise, calls } = call({
      'http://a': [{ fail: name }],
      'http://b': [{ answer: 'B' }],
    });
    const { error } = await settle(promise);
    expect(error).toBeInstanceOf(ArcCallError);
    expect(error.kind).toBe(kind);
    expect(error.exhausted).toBe(false);
    expect(error.message).toContain('ARC cluster test: Op was refused by');
    expect(calls.map(c => c.url)).toEqual(['http://a']);
  });

  it('hedges: a silent endpoint does not hold the call, the next one answers and the first is aborted', async () => {
    const { promise, calls } = call({
      'http://a': ['hang'],
      'http://b': [{ answer: 'B', afterMs: 50 }],
    });
    await jest.advanceTimersByTimeAsync(TIMING.hedgeAfterMs - 1);
    expect(calls.map(c => c.url)).toEqual(['http://a']);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls.map(c => c.url)).toEqual(['http://a', 'http://b']);
    const { value } = await settle(promise);
    expect(value!.endpoint).toBe(ENDPOINTS[1]);
    expect(calls[0].signal.aborted).toBe(true);
  });

  it('gives up on an attempt after its timeout and says so', async () => {
    const { promise } = call(
      { 'http://a': ['hang'], 'http://b': [{ answer: 'B' }] },
      { hedgeAfterMs: 10_000 },
    );
    const { value } = await settle(promise);
    expect(value!.endpoint).toBe(ENDPOINTS[1]);
    expect(value!.attempts).toEqual([
      expect.objectContaining({
        endpoint: 'http://a',
        kind: 'timeout',
        message: 'no response within 800 ms',
      }),
    ]);
  });

  it('starts another pass after every endpoint failed, and uses one that came back', async () => {
    const unavailable = { fail: 'EndpointTemporarilyUnavailableException' };
    const { promise, calls } = call({
      'http://a': [unavailable],
      'http://b': [unavailable],
      'http://c': [unavailable, { answer: 'C' }],
      'http://d': [unavailable],
      'http://e': [unavailable],
    });
    const { value } = await settle(promise);
    expect(value!.endpoint).toBe(ENDPOINTS[2]);
    expect(calls.map(c => c.url)).toEqual([
      ...ENDPOINTS.map(e => e.url),
      'http://a',
      'http://b',
      'http://c',
    ]);
  });

  it('keeps passing with doubling pauses until the deadline, then names every endpoint', async () => {
    const unavailable = { fail: 'EndpointTemporarilyUnavailableException' };
    const plan = Object.fromEntries(ENDPOINTS.map(e => [e.url, [unavailable]]));
    const { promise, calls } = call(plan, { overallDeadlineMs: 1000 });
    const { error } = await settle(promise);
    expect(error).toBeInstanceOf(ArcCallError);
    expect(error.kind).toBe('unavailable');
    expect(error.exhausted).toBe(true);
    // passes of 5 x 10 ms with pauses of 100, 200 and 400 ms fit in 1000 ms;
    // the next pause (800 ms) does not
    expect(calls).toHaveLength(20);
    expect(error.message).toContain('20 attempts in 4 passes');
    for (const ep of ENDPOINTS) {
      expect(error.message).toContain(
        `${ep.region} (${ep.url}) was temporarily unavailable`,
      );
    }
    expect(error.message).toContain('(4 attempts)');
  });

  it('at the deadline, reports the endpoints still being waited on', async () => {
    const { promise } = call(
      {},
      { overallDeadlineMs: 700, attemptTimeoutMs: 10_000 },
    );
    const { error } = await settle(promise);
    expect(error).toBeInstanceOf(ArcCallError);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('within the 700 ms deadline');
    expect(error.message).toContain('(http://a) had not answered after 700 ms');
    // hedges at 300 and 600 ms: two more started, the rest never tried
    expect(error.message).toContain('(http://c) had not answered after 100 ms');
    expect(error.message).toContain('(http://d) was not tried');
  });

  it('never asks an endpoint it is still waiting on a second time in a pass', async () => {
    const { promise, calls } = call(
      {
        'http://a': ['hang'],
        'http://b': [{ fail: 'InternalServerException' }],
        'http://c': [{ fail: 'InternalServerException' }],
        'http://d': [{ fail: 'InternalServerException' }],
        'http://e': [{ fail: 'InternalServerException' }],
      },
      { overallDeadlineMs: 1000, attemptTimeoutMs: 10_000 },
    );
    await settle(promise);
    const perPass = calls.filter(c => c.url === 'http://a');
    expect(perPass).toHaveLength(1);
  });

  describe('with a hedge delay per endpoint', () => {
    it('waits on each endpoint as long as hedgeAfter says for it', async () => {
      const delays: Record<string, number> = {
        'http://a': 50,
        'http://b': 120,
      };
      const { promise, calls } = call(
        { 'http://a': ['hang'], 'http://b': ['hang'] },
        {},
        { hedgeAfter: ep => delays[ep.url] ?? 300 },
      );
      const urls = () => calls.map(c => c.url);
      await jest.advanceTimersByTimeAsync(49);
      expect(urls()).toEqual(['http://a']);
      await jest.advanceTimersByTimeAsync(1);
      expect(urls()).toEqual(['http://a', 'http://b']);
      await jest.advanceTimersByTimeAsync(119);
      expect(urls()).toEqual(['http://a', 'http://b']);
      await jest.advanceTimersByTimeAsync(1);
      expect(urls()).toEqual(['http://a', 'http://b', 'http://c']);
      await settle(promise);
    });

    it('with four hung endpoints first, the fifth answers after four short hedges', async () => {
      const { promise, calls } = call(
        { 'http://e': [{ answer: 'E', afterMs: 5 }] },
        { hedgeAfterMs: 10_000 },
        { hedgeAfter: () => 50 },
      );
      await jest.advanceTimersByTimeAsync(4 * 50 + 5);
      const { value } = await settle(promise, 0);
      expect(value).toMatchObject({ value: 'E', endpoint: ENDPOINTS[4] });
      expect(calls.map(c => c.url)).toEqual(ENDPOINTS.map(e => e.url));
      // the four hung attempts were abandoned, not left hanging
      expect(calls.slice(0, 4).every(c => c.signal.aborted)).toBe(true);
    });
  });

  describe('with a send budget per endpoint', () => {
    it('passes over an endpoint without room and sends to the next at once', async () => {
      const asked: string[] = [];
      const { promise, calls } = call(
        { 'http://b': [{ answer: 'B' }] },
        {},
        {
          admit: ep => {
            asked.push(ep.url);
            return ep.url === 'http://a' ? 700 : 0;
          },
        },
      );
      await jest.advanceTimersByTimeAsync(0);
      expect(calls.map(c => c.url)).toEqual(['http://b']);
      expect(asked).toEqual(['http://a', 'http://b']);
      const { value } = await settle(promise);
      expect(value!.endpoint).toBe(ENDPOINTS[1]);
    });

    it('asks a passed-over endpoint again at the next hedge, before the rest of the pass', async () => {
      const t0 = Date.now();
      // endpoint a has room from 400 ms on; b hangs; the hedge is due at 500 ms
      const roomAt = 400;
      const { promise, calls } = call(
        { 'http://a': [{ answer: 'A' }] },
        {},
        {
          admit: ep => {
            const left = roomAt - (Date.now() - t0);
            return ep.url !== 'http://a' || left <= 0 ? 0 : left;
          },
          hedgeAfter: () => 500,
        },
      );
      // room alone does not start an attempt: the pass waits on b until its hedge
      await jest.advanceTimersByTimeAsync(499);
      expect(calls.map(c => c.url)).toEqual(['http://b']);
      await jest.advanceTimersByTimeAsync(1);
      expect(calls.map(c => c.url)).toEqual(['http://b', 'http://a']);
      const { value } = await settle(promise);
      expect(value!.endpoint).toBe(ENDPOINTS[0]);
    });

    it('when no endpoint has room, waits for the first slot and sends nothing before', async () => {
      const budget = new EndpointWriteBudget(3);
      // three writes already went to every endpoint just now
      for (const ep of ENDPOINTS)
        for (let i = 0; i < 3; i++) budget.take(ep.url);
      const { promise, calls } = call(
        { 'http://a': [{ answer: 'A' }] },
        {},
        { admit: ep => budget.take(ep.url) },
      );
      await jest.advanceTimersByTimeAsync(1249);
      expect(calls).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(calls.map(c => c.url)).toEqual(['http://a']);
      const { value } = await settle(promise);
      expect(value!.endpoint).toBe(ENDPOINTS[0]);
    });

    it('counts every attempt sent, hung and abandoned ones too: no endpoint gets a fourth within the window', async () => {
      const budget = new EndpointWriteBudget(3);
      const all = fakeEndpoints({});
      const promises = Array.from({ length: 4 }, () =>
        hedgedCall({
          what: 'ARC cluster test: Op',
          endpoints: ENDPOINTS,
          attempt: all.attempt,
          timing: { ...TIMING, overallDeadlineMs: 1000 },
          order: inOrder,
          hedgeAfter: () => 50,
          admit: ep => budget.take(ep.url),
        }).catch(e => e),
      );
      await jest.advanceTimersByTimeAsync(2000);
      const errors = await Promise.all(promises);
      expect(errors.every(e => e instanceof ArcCallError)).toBe(true);
      const perEndpoint = (url: string) =>
        all.calls.filter(c => c.url === url).length;
      // calls 1-3 started at a; call 4 had no room there and started at b
      expect(all.calls.slice(0, 4).map(c => c.url)).toEqual([
        'http://a',
        'http://a',
        'http://a',
        'http://b',
      ]);
      // within the 1,000 ms deadline the 1,250 ms window never turned over
      for (const ep of ENDPOINTS)
        expect(perEndpoint(ep.url)).toBeLessThanOrEqual(3);
      expect(all.calls).toHaveLength(15);
      expect(errors[3].message).toContain(
        '(http://a) was not tried (its send budget was spent)',
      );
    });
  });
});
