import {
  Emulator,
  EMULATOR_CREDENTIALS,
  FaultMode,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  ListRoutingControlsCommand,
  Route53RecoveryClusterClient,
} from '@aws-sdk/client-route53-recovery-cluster';
import path from 'path';
import {
  ArcClusterConfig,
  ArcTimingConfig,
  CONFIG_DEFAULTS,
} from '../config/readMultiRegionConfig';
import { ArcClusterClient } from './ArcClusterClient';
import { ArcCallError } from './errors';

/** The example organisation's emulator fixture: the orders panel and its controls. */
const EXAMPLE_FIXTURE = path.resolve(
  __dirname,
  '../../../../examples/emulator/fixture.yaml',
);
const ORDERS =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';
const ORDERS_CONTROLS = [
  `${ORDERS}/routingcontrol/3c4d5e6f708192a3`,
  `${ORDERS}/routingcontrol/4d5e6f708192a3b4`,
];

const credentials = async () => EMULATOR_CREDENTIALS;

// a hung endpoint costs a whole request timeout per attempt: a bound on a
// hang, not a speed check
jest.setTimeout(60_000);
const TIMING: ArcTimingConfig = {
  connectTimeoutMs: 300,
  requestTimeoutMs: 400,
  overallDeadlineMs: 4000,
  // hedging is tested on its own; elsewhere it would blur which endpoint answered
  hedgeAfterMs: 10000,
  cacheTtlMs: 1000,
  configCacheTtlMs: 1000,
};
const inOrder = <T>(items: readonly T[]) => [...items];
const failover = [
  { arn: ORDERS_CONTROLS[1], state: 'On' as const },
  { arn: ORDERS_CONTROLS[0], state: 'Off' as const },
];

