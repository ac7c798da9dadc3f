import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  GetHealthCheckStatusCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import {
  Emulator,
  EMULATOR_CREDENTIALS,
  loadFixture,
} from '@multi-region-failover/aws-emulator';
import { RateLimiter } from '@multi-region-failover/plugin-multi-region-node';
import path from 'path';
import { Route53Store } from '../database/Route53Store';
import {
  APPS,
  EXAMPLE_FIXTURE,
  startTestEmulator,
  waitForRequest,
} from '../__testUtils__/harness';
import { Route53Reader } from './Route53Reader';
import { Route53Refresher, RefreshTarget } from './Route53Refresher';
import { peakPerSecond, readerFor, throttled } from './__testUtils__/refresher';

jest.setTimeout(30_000);

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
    emu = await startTestEmulator();
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
    // the emulator throttles Route 53 at 5 requests/s per account, like AWS
    expect(throttled(emu)).toEqual([]);
    expect(await store.pendingRefreshRequests()).toEqual([]);
  });

  it('recovers from throttling: the throttled request is retried within the budget and its answer stored', async () => {
    emu.clearLog();
    const refresher = new Route53Refresher({
      store,
      reader,
      targets: async () => targets,
      logger: mockServices.logger.mock(),
      pollIntervalMs: 20,
    });
    const hc = APPS.orders.hcs[0];
    await store.putHealth('111122223333', hc, {
      status: 'Unknown',
      error: 'not read yet',
    });
    // something else spends the account's budget: GetHealthCheckStatus is
    // throttled until the first refusal reached the refresher
    await emu.setFault('route53', 'throttle', {
      operations: ['GetHealthCheckStatus'],
    });
    const run = refresher.serve({ untilMs: Date.now() + 20_000, drain: true });
    await waitForRequest(emu, 'a throttled GetHealthCheckStatus', e =>
      Boolean(e.errorCode === 'Throttling'),
    );
    await emu.clearFaults();
    await run;
    const health = (await store.health([hc])).get(hc)!;
    expect(health).toMatchObject({ status: 'Healthy' });
    expect(health.error).toBeUndefined();
    const retried = emu
      .requestLog()
      .filter(e => e.operation === 'GetHealthCheckStatus' && e.attempt! > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every(e => e.status === 200)).toBe(true);
    expect(peakPerSecond(emu)).toBeLessThanOrEqual(5);
  });

  it('under a lasting throttle fault, stores why and reads again once it is over', async () => {
    emu.clearLog();
    // time for every attempt: the error stored is the last answer's
    const patient = readerFor(emu, new RateLimiter(5), 10_000);
    const refresher = () =>
      new Route53Refresher({
        store,
        reader: patient.reader,
        targets: async () => targets,
        logger: mockServices.logger.mock(),
        pollIntervalMs: 20,
        handoverQuietMs: 0,
      });
    const hc = APPS.payments.hcs[1];
    await emu.setFault('route53', 'throttle', {
      operations: ['GetHealthCheckStatus'],
    });
    await refresher().serve({ untilMs: Date.now() + 30_000, drain: true });
    expect((await store.health([hc])).get(hc)).toMatchObject({
      status: 'Unknown',
      error: expect.stringContaining('Rate exceeded'),
    });
    // the records are read all the same
    expect(
      (
        await store.records([
          { hostedZoneId: 'Z0EXAMPLE1PUBLIC', name: 'payments.example.com' },
        ])
      ).get('Z0EXAMPLE1PUBLIC|payments.example.com'),
    ).toHaveLength(2);
    // retries (4 attempts per health check) stayed within the budget
    expect(peakPerSecond(emu)).toBeLessThanOrEqual(5);

    await emu.clearFaults();
    await refresher().serve({ untilMs: Date.now() + 30_000, drain: true });
    expect((await store.health([hc])).get(hc)).toMatchObject({
      status: 'Unhealthy',
    });
    patient.destroy();
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

describe('Route 53 refresher against the account-wide throttle (5 requests/s)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const ids = Array.from(
    { length: 30 },
    (_, i) => `2e0f7a10-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  let emu: Emulator;

  beforeAll(async () => {
    // many health checks: a pass far longer than the emulator's burst of 5
    const fixture = loadFixture(EXAMPLE_FIXTURE);
    fixture.healthChecks!.push(
      ...ids.map(id => ({ id, type: 'HTTP', fqdn: 'api.example.com' })),
    );
    emu = await startTestEmulator({ fixture });
  });
  afterAll(() => emu.stop());

  it("never gets throttled itself, while a script's unpaced flood on the same account does", async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: path.resolve(__dirname, '../../migrations'),
    });
    const store = new Route53Store(knex);
    const own = readerFor(emu, new RateLimiter(5));
    const refresher = new Route53Refresher({
      store,
      reader: own.reader,
      targets: async () => [
        {
          accountId: '111122223333',
          hostedZoneId: 'Z0EXAMPLE1PUBLIC',
          dnsName: 'orders.example.com',
          healthCheckIds: ids,
        },
      ],
      logger: mockServices.logger.mock(),
      pollIntervalMs: 20,
      handoverQuietMs: 0,
    });
    await refresher.serve({ untilMs: Date.now() + 30_000, drain: true });
    own.destroy();
    const health = await store.health(ids);
    expect([...health.values()].map(h => h.status)).toEqual(
      ids.map(() => 'Healthy'),
    );
    const refresherLog = emu.requestLog().filter(e => e.service === 'route53');
    expect(refresherLog.length).toBeGreaterThan(30);
    expect(throttled(emu)).toEqual([]);

    // a script on the same account, as fast as it can
    const script = new Route53Client({
      region: 'us-east-1',
      endpoint: emu.route53Endpoint,
      credentials: EMULATOR_CREDENTIALS,
      maxAttempts: 1,
    });
    const flood = await Promise.all(
      ids.map(id =>
        script
          .send(new GetHealthCheckStatusCommand({ HealthCheckId: id }))
          .then(
            () => 'answered',
            (e: Error) => e.name,
          ),
      ),
    );
    script.destroy();
    expect(flood.filter(r => r === 'Throttling').length).toBeGreaterThan(0);
    expect(throttled(emu).length).toBe(
      flood.filter(r => r === 'Throttling').length,
    );
  });
});
