import { TestDatabases } from '@backstage/backend-test-utils';
import { OperationReadiness } from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';
import path from 'path';
import { OperationsStore, StoredOperation } from './OperationsStore';

/*
 * The readiness an operation was started with, stored in its own JSON column
 * on every supported database, and the migration that adds it.
 */

const MIGRATIONS = path.resolve(__dirname, '../../migrations');
const readinessMigration = require('../../migrations/20261203000000_operation_readiness');

const PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';

const readiness: OperationReadiness = {
  summary: {
    verdict: 'fail',
    passed: 4,
    warned: 1,
    failed: 1,
    total: 6,
    targetRegion: 'us-west-2',
    evaluatedAt: '2026-12-03T10:00:00.000Z',
  },
  problems: [
    {
      id: 'cluster-endpoints',
      title: 'ARC cluster endpoints',
      verdict: 'fail',
      reason: '2 of 5 endpoints reachable: "quoted", ünïcödé and a\nline break',
    },
    {
      id: 'record-ttl',
      title: 'Record TTL',
      verdict: 'warn',
      reason: 'TTL 300 s + 60 s exceeds the RTO of 5 min',
    },
  ],
  acknowledged: ['cluster-endpoints'],
};

function operation(
  id: string,
  extra: Partial<StoredOperation> = {},
): StoredOperation {
  const at = '2026-12-03T10:00:01.000Z';
  return {
    id,
    entityRef: 'component:default/orders',
    controlPanelArn: PANEL,
    action: 'failover',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    reason: 'drill',
    actor: 'user:default/alice',
    source: 'portal',
    overrideSafetyRules: false,
    status: 'in-progress',
    steps: [{ name: 'authorised', status: 'done' }],
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'operation readiness on %p',
  databaseId => {
    let knex: Knex;
    let store: OperationsStore;
    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS });
      store = new OperationsStore(knex);
    });

    it('is written by createWithLock and insert, and read back by get and history', async () => {
      await store.createWithLock(
        operation('a0000000-0000-4000-8000-000000000001', { readiness }),
      );
      await store.insert(
        operation('a0000000-0000-4000-8000-000000000002', {
          status: 'refused',
          readiness: { ...readiness, acknowledged: [] },
        }),
      );
      expect(
        (await store.get('a0000000-0000-4000-8000-000000000001'))!.readiness,
      ).toEqual(readiness);
      const { items } = await store.history({
        entityRef: 'component:default/orders',
        limit: 10,
      });
      expect(items.map(o => [o.id, o.readiness?.acknowledged])).toEqual([
        ['a0000000-0000-4000-8000-000000000002', []],
        ['a0000000-0000-4000-8000-000000000001', ['cluster-endpoints']],
      ]);
    });

    it('is absent (not null) on operations without it', async () => {
      await store.insert(
        operation('a0000000-0000-4000-8000-000000000003', {
          source: 'external',
          actor: 'external',
          status: 'succeeded',
        }),
      );
      const op = await store.get('a0000000-0000-4000-8000-000000000003');
      expect(op).toBeDefined();
      expect('readiness' in op!).toBe(false);
      const row = await knex('multi_region_operations')
        .where({ id: 'a0000000-0000-4000-8000-000000000003' })
        .first();
      expect(row.readiness).toBeNull();
    });

    it('the migration goes down and up again', async () => {
      await readinessMigration.down(knex);
      expect(
        await knex.schema.hasColumn('multi_region_operations', 'readiness'),
      ).toBe(false);
      await readinessMigration.up(knex);
      expect(
        await knex.schema.hasColumn('multi_region_operations', 'readiness'),
      ).toBe(true);
    });
  },
);