describe('ArcClusterClient (real SDK against the emulator)', () => {
  let emu: Emulator;
  let cluster: ArcClusterConfig;
  beforeAll(async () => {
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      mutatingCallsPerSecond: 0,
    });
    cluster = {
      name: 'shared-arc',
      arn: emu.clusterArn,
      accountId: '111122223333',
      endpoints: emu.clusterEndpoints.map(e => ({
        url: e.Endpoint,
        region: e.Region,
      })),
    };
  });
  afterEach(async () => {
    await emu.reset();
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('signs each endpoint with its own region and reads a whole panel in one call', async () => {
    const client = new ArcClusterClient(cluster, credentials, TIMING, inOrder);
    const result = await client.listRoutingControls(ORDERS);
    expect(result.output.map(c => c.RoutingControlName).sort()).toEqual([
      'orders-primary-rc',
      'orders-secondary-rc',
    ]);
    expect(result.region).toBe('us-east-1');
    const log = emu.requestLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      endpointIndex: 0,
      signingRegion: 'us-east-1',
      signingService: 'route53-recovery-cluster',
      attempt: 1,
    });
    client.destroy();
  });

  const rotating: Array<[string, FaultMode, string]> = [
    ['refuse', 'refuse', 'connection'],
    ['hang', 'hang', 'timeout'],
    ['reset', 'reset', 'connection'],
    ['503 unavailable', 'unavailable', 'unavailable'],
    ['400 unavailable', 'unavailable-400', 'unavailable'],
    ['500 internal', 'internal', 'internal'],
    ['429 throttle', 'throttle', 'throttled'],
    ['slow beyond the timeout', { slow: 2000 }, 'timeout'],
  ];

  describe.each(rotating)('fault %s', (_, mode, kind) => {
    it.each([1, 2, 3, 4])(
      'fails over past %i faulty endpoint(s) with ONE write that lands',
      async n => {
        for (let i = 0; i < n; i++) await emu.setFault(i, mode);
        // the healthy endpoint must answer within one request timeout, or
        // the write would (rightly) go on to the next: 1.5 s leaves a loaded
        // machine room, and the slow fault (2 s) still times out
        const client = new ArcClusterClient(
          cluster,
          credentials,
          {
            ...TIMING,
            requestTimeoutMs: 1500,
            overallDeadlineMs: 15000,
            hedgeAfterMs: 15000,
          },
          inOrder,
        );
        const result = await client.updateRoutingControlStates(failover);
        expect(result.region).toBe(cluster.endpoints[n].region);
        expect(result.attempts.map(a => a.kind)).toEqual(Array(n).fill(kind));
        expect(emu.getRoutingControlState(ORDERS_CONTROLS[1])).toBe('On');
        const accepted = emu
          .requestLog()
          .filter(
            e =>
              e.operation === 'UpdateRoutingControlStates' && e.status === 200,
          );
        expect(accepted.map(e => e.endpointIndex)).toEqual([n]);
        // the SDK itself never retried on the same endpoint
        expect(emu.requestLog().every(e => (e.attempt ?? 1) === 1)).toBe(true);
        client.destroy();
      },
    );

    it('names every endpoint and how it failed when all five fail', async () => {
      for (let i = 0; i < 5; i++) await emu.setFault(i, mode);
      const client = new ArcClusterClient(
        cluster,
        credentials,
        { ...TIMING, overallDeadlineMs: 3000 },
        inOrder,
      );
      const error = await client
        .updateRoutingControlStates(failover)
        .catch(e => e);
      expect(error).toBeInstanceOf(ArcCallError);
      expect(error.exhausted).toBe(true);
      for (const ep of cluster.endpoints)
        expect(error.message).toContain(ep.url);
      expect(emu.getRoutingControlState(ORDERS_CONTROLS[1])).toBe('Off');
      client.destroy();
    });
  });

  it('starts another pass when every endpoint failed, and uses one that came back', async () => {
    for (let i = 0; i < 5; i++) await emu.setFault(i, 'unavailable');
    let passes = 0;
    // the order seam runs once per pass: endpoint 2 recovers between passes
    // (a fault switch other than refuse takes effect synchronously)
    const orderPerPass = <T>(items: readonly T[]) => {
      passes++;
      if (passes === 2) void emu.setFault(2, 'up');
      return [...items];
    };
    const client = new ArcClusterClient(
      cluster,
      credentials,
      TIMING,
      orderPerPass,
    );
    const result = await client.updateRoutingControlStates(failover);
    expect(passes).toBe(2);
    expect(result.region).toBe(cluster.endpoints[2].region);
    // pass 1: five failures; pass 2: endpoints 0 and 1 fail, 2 answers
    expect(result.attempts.map(a => a.endpoint)).toEqual([
      ...cluster.endpoints.map(e => e.url),
      cluster.endpoints[0].url,
      cluster.endpoints[1].url,
    ]);
    expect(emu.getRoutingControlState(ORDERS_CONTROLS[1])).toBe('On');
    client.destroy();
  });

  it('hedges: a slow endpoint does not hold the call, the next one answers', async () => {
    await emu.setFault(0, { slow: 1500 });
    const client = new ArcClusterClient(
      cluster,
      credentials,
      { ...TIMING, requestTimeoutMs: 3000, hedgeAfterMs: 200 },
      inOrder,
    );
    const result = await client.listRoutingControls(ORDERS);
    expect(result.region).toBe(cluster.endpoints[1].region);
    expect(result.attempts).toEqual([]);
    client.destroy();
  });

  it('stops at once on a final error (not found) without trying other endpoints', async () => {
    const client = new ArcClusterClient(cluster, credentials, TIMING, inOrder);
    const error = await client
      .updateRoutingControlStates([
        { arn: `${ORDERS}/routingcontrol/ffffffffffffffff`, state: 'On' },
      ])
      .catch(e => e);
    expect(error).toBeInstanceOf(ArcCallError);
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain(cluster.endpoints[0].url);
    expect(emu.requestLog()).toHaveLength(1);
    client.destroy();
  });

  // how fast is a bench figure (npm run bench); here: it gets through at all
  it('with default timings, 4 hanging endpoints of 5 still fail over', async () => {
    for (let i = 0; i < 4; i++) await emu.setFault(i, 'hang');
    const client = new ArcClusterClient(
      cluster,
      credentials,
      CONFIG_DEFAULTS,
      inOrder,
    );
    const result = await client.updateRoutingControlStates(failover);
    expect(result.region).toBe(cluster.endpoints[4].region);
    client.destroy();
  });

  const writesTo = () =>
    emu
      .requestLog()
      .filter(e => e.operation === 'UpdateRoutingControlStates')
      .map(e => e.endpointIndex);

  it("hedges after the latency the portal's reads showed, not the ceiling: 4 hung endpoints first, the fifth answers, one write each", async () => {
    // the portal reads with shuffled order; here: each endpoint in turn
    let turn = 0;
    let warmingUp = true;
    const order = <T>(items: readonly T[]) => {
      if (!warmingUp) return [...items];
      const k = turn++ % items.length;
      return [...items.slice(k), ...items.slice(0, k)];
    };
    const client = new ArcClusterClient(
      cluster,
      credentials,
      {
        ...CONFIG_DEFAULTS,
        // a fixed delay (the ceiling) would leave endpoint 0 alone until the
        // deadline; no attempt times out, so only hedges reach the others
        hedgeAfterMs: 60_000,
        connectTimeoutMs: 60_000,
        requestTimeoutMs: 60_000,
        overallDeadlineMs: 30_000,
      },
      order,
    );
    for (let i = 0; i < 4 * cluster.endpoints.length; i++) {
      await client.listRoutingControls(ORDERS);
    }
    warmingUp = false;
    for (let i = 0; i < 4; i++) await emu.setFault(i, 'hang');
    const result = await client.updateRoutingControlStates(failover);
    expect(result.region).toBe(cluster.endpoints[4].region);
    // the hung attempts were still in flight, abandoned when 4 answered
    expect(result.attempts).toEqual([]);
    expect(writesTo()).toEqual([0, 1, 2, 3, 4]);
    expect(emu.getRoutingControlState(ORDERS_CONTROLS[1])).toBe('On');
    client.destroy();
  }, 40_000);

  it("never sends an endpoint more than ARC's 3 writes a second: concurrent failovers move on to the next endpoint", async () => {
    const client = new ArcClusterClient(cluster, credentials, TIMING, inOrder);
    const results = await Promise.all(
      Array.from({ length: 7 }, () =>
        client.updateRoutingControlStates(failover),
      ),
    );
    expect(results.map(r => r.region)).toEqual([
      ...Array(3).fill(cluster.endpoints[0].region),
      ...Array(3).fill(cluster.endpoints[1].region),
      cluster.endpoints[2].region,
    ]);
    // the order they arrive in is the network's
    expect(writesTo().sort()).toEqual([0, 0, 0, 1, 1, 1, 2]);
    // reads have no such budget
    await Promise.all(
      Array.from({ length: 4 }, () => client.listRoutingControls(ORDERS)),
    );
    expect(
      emu
        .requestLog()
        .filter(e => e.operation === 'ListRoutingControls')
        .map(e => e.endpointIndex),
    ).toEqual([0, 0, 0, 0]);
    client.destroy();
  });

  it('a requestTimeout with throwOnRequestTimeout really throws on a hung endpoint', async () => {
    await emu.setFault(0, 'hang');
    const sdk = new Route53RecoveryClusterClient({
      region: 'us-east-1',
      endpoint: cluster.endpoints[0].url,
      credentials,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({
        requestTimeout: 300,
        throwOnRequestTimeout: true,
      }),
    });
    const error = await sdk
      .send(new ListRoutingControlsCommand({ ControlPanelArn: ORDERS }))
      .catch(e => e);
    expect(error.name).toBe('TimeoutError');
    sdk.destroy();
  });

  describe('probeEndpoints', () => {
    it('probes every endpoint at once with one cheap read each: all five reachable', async () => {
      const client = new ArcClusterClient(
        cluster,
        credentials,
        TIMING,
        inOrder,
      );
      const results = await client.probeEndpoints();
      expect(results).toEqual(
        cluster.endpoints.map(e => ({
          url: e.url,
          region: e.region,
          reachable: true,
          latencyMs: expect.any(Number),
        })),
      );
      expect(
        emu.requestLog().map(e => [e.endpointIndex, e.operation, e.body]),
      ).toEqual(
        [0, 1, 2, 3, 4].map(i => [i, 'ListRoutingControls', { MaxResults: 1 }]),
      );
      client.destroy();
    });

    const verdicts: Array<[string, FaultMode, boolean, RegExp]> = [
      ['refused', 'refuse', false, /ECONNREFUSED/],
      ['reset', 'reset', false, /socket hang up|ECONNRESET/],
      [
        'hung',
        'hang',
        false,
        /no answer within 700 ms|TimeoutError|timed out/i,
      ],
      [
        '503 unavailable',
        'unavailable',
        false,
        /^EndpointTemporarilyUnavailableException \(HTTP 503\)/,
      ],
      [
        '400 unavailable',
        'unavailable-400',
        false,
        /^EndpointTemporarilyUnavailableException \(HTTP 400\)/,
      ],
      [
        '500 internal',
        'internal',
        false,
        /^InternalServerException \(HTTP 500\)/,
      ],
      // it answered: up, only busy
      ['429 throttled', 'throttle', true, /^ThrottlingException \(HTTP 429\)/],
    ];

    it.each(verdicts)(
      'a %s endpoint (fault %j): reachable %s, and it says why; the others are unaffected',
      async (_, mode, reachable, why) => {
        await emu.setFault(2, mode);
        const client = new ArcClusterClient(
          cluster,
          credentials,
          TIMING,
          inOrder,
        );
        const results = await client.probeEndpoints();
        expect(results.map(r => r.reachable)).toEqual([
          true,
          true,
          reachable,
          true,
          true,
        ]);
        expect(results[2].error).toMatch(why);
        expect(results.filter(r => r.error)).toHaveLength(1);
        client.destroy();
      },
    );

    it('an AWS client error such as an unknown key still proves the endpoint up', async () => {
      const client = new ArcClusterClient(
        cluster,
        async () => ({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }),
        TIMING,
        inOrder,
      );
      const results = await client.probeEndpoints();
      expect(results.every(r => r.reachable)).toBe(true);
      expect(results[0].error).toMatch(/\(HTTP 403\)/);
      client.destroy();
    });

    it("never rejects: the caller's abort makes the unanswered endpoints unreachable", async () => {
      for (let i = 0; i < 5; i++) await emu.setFault(i, 'hang');
      const client = new ArcClusterClient(
        cluster,
        credentials,
        { ...TIMING, requestTimeoutMs: 60000 },
        inOrder,
      );
      const controller = new AbortController();
      const probing = client.probeEndpoints({
        abortSignal: controller.signal,
      });
      // wait until all five requests are on the wire, then abort
      while (emu.requestLog().length < 5) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      controller.abort();
      const results = await probing;
      expect(results.map(r => [r.reachable, r.error])).toEqual(
        Array(5).fill([false, 'the probe was aborted']),
      );
      client.destroy();
    });
  });
});
