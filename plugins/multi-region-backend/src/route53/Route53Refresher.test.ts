import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  Emulator,
  EMULATOR_CREDENTIALS,
  startEmulator,
} from '@multi-region-failover/aws-emulator';
import {
  createRoute53Clients,
  RateLimiter,
} from '@multi-region-failover/plugin-multi-region-node';
import path from 'path';
import { Route53Store } from '../database/Route53Store';
import { EXAMPLE_FIXTURE, APPS } from '../__testUtils__/harness';
import { Route53Reader } from './Route53Reader';
import { Route53Refresher, RefreshTarget } from './Route53Refresher';

jest.setTimeout(30_000);

const credentialsFor = async () => async () => EMULATOR_CREDENTIALS;

/** A reader with Route 53 clients of its own, paced by `limiter`. */
function readerFor(emu: Emulator, limiter: RateLimiter) {
  const clients = createRoute53Clients({
    credentialsFor,
    limiter,
    endpoint: emu.route53Endpoint,
  });
  return {
    reader: new Route53Reader({ clients, timeoutMs: 2000 }),
    destroy: () => clients.destroy(),
  };
}

/** Most Route 53 requests the emulator saw in any one-second window. */
function peakPerSecond(emu: Emulator): number {
  const times = emu
    .requestLog()
    .filter(e => e.service === 'route53')
    .map(e => e.at)
    .sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

describe('Route 53 refresher', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let emu: Emulator;
  let store: Route53Store;
  let reader: Route53Reader;
  let destroyReader: () => void;
  const targets: RefreshTarget[] = Object.values(APPS).map(a => ({
    accountId: '111122223333',
    hostedZoneId: 'Z0EXAMPLE1PUBLIC',
    dnsName: a.dns,
    healthCheckIds: [],
  }));

  beforeAll(async () => {
    emu = await startEmulator({ fixture: EXAMPLE_FIXTURE });
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: path.resolve(__dirname, '../../migrations'),
    });
    store = new Route53Store(knex);
    ({ reader, destroy: destroyReader } = readerFor(emu, new RateLimiter(5)));
  });
  afterAll(async () => {
    destroyReader();
    await emu.stop();
  });

  it('stores records and health checks (found on the records) and never exceeds 5 requests/s, even with a burst of refresh requests', async () => {
    emu.clearLog();
    const refresher = new Route53Refresher({
      store,
      reader,
      targets: async () => targets,
      logger: mockServices.logger.mock(),
      pollIntervalMs: 20,
    });
    // a burst: 30 operations asking for their health checks at once
    const ids = Object.values(APPS).flatMap(a => a.hcs);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.requestRefresh({
          accountId: '111122223333',
          healthCheckIds: [ids[i % ids.length]],
        }),
      ),
    );
    await refresher.serve({ untilMs: Date.now() + 20_000, drain: true });
    const health = await store.health(ids);
    expect([...health.values()].map(h => h.status).sort()).toEqual([
      'Healthy',
      'Healthy',
      'Healthy',
      'Unhealthy',
      'Unhealthy',
      'Unhealthy',
    ]);
    const records = await store.records([
      { hostedZoneId: 'Z0EXAMPLE1PUBLIC', name: 'orders.example.com' },
    ]);
    expect(
      records
        .get('Z0EXAMPLE1PUBLIC|orders.example.com')!
        .map(r => r.failover)
        .sort(),
    ).toEqual(['PRIMARY', 'SECONDARY']);
    expect(
      emu.requestLog().filter(e => e.service === 'route53').length,
    ).toBeGreaterThanOrEqual(36);
    expect(peakPerSecond(emu)).toBeLessThanOrEqual(5);
    expect(await store.pendingRefreshRequests()).toEqual([]);
  });

  it('keeps a second between two replicas runs at a hand-over, within 5 requests/s', async () => {
    emu.clearLog();
    // two replicas: each its own limiter and reader, runs back to back as
    // the scheduler hands the global task from one to the other
    const replica = () => {
      const own = readerFor(emu, new RateLimiter(5));
      const refresher = new Route53Refresher({
        store,
        reader: own.reader,
        targets: async () => targets,
        logger: mockServices.logger.mock(),
        pollIntervalMs: 20,
      });
      return { own, refresher };
    };
    const a = replica();
    const b = replica();
    try {
      await a.refresher.serve({ untilMs: Date.now() + 10_000, drain: true });
      const handedOverAt = Date.now();
      await b.refresher.serve({ untilMs: Date.now() + 10_000, drain: true });
      const log = emu.requestLog().filter(e => e.service === 'route53');
      const before = log.filter(e => e.at < handedOverAt).map(e => e.at);
      const after = log.filter(e => e.at >= handedOverAt).map(e => e.at);
      expect(before.length).toBeGreaterThan(5);
      expect(after.length).toBeGreaterThan(5);
      // the replicas never share a second (a timer may fire a millisecond early)
      expect(Math.min(...after) - Math.max(...before)).toBeGreaterThanOrEqual(
        995,
      );
      expect(peakPerSecond(emu)).toBeLessThanOrEqual(5);
    } finally {
      a.own.destroy();
      b.own.destroy();
    }
  });

  it('asks for each missing name or zone once within the retry window, and serves them before its pass', async () => {
    const ask = () =>
      store.requestRefreshesOnce(
        [
          {
            accountId: '111122223333',
            hostedZoneId: 'Z0EXAMPLE1PUBLIC',
            dnsName: 'Orders.Example.com.',
            healthCheckIds: [],
          },
          {
            accountId: '111122223333',
            hostedZoneId: 'Z0EXAMPLE1PUBLIC',
            dnsName: 'orders.example.com',
            healthCheckIds: [],
          },
          // a whole zone (many missing names in it)
          {
            accountId: '111122223333',
            hostedZoneId: 'Z0EXAMPLE1PUBLIC',
            healthCheckIds: [],
          },
        ],
        60_000,
      );
    await ask();
    await ask();
    const pending = await store.pendingRefreshRequests();
    expect(pending.map(p => [p.hostedZoneId, p.dnsName])).toEqual([
      ['Z0EXAMPLE1PUBLIC', 'orders.example.com'],
      ['Z0EXAMPLE1PUBLIC', undefined],
    ]);

    emu.clearLog();
    const refresher = new Route53Refresher({
      store,
      reader,
      targets: async () => [],
      logger: mockServices.logger.mock(),
      pollIntervalMs: 20,
    });
    await refresher.serve({ untilMs: Date.now() + 10_000, drain: true });
    expect(await store.pendingRefreshRequests()).toEqual([]);
    expect(
      emu
        .requestLog()
        .filter(e => e.service === 'route53')
        .map(e => e.operation),
    ).toEqual(['ListResourceRecordSets', 'ListResourceRecordSets']);
    // served, but still within the window: not asked again
    await ask();
    expect(await store.pendingRefreshRequests()).toEqual([]);
  });
});
