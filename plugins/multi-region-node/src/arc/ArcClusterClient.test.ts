import {
  Emulator,
  FaultMode,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  ListRoutingControlsCommand,
  Route53RecoveryClusterClient,
} from '@aws-sdk/client-route53-recovery-cluster';
import { ArcClusterConfig, ArcTimingConfig } from '../config/readConfig';
import {
  controlArn,
  EXAMPLE_FIXTURE,
  panelArn,
} from '../__testUtils__/harness';
import { ArcClusterClient } from './ArcClusterClient';
import { ArcCallError } from './errors';
import { ArcClusters } from './ArcClusters';
import { RoutingControlReader } from './RoutingControlReader';

const credentials = async () => ({
  accessKeyId: 'AKIDEMULATOR',
  secretAccessKey: 'emulator-secret',
});
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
const ORDERS = panelArn('orders');
const failover = [
  { arn: controlArn('orders', 1), state: 'On' as const },
  { arn: controlArn('orders', 0), state: 'Off' as const },
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
        const client = new ArcClusterClient(
          cluster,
          credentials,
          { ...TIMING, hedgeAfterMs: 10000 },
          inOrder,
        );
        const started = Date.now();
        const result = await client.updateRoutingControlStates(failover);
        expect(Date.now() - started).toBeLessThan(TIMING.overallDeadlineMs);
        expect(result.region).toBe(cluster.endpoints[n].region);
        expect(result.attempts.map(a => a.kind)).toEqual(Array(n).fill(kind));
        expect(emu.getRoutingControlState(controlArn('orders', 1))).toBe('On');
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
      expect(emu.getRoutingControlState(controlArn('orders', 1))).toBe('Off');
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
    expect(emu.getRoutingControlState(controlArn('orders', 1))).toBe('On');
    client.destroy();
  });

  it('keeps passing over failing endpoints with growing pauses until the deadline, then says how often each failed', async () => {
    for (let i = 0; i < 5; i++) await emu.setFault(i, 'unavailable');
    let passes = 0;
    const counting = <T>(items: readonly T[]) => {
      passes++;
      return [...items];
    };
    const client = new ArcClusterClient(
      cluster,
      credentials,
      { ...TIMING, overallDeadlineMs: 1000 },
      counting,
    );
    const error = await client
      .updateRoutingControlStates(failover)
      .catch(e => e);
    expect(error).toBeInstanceOf(ArcCallError);
    expect(error.kind).toBe('unavailable');
    // pauses of 100, 200 and 400 ms fit in 1000 ms; the next (800 ms) does not
    expect(passes).toBe(4);
    expect(error.attempts).toHaveLength(20);
    expect(error.message).toContain('20 attempts in 4 passes');
    for (const ep of cluster.endpoints)
      expect(error.message).toContain(`${ep.url}) was temporarily unavailable`);
    expect(error.message).toContain('(4 attempts)');
    expect(emu.getRoutingControlState(controlArn('orders', 1))).toBe('Off');
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
    const started = Date.now();
    const result = await client.listRoutingControls(ORDERS);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.region).toBe(cluster.endpoints[1].region);
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

  it('with default timings, 4 hanging endpoints of 5 still fail over in under 3 s', async () => {
    for (let i = 0; i < 4; i++) await emu.setFault(i, 'hang');
    const client = new ArcClusterClient(
      cluster,
      credentials,
      {
        connectTimeoutMs: 500,
        requestTimeoutMs: 800,
        overallDeadlineMs: 5000,
        hedgeAfterMs: 300,
        cacheTtlMs: 0,
        configCacheTtlMs: 0,
      },
      inOrder,
    );
    const started = Date.now();
    const result = await client.updateRoutingControlStates(failover);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.region).toBe(cluster.endpoints[4].region);
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
    const started = Date.now();
    const error = await sdk
      .send(new ListRoutingControlsCommand({ ControlPanelArn: ORDERS }))
      .catch(e => e);
    expect(error.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1500);
    sdk.destroy();
  });

  it('the reader makes one call per panel, caches it and shares an in-flight read', async () => {
    const clusters = new ArcClusters(
      [cluster],
      async () => credentials,
      TIMING,
    );
    const reader = new RoutingControlReader(clusters, 60000);
    const readings = await Promise.all(
      Array.from({ length: 20 }, () => reader.read('shared-arc', ORDERS)),
    );
    expect(new Set(readings).size).toBe(1);
    await reader.read('shared-arc', ORDERS);
    expect(
      emu.requestLog().filter(e => e.operation === 'ListRoutingControls'),
    ).toHaveLength(1);
    await reader.read('shared-arc', ORDERS, { fresh: true });
    expect(
      emu.requestLog().filter(e => e.operation === 'ListRoutingControls'),
    ).toHaveLength(2);
    clusters.destroy();
  });
});
