import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { Knex } from 'knex';
import path from 'path';
import { randomUUID } from 'crypto';
import {
  EvacuationsStore,
  StoredEvacuation,
  StoredEvacuationItem,
} from '../database/EvacuationsStore';
import { OperationsStore, StoredOperation } from '../database/OperationsStore';
import { StartedOperation } from '../service/FailoverRequests';
import { EvacuationRunner } from './EvacuationRunner';

/*
 * The EvacuationRunner's ends that the emulator cannot produce on cue: one
 * service failing while the others go on, the concurrency limit, a service
 * found already moved, and a takeover of a stopped replica's evacuation.
 * Real stores on SQLite and PostgreSQL; the moves are stand-ins whose
 * operations the test ends when it wants.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

let seq = 0;
function item(
  name: string,
  extra: Partial<StoredEvacuationItem> = {},
): StoredEvacuationItem {
  return {
    entityRef: `component:default/${name}`,
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    state: 'waiting',
    after: [],
    orderNotes: [],
    wave: 0,
    config: { controlPanelArn: `panel-${name}` } as any,
    ...extra,
  };
}

function evacuation(items: StoredEvacuationItem[]): StoredEvacuation {
  const at = new Date(Date.now() - 600_000).toISOString();
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    // a region per evacuation: each takes its region's lock
    region: `test-${seq}`,
    selection: {},
    actor: 'user:default/pat',
    reason: 'us-east-1 degraded',
    stopOnFailure: false,
    state: 'running',
    items,
    events: [],
    createdAt: at,
    updatedAt: at,
  };
}

function operation(
  id: string,
  entityRef: string,
  extra: Partial<StoredOperation> = {},
): StoredOperation {
  const at = new Date().toISOString();
  return {
    id,
    entityRef,
    controlPanelArn: `panel-${id}`,
    action: 'failover',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    reason: 'us-east-1 degraded',
    actor: 'user:default/pat',
    source: 'portal',
    overrideSafetyRules: false,
    status: 'in-progress',
    steps: [{ name: 'authorised', status: 'done' }],
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

/** A promise and the functions that settle it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => (resolve = r));
  return { promise, resolve };
}

describe.each(databases.eachSupportedId())(
  'EvacuationRunner on %p',
  databaseId => {
    let knex: Knex;
    let store: EvacuationsStore;
    let operations: OperationsStore;
    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: path.resolve(__dirname, '../../migrations'),
      });
      store = new EvacuationsStore(knex);
      operations = new OperationsStore(knex);
    });

    /**
     * Moves whose operations the test ends: `started` lists the services in
     * the order they were started; `finish(ref, status)` ends one.
     */
    function moves() {
      const started: string[] = [];
      const runs = new Map<string, { opId: string; done: () => void }>();
      const waiters: { count: number; resolve: () => void }[] = [];
      const move = async (
        e: StoredEvacuation,
        i: StoredEvacuationItem,
      ): Promise<StartedOperation> => {
        const op = operation(randomUUID(), i.entityRef, {
          evacuationId: e.id,
        });
        await operations.insert(op);
        const run = deferred();
        runs.set(i.entityRef, { opId: op.id, done: run.resolve });
        started.push(i.entityRef);
        for (const w of waiters.filter(x => started.length >= x.count)) {
          w.resolve();
        }
        return { operation: op as any, run: run.promise };
      };
      return {
        move,
        started,
        /** Resolves once `count` moves have started. */
        untilStarted(count: number) {
          if (started.length >= count) return Promise.resolve();
          const w = deferred();
          waiters.push({ count, resolve: w.resolve });
          return w.promise;
        },
        async finish(ref: string, status: StoredOperation['status']) {
          const run = runs.get(ref)!;
          await operations.complete(run.opId, {
            status,
            ...(status === 'failed'
              ? { error: { name: 'Error', message: 'ARC refused the write' } }
              : {}),
          });
          run.done();
        },
      };
    }

    function runner(
      move: (
        e: StoredEvacuation,
        i: StoredEvacuationItem,
      ) => Promise<StartedOperation>,
      concurrency = 4,
    ) {
      return new EvacuationRunner({
        evacuations: store,
        operations,
        move,
        logger: mockServices.logger.mock(),
        concurrency,
        staleAfterMs: 60_000,
        pollIntervalMs: 20,
      });
    }

    it('a failure never stops the others: a dependant still moves, the end is partly-failed', async () => {
      const m = moves();
      const e = evacuation([
        item('orders'),
        item('payments'),
        item('external-api', { after: ['component:default/orders'], wave: 1 }),
      ]);
      await store.create(e);
      const r = runner(m.move);
      r.start(e);
      await m.untilStarted(2);
      expect([...m.started].sort()).toEqual([
        'component:default/orders',
        'component:default/payments',
      ]);
      await m.finish('component:default/orders', 'failed');
      await m.untilStarted(3);
      expect(m.started[2]).toBe('component:default/external-api');
      await m.finish('component:default/payments', 'succeeded');
      await m.finish('component:default/external-api', 'succeeded');
      await r.idle();
      const done = (await store.get(e.id))!;
      expect(done.state).toBe('completed');
      expect(done.outcome).toBe('partly-failed');
      expect(done.items.map(i => [i.entityRef, i.state])).toEqual([
        ['component:default/orders', 'failed'],
        ['component:default/payments', 'moved'],
        ['component:default/external-api', 'moved'],
      ]);
      expect(done.items[0].error).toBe('ARC refused the write');
      expect(await store.runningFor(e.region)).toBeUndefined();
    });

    it('moves at most `concurrency` services at once', async () => {
      const m = moves();
      const e = evacuation([item('a'), item('b'), item('c')]);
      await store.create(e);
      const r = runner(m.move, 2);
      r.start(e);
      await m.untilStarted(2);
      // the third waits for a slot, however long the first two take
      const stored = (await store.get(e.id))!;
      expect(stored.items.map(i => i.state)).toEqual([
        'moving',
        'moving',
        'waiting',
      ]);
      await m.finish(m.started[0], 'succeeded');
      await m.untilStarted(3);
      await m.finish(m.started[1], 'succeeded');
      await m.finish(m.started[2], 'succeeded');
      await r.idle();
      expect((await store.get(e.id))!.outcome).toBe('succeeded');
    });

    it('starts each service once, however slowly its start is written', async () => {
      const m = moves();
      const e = evacuation([item('orders')]);
      await store.create(e);
      // the write that marks orders moving is held while the runner looks again
      const release = deferred();
      const looks = { count: 0 };
      const slowStore = Object.create(store) as EvacuationsStore;
      slowStore.updateItem = async (id, ref, patch) => {
        if (patch.state === 'moving') await release.promise;
        return store.updateItem(id, ref, patch);
      };
      slowStore.stopRequest = async id => {
        looks.count += 1;
        return store.stopRequest(id);
      };
      const r = new EvacuationRunner({
        evacuations: slowStore,
        operations,
        move: m.move,
        logger: mockServices.logger.mock(),
        concurrency: 4,
        staleAfterMs: 60_000,
        pollIntervalMs: 20,
      });
      r.start(e);
      // wait until the runner has looked at the evacuation a few more times
      while (looks.count < 4) await new Promise(res => setTimeout(res, 5));
      release.resolve();
      await m.untilStarted(1);
      await m.finish('component:default/orders', 'succeeded');
      await r.idle();
      expect(m.started).toEqual(['component:default/orders']);
      expect((await store.get(e.id))!.outcome).toBe('succeeded');
    });

    it('a service found already moved is skipped, not failed', async () => {
      const e = evacuation([item('orders')]);
      await store.create(e);
      const r = runner(async () => {
        throw Object.assign(new ConflictError('us-west-2 is already active'), {
          refusal: 'already-active',
        });
      });
      r.start(e);
      await r.idle();
      const done = (await store.get(e.id))!;
      expect(done.outcome).toBe('succeeded');
      expect(done.items[0]).toMatchObject({
        state: 'skipped',
        skip: { kind: 'moved-meanwhile' },
      });
    });

    it('a refused move fails that service, with the refusal', async () => {
      const e = evacuation([item('orders')]);
      await store.create(e);
      const r = runner(async () => {
        throw new ServiceUnavailableError('ARC unreachable');
      });
      r.start(e);
      await r.idle();
      const done = (await store.get(e.id))!;
      expect(done.outcome).toBe('failed');
      expect(done.items[0].error).toMatch(/ARC unreachable/);
    });

    it('takes over a stopped replica’s evacuation: follows the move under way, then moves the rest', async () => {
      const e = evacuation([
        item('orders', { state: 'moving' }),
        item('payments', { state: 'moving' }),
        item('external-api', { after: ['component:default/orders'], wave: 1 }),
      ]);
      await store.create(e);
      // the stopped replica had started orders' operation (payments' never was)
      const ordersOp = operation(
        'op-orders-takeover',
        'component:default/orders',
        {
          evacuationId: e.id,
        },
      );
      await operations.insert(ordersOp);
      const m = moves();
      const r = runner(m.move);
      const claimed = await r.adoptStale();
      expect(claimed.map(c => c.id)).toContain(e.id);
      // a second replica finds nothing left to claim
      expect((await runner(m.move).adoptStale()).map(c => c.id)).not.toContain(
        e.id,
      );
      await m.untilStarted(1);
      expect(m.started).toEqual(['component:default/payments']);
      // the Reconciler settles the interrupted operation as applied
      await operations.complete(ordersOp.id, { status: 'reconciled' });
      await m.untilStarted(2);
      expect(m.started[1]).toBe('component:default/external-api');
      await m.finish('component:default/payments', 'succeeded');
      await m.finish('component:default/external-api', 'succeeded');
      await r.idle();
      const done = (await store.get(e.id))!;
      expect(done.outcome).toBe('succeeded');
      expect(done.items.map(i => [i.state, i.operationId])).toEqual([
        ['moved', ordersOp.id],
        ['moved', expect.any(String)],
        ['moved', expect.any(String)],
      ]);
      expect(done.events.map(ev => ev.message).join('\n')).toMatch(
        /Taken over by another replica/,
      );
    });

    it('one evacuation per region at a time', async () => {
      const first = evacuation([item('orders')]);
      await store.create(first);
      const second = { ...evacuation([item('orders')]), region: first.region };
      await expect(store.create(second)).rejects.toMatchObject({
        name: 'ConflictError',
        refusal: 'evacuation-running',
      });
      expect(await store.get(second.id)).toBeUndefined();
      await store.complete(first.id, 'stopped');
      await expect(store.create(second)).resolves.toBeUndefined();
      await store.complete(second.id, 'stopped');
    });
  },
);
