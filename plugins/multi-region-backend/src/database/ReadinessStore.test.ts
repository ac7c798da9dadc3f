import { TestDatabases } from '@backstage/backend-test-utils';
import {
  ReadinessReport,
  summariseReadiness,
} from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';
import path from 'path';
import { ReadinessStore } from './ReadinessStore';
import { Route53Store } from './Route53Store';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function report(
  entityRef: string,
  evaluatedAt: string,
  verdict: 'pass' | 'fail' = 'pass',
): ReadinessReport {
  const checks = [
    {
      id: 'target-health' as const,
      title: 'Target health check',
      verdict,
      reason: `seen at ${evaluatedAt}`,
    },
  ];
  return {
    entityRef,
    targetRegion: 'us-west-2',
    targetRole: 'secondary',
    action: 'failover',
    checks,
    summary: summariseReadiness(checks, 'us-west-2', evaluatedAt),
    evaluatedAt,
  };
}

describe.each(databases.eachSupportedId())('stores on %p', databaseId => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await knex.migrate.latest({
      directory: path.resolve(__dirname, '../../migrations'),
    });
  });

  describe('ReadinessStore', () => {
    let store: ReadinessStore;
    beforeEach(async () => {
      await knex('multi_region_readiness').delete();
      store = new ReadinessStore(knex);
    });

    it('keeps the latest report per entity and reads many in one go', async () => {
      const a = 'component:default/a';
      const b = 'component:default/b';
      await store.put(report(a, '2026-12-02T10:00:00.000Z'));
      await store.putMany([
        report(a, '2026-12-02T10:05:00.000Z', 'fail'),
        report(b, '2026-12-02T10:05:00.000Z'),
      ]);
      expect(await store.get(a)).toEqual(
        report(a, '2026-12-02T10:05:00.000Z', 'fail'),
      );
      expect(await store.get('component:default/never')).toBeUndefined();
      const many = await store.getMany([a, b, 'component:default/never', a]);
      expect([...many.keys()].sort()).toEqual([a, b]);
      expect(many.get(b)!.summary.verdict).toBe('pass');
    });

    it('never replaces a report with one evaluated before it', async () => {
      const a = 'component:default/a';
      await store.put(report(a, '2026-12-02T10:05:00.000Z', 'fail'));
      // a slow scheduled run that started before a person's request
      await store.putMany([report(a, '2026-12-02T10:04:00.000Z')]);
      expect((await store.get(a))!.evaluatedAt).toBe(
        '2026-12-02T10:05:00.000Z',
      );
    });

    it('reads more entities than one query holds', async () => {
      const refs = Array.from(
        { length: 1_205 },
        (_, i) => `component:default/svc-${i}`,
      );
      await store.putMany(refs.map(r => report(r, '2026-12-02T10:00:00.000Z')));
      expect((await store.getMany(refs)).size).toBe(refs.length);
    });

    it('forgets reports not evaluated since a time', async () => {
      await store.putMany([
        report('component:default/old', '2026-12-01T10:00:00.000Z'),
        report('component:default/new', '2026-12-02T10:00:00.000Z'),
      ]);
      expect(
        await store.deleteEvaluatedBefore(Date.parse('2026-12-02T00:00:00Z')),
      ).toBe(1);
      expect([
        ...(
          await store.getMany([
            'component:default/old',
            'component:default/new',
          ])
        ).keys(),
      ]).toEqual(['component:default/new']);
    });
  });

  describe("Route53Store: a health check's configuration", () => {
    const id = '1e0f7a10-0000-4000-8000-00000000aaaa';
    const settings = {
      type: 'RECOVERY_CONTROL',
      routingControlArn:
        'arn:aws:route53-recovery-control::111122223333:controlpanel/p/routingcontrol/r',
      inverted: true,
      disabled: false,
    };

    it('is stored with a reading and kept by readings without one', async () => {
      const store = new Route53Store(knex);
      await store.putHealth('111122223333', id, {
        status: 'Unhealthy',
        source: 'routing-control',
        config: settings,
      });
      expect((await store.health([id])).get(id)).toMatchObject({
        status: 'Unhealthy',
        config: settings,
      });
      // a refresh request's GetHealthCheckStatus knows no configuration
      await store.putHealthMany([
        {
          accountId: '111122223333',
          id,
          status: 'Healthy',
          healthy: 3,
          total: 3,
        },
        {
          accountId: '111122223333',
          id: `${id.slice(0, -1)}b`,
          status: 'Healthy',
          config: { type: 'HTTPS', inverted: false, disabled: true },
        },
      ]);
      const read = await store.health([id, `${id.slice(0, -1)}b`]);
      expect(read.get(id)).toMatchObject({
        status: 'Healthy',
        config: settings,
      });
      expect(read.get(`${id.slice(0, -1)}b`)!.config).toEqual({
        type: 'HTTPS',
        inverted: false,
        disabled: true,
      });
    });

    it('is absent until listed', async () => {
      const store = new Route53Store(knex);
      const other = '1e0f7a10-0000-4000-8000-00000000cccc';
      await store.putHealth('111122223333', other, { status: 'Healthy' });
      expect((await store.health([other])).get(other)!.config).toBeUndefined();
    });

    it('is updated under a Route 53 answer that stands against derived statuses', async () => {
      const store = new Route53Store(knex);
      const answered = '1e0f7a10-0000-4000-8000-00000000dddd';
      await store.putHealth('111122223333', answered, { status: 'Healthy' });
      const stored = await store.putDerivedHealth(
        [
          {
            accountId: '111122223333',
            id: answered,
            status: 'Unhealthy',
            config: settings,
          },
        ],
        60_000,
      );
      expect(stored).toEqual([]);
      expect((await store.health([answered])).get(answered)).toMatchObject({
        status: 'Healthy',
        source: 'route53',
        config: settings,
      });
    });
  });
});
