import {
  Emulator,
  EMULATOR_CREDENTIALS,
} from '@multi-region-failover/aws-emulator';
import { ArcClusters } from '@multi-region-failover/plugin-multi-region-node';
import {
  clusterConfig,
  panelArn,
  startTestEmulator,
} from '../__testUtils__/harness';
import { RoutingControlReader } from './RoutingControlReader';

describe('RoutingControlReader (real SDK against the emulator)', () => {
  let emu: Emulator;
  let clusters: ArcClusters;
  beforeAll(async () => {
    emu = await startTestEmulator();
    clusters = new ArcClusters(
      [clusterConfig(emu)],
      async () => async () => EMULATOR_CREDENTIALS,
      // no fault here: timeouts and a hedge delay far beyond what a loaded
      // machine takes, so every read is exactly one request (counted below)
      {
        connectTimeoutMs: 10000,
        requestTimeoutMs: 20000,
        overallDeadlineMs: 30000,
        hedgeAfterMs: 30000,
        cacheTtlMs: 1000,
        configCacheTtlMs: 1000,
      },
    );
  });
  afterEach(() => emu.clearLog());
  afterAll(async () => {
    clusters.destroy();
    await emu.stop();
  });
  const listCalls = () =>
    emu.requestLog().filter(e => e.operation === 'ListRoutingControls');

  it('makes one call per panel, caches it and shares an in-flight read', async () => {
    const reader = new RoutingControlReader(clusters, 60000);
    const orders = panelArn('orders');
    const readings = await Promise.all(
      Array.from({ length: 20 }, () => reader.read('shared-arc', orders)),
    );
    expect(new Set(readings).size).toBe(1);
    expect(readings[0].controls.size).toBe(2);
    await reader.read('shared-arc', orders);
    expect(listCalls()).toHaveLength(1);
    await reader.read('shared-arc', orders, { fresh: true });
    expect(listCalls()).toHaveLength(2);
    reader.invalidate('shared-arc', orders);
    await reader.read('shared-arc', orders);
    expect(listCalls()).toHaveLength(3);
  });

  it('reads again once the reading is older than its time to live', async () => {
    let now = 1_000_000;
    const reader = new RoutingControlReader(clusters, 2000, () => now);
    const payments = panelArn('payments');
    await reader.read('shared-arc', payments);
    now += 1999;
    await reader.read('shared-arc', payments);
    expect(listCalls()).toHaveLength(1);
    now += 1;
    await reader.read('shared-arc', payments);
    expect(listCalls()).toHaveLength(2);
  });

  it('refuses a cluster the portal does not know, with a 404', async () => {
    const reader = new RoutingControlReader(clusters, 1000);
    await expect(
      reader.read('other-arc', panelArn('orders')),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('"other-arc" is not configured'),
    });
  });
});
