import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import path from 'path';
import { DrillsStore, StoredDrill } from './DrillsStore';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const PANEL = 'arn:aws:route53-recovery-control::111122223333:controlpanel/p';

function drill(
  id: string,
  entityRef = 'component:default/orders',
): StoredDrill {
  const at = new Date(Date.UTC(2026, 11, 1, 10)).toISOString();
  return {
    id,
    entityRef,
    controlPanelArn: `${PANEL}-${entityRef}`,
    config: { dnsName: 'orders.example.com' } as any,
    actor: 'user:default/alice',
    reason: 'Quarterly drill',
    soakSeconds: 60,
    primaryRegion: 'us-east-1',
    secondaryRegion: 'us-west-2',
    state: 'failing-over',
    outcomeAlarms: ['orders-5xx-usw2'],
    blockingAlarms: [],
    events: [],
    createdAt: at,
    updatedAt: at,
  };
}

describe.each(databases.eachSupportedId())('DrillsStore on %p', databaseId => {
  let knex: Knex;
  let clock: number;
  let store: DrillsStore;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({
      directory: path.resolve(__dirname, '../../migrations'),
    });
  });
  beforeEach(async () => {
    await knex('multi_region_drill_locks').delete();
    await knex('multi_region_drills').delete();
    clock = Date.UTC(2026, 11, 1, 10);
    store = new DrillsStore(knex, () => clock);
  });

  it('allows one running drill per control panel, until it completes', async () => {
    await store.create(drill('d1'));
    await expect(store.create(drill('d2'))).rejects.toMatchObject({
      name: 'ConflictError',
      refusal: 'drill-running',
      message: expect.stringContaining('drill d1'),
    });
    await store.complete('d1', {
      state: 'completed',
      outcome: 'passed',
      outcomeDetail: 'fine',
    });
    await expect(store.create(drill('d2'))).resolves.toBeUndefined();
  });

  it('appends events, keeps the configuration and answers per entity', async () => {
    await store.create(drill('d1'));
    await store.update('d1', { events: ['one'] });
    clock += 1000;
    const soaking = await store.update('d1', {
      state: 'soaking',
      events: ['two'],
    });
    expect(soaking.events.map(e => e.message)).toEqual(['one', 'two']);
    expect(soaking.config.dnsName).toBe('orders.example.com');
    expect(soaking.updatedAt).toBe(new Date(clock).toISOString());

    let mine = (await store.forEntities(['component:default/orders'])).get(
      'component:default/orders',
    );
    expect(mine?.running?.id).toBe('d1');
    expect(mine?.last).toBeUndefined();
    expect(mine?.lastPassedAt).toBeUndefined();

    clock += 1000;
    await store.complete('d1', {
      state: 'completed',
      outcome: 'passed',
      outcomeDetail: 'fine',
    });
    await store.create(drill('d2'));
    await store.complete('d2', {
      state: 'completed',
      outcome: 'stopped',
      outcomeDetail: 'stopped',
    });
    mine = (await store.forEntities(['component:default/orders'])).get(
      'component:default/orders',
    );
    expect(mine?.running).toBeUndefined();
    expect(mine?.last?.id).toBe('d2');
    expect(mine?.lastPassedAt).toBe(clock);
    expect(
      (await store.list('component:default/orders', 10)).map(d => d.id),
    ).toEqual(['d2', 'd1']);
  });

  it('takes the first stop request of a running drill only', async () => {
    await store.create(drill('d1'));
    expect(
      await store.requestStop('d1', {
        by: 'user:default/bob',
        reason: 'first',
      }),
    ).toBe(true);
    expect(
      await store.requestStop('d1', {
        by: 'user:default/eve',
        reason: 'second',
      }),
    ).toBe(false);
    expect((await store.get('d1'))?.stop).toMatchObject({
      by: 'user:default/bob',
      reason: 'first',
    });
    await store.complete('d1', { state: 'completed', outcome: 'stopped' });
    await store.create(drill('d3', 'component:default/other'));
    await store.complete('d3', { state: 'completed', outcome: 'passed' });
    expect(
      await store.requestStop('d3', { by: 'user:default/bob', reason: 'late' }),
    ).toBe(false);
  });

  it('hands a stale drill to exactly one replica', async () => {
    await store.create(drill('d1'));
    clock += 120_000;
    const other = new DrillsStore(knex, () => clock);
    const [a, b] = await Promise.all([
      store.claimStale(clock - 60_000),
      other.claimStale(clock - 60_000),
    ]);
    expect([...a, ...b].map(d => d.id)).toEqual(['d1']);
    // handed over with its last heartbeat, not the claim's
    expect([...a, ...b][0].updatedAt).toBe(drill('d1').updatedAt);
    // claimed: its heartbeat is fresh again
    expect(await store.claimStale(clock - 60_000)).toEqual([]);
    // a heartbeat keeps a drill from being claimed
    clock += 120_000;
    await store.touch('d1');
    expect(await store.claimStale(clock - 60_000)).toEqual([]);
  });
});
