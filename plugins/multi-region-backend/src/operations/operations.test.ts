import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulator } from '@multi-region-failover/aws-emulator';
import { Knex } from 'knex';
import request from 'supertest';
import {
  controlArn,
  Harness,
  startTestEmulator,
  mockAuth,
  panelArn,
  startHarness,
  waitForOperation,
  waitForOperationState,
  waitForRequest,
} from '../__testUtils__/harness';

jest.setTimeout(60_000);

const ORDERS = 'component:default/orders';
const alice = mockAuth('user:default/alice');
const guest = mockAuth('user:default/guest');
const failover = (reason: string) => ({
  entityRef: ORDERS,
  targetRegion: 'us-west-2',
  reason,
  expectedActiveRegion: 'us-east-1',
});

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('operations on %p', databaseId => {
  let knex: Knex;
  let emu: Emulator;
  const running: Harness[] = [];
  const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
    const h = await startHarness({ knex, emu, ...options });
    running.push(h);
    return h;
  };

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    emu = await startTestEmulator();
  });
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
    await emu.stop();
  });

  it('two replicas, two owners clicking at once: exactly one failover wins', async () => {
    const a = await start();
    const b = await start();
    a.startRefresher();
    const [r1, r2] = await Promise.all([
      request(a.server)
        .post('/api/multi-region/operations')
        .set(alice)
        .send(failover('alice clicks')),
      request(b.server)
        .post('/api/multi-region/operations')
        .set(guest)
        .send(failover('guest clicks')),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([202, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect(loser.body.error.message).toMatch(/in progress|now us-west-2/);
    const winner = r1.status === 202 ? r1 : r2;
    const done = await waitForOperation(a.server, winner.body.id);
    expect(done.status).toBe('succeeded');
    const accepted = emu
      .requestLog()
      .filter(
        e => e.operation === 'UpdateRoutingControlStates' && e.status === 200,
      );
    expect(accepted).toHaveLength(1);
    // and the lock is released once it completes
    expect(
      await knex('multi_region_locks').count('* as n').first(),
    ).toMatchObject({ n: expect.anything() });
    expect(
      Number((await knex('multi_region_locks').count('* as n').first())!.n),
    ).toBe(0);
    // the history shows both attempts: the one that wrote and the refused one
    const history = await request(b.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS })
      .set(alice);
    expect(history.status).toBe(200);
    const byStatus = Object.fromEntries(
      history.body.items.map((i: any) => [i.status, i]),
    );
    expect(history.body.items).toHaveLength(2);
    expect(byStatus.succeeded.id).toBe(winner.body.id);
    expect(byStatus.refused).toMatchObject({
      actor: winner.body.actor.endsWith('alice')
        ? 'user:default/guest'
        : 'user:default/alice',
      reason: winner.body.actor.endsWith('alice')
        ? 'guest clicks'
        : 'alice clicks',
      toRegion: 'us-west-2',
      error: { name: 'ConflictError', message: loser.body.error.message },
    });
    expect(byStatus.refused.steps.map((st: any) => st.status)).toEqual([
      'done',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('a stale expected active region is 409 and writes nothing', async () => {
    const h = await start();
    emu.setRoutingControlState(controlArn('orders', 1), 'On');
    emu.setRoutingControlState(controlArn('orders', 0), 'Off');
    emu.clearLog();
    const res = await request(h.server)
      .post('/api/multi-region/operations')
      .set(alice)
      .send(failover('stale view'));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(
      'You saw us-east-1 as the active region',
    );
    expect(
      emu
        .requestLog()
        .filter(e => e.operation === 'UpdateRoutingControlStates'),
    ).toHaveLength(0);
  });

  it('a crash between intent and completion is reconciled from ARC on start', async () => {
    // first start creates the schema; the "crashed" replica left two rows
    const first = await start();
    await first.stop();
    running.splice(0);
    const old = Date.now() - 10 * 60_000;
    const row = (
      id: string,
      toRegion: string,
      entries: Array<[0 | 1, 'On' | 'Off']>,
    ) => ({
      id,
      entity_ref: ORDERS,
      control_panel_arn: panelArn('orders'),
      action: toRegion === 'us-west-2' ? 'failover' : 'failback',
      from_region: toRegion === 'us-west-2' ? 'us-east-1' : 'us-west-2',
      to_region: toRegion,
      reason: 'interrupted',
      actor: 'user:default/alice',
      source: 'portal',
      override_safety_rules: false,
      status: 'in-progress',
      steps: JSON.stringify([
        { name: 'authorised', status: 'done' },
        { name: 'routing-controls-updated', status: 'running' },
        { name: 'health-checks-observed', status: 'pending' },
        { name: 'dns-answering', status: 'pending' },
      ]),
      intent: JSON.stringify({
        clusterName: 'shared-arc',
        entries: entries.map(([i, state]) => ({
          arn: controlArn('orders', i),
          state,
        })),
        safetyRulesToOverride: [],
      }),
      created_at: old,
      updated_at: old,
    });
    // the ARC write had landed before the crash
    emu.setRoutingControlState(controlArn('orders', 1), 'On');
    emu.setRoutingControlState(controlArn('orders', 0), 'Off');
    await knex('multi_region_operations').insert(
      row('11111111-1111-4111-8111-111111111111', 'us-west-2', [
        [1, 'On'],
        [0, 'Off'],
      ]),
    );
    await knex('multi_region_locks').insert({
      control_panel_arn: panelArn('orders'),
      operation_id: '11111111-1111-4111-8111-111111111111',
      created_at: old,
    });

    const h = await start();
    const op = await request(h.server)
      .get('/api/multi-region/operations/11111111-1111-4111-8111-111111111111')
      .set(alice);
    expect(op.body.status).toBe('reconciled');
    expect(op.body.error).toBeUndefined();
    expect(op.body.steps[1]).toMatchObject({
      status: 'done',
      detail: expect.stringContaining('change applied'),
    });
    expect(
      Number((await knex('multi_region_locks').count('* as n').first())!.n),
    ).toBe(0);
    // the lock is free again: the next failover (back) is possible
    const status = await request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: ORDERS })
      .set(alice);
    expect(status.body.active.activeRegion).toBe('us-west-2');
    expect(status.body.lastChange.id).toBe(
      '11111111-1111-4111-8111-111111111111',
    );
    // and no external change was invented for the portal's own write
    const history = await request(h.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS })
      .set(alice);
    expect(
      history.body.items.filter((o: any) => o.source === 'external'),
    ).toHaveLength(0);
  });

  it('a crash before the ARC write landed is reconciled as not applied', async () => {
    const first = await start();
    await first.stop();
    running.splice(0);
    const old = Date.now() - 10 * 60_000;
    await knex('multi_region_operations').insert({
      id: '22222222-2222-4222-8222-222222222222',
      entity_ref: ORDERS,
      control_panel_arn: panelArn('orders'),
      action: 'failover',
      from_region: 'us-east-1',
      to_region: 'us-west-2',
      reason: 'interrupted',
      actor: 'user:default/alice',
      source: 'portal',
      override_safety_rules: false,
      status: 'in-progress',
      steps: JSON.stringify([
        { name: 'authorised', status: 'done' },
        { name: 'routing-controls-updated', status: 'running' },
        { name: 'health-checks-observed', status: 'pending' },
        { name: 'dns-answering', status: 'pending' },
      ]),
      intent: JSON.stringify({
        clusterName: 'shared-arc',
        entries: [
          { arn: controlArn('orders', 1), state: 'On' },
          { arn: controlArn('orders', 0), state: 'Off' },
        ],
        safetyRulesToOverride: [],
      }),
      created_at: old,
      updated_at: old,
    });
    const h = await start();
    const op = await request(h.server)
      .get('/api/multi-region/operations/22222222-2222-4222-8222-222222222222')
      .set(alice);
    expect(op.body.status).toBe('reconciled');
    expect(op.body.error.message).toContain('NOT applied');
    expect(op.body.steps.map((s: any) => s.status)).toEqual([
      'done',
      'failed',
      'skipped',
      'skipped',
    ]);
  });

  it('a change made outside the portal is recorded once as external', async () => {
    // no reading cache, so the second read sees the console's change at once
    const arc = {
      connectTimeoutMs: 300,
      requestTimeoutMs: 500,
      overallDeadlineMs: 3000,
      cacheTtlMs: 0,
    };
    const a = await start({ config: { arc } });
    const b = await start({ config: { arc } });
    const read = (h: Harness) =>
      request(h.server)
        .get('/api/multi-region/status')
        .query({ entityRef: ORDERS })
        .set(alice);
    expect((await read(a)).body.active.activeRegion).toBe('us-east-1');
    // someone uses the console
    emu.setRoutingControlState(controlArn('orders', 1), 'On');
    emu.setRoutingControlState(controlArn('orders', 0), 'Off');
    const [sa, sb] = await Promise.all([read(a), read(b)]);
    expect(sa.body.active.activeRegion).toBe('us-west-2');
    expect(sb.body.active.activeRegion).toBe('us-west-2');
    const history = await request(a.server)
      .get('/api/multi-region/history')
      .set(alice);
    const external = history.body.items.filter(
      (o: any) => o.source === 'external',
    );
    expect(external).toHaveLength(1);
    expect(external[0]).toMatchObject({
      actor: 'external',
      fromRegion: 'us-east-1',
      toRegion: 'us-west-2',
      action: 'failover',
      status: 'succeeded',
    });
    expect((await read(a)).body.lastChange.source).toBe('external');
  });

  const lockCount = async () =>
    Number((await knex('multi_region_locks').count('* as n').first())!.n);
  const hangWrites = async () => {
    for (let i = 0; i < 5; i++) {
      await emu.setFault(i, 'hang', {
        operations: ['UpdateRoutingControlStates'],
      });
    }
  };
  const externalChanges = async (h: Harness) =>
    (
      await request(h.server)
        .get('/api/multi-region/history')
        .query({ entityRef: ORDERS })
        .set(alice)
    ).body.items.filter((o: any) => o.source === 'external');

  describe('an ARC write whose answer is lost (finding 5)', () => {
    it('landed but never answered: confirmed by read-back, succeeded, not an external change', async () => {
      const h = await start();
      h.startRefresher();
      await hangWrites();
      const res = await request(h.server)
        .post('/api/multi-region/operations')
        .set(alice)
        .send(failover('answer lost'));
      expect(res.status).toBe(202);
      await waitForRequest(
        emu,
        'the write at a hanging endpoint',
        e => e.operation === 'UpdateRoutingControlStates' && e.fault === 'hang',
      );
      // the endpoint committed the write; its answer never comes
      emu.setRoutingControlState(controlArn('orders', 1), 'On');
      emu.setRoutingControlState(controlArn('orders', 0), 'Off');
      const done = await waitForOperation(h.server, res.body.id);
      expect(done.status).toBe('succeeded');
      expect(done.error).toBeUndefined();
      expect(done.steps[1]).toMatchObject({
        status: 'done',
        detail: expect.stringContaining('Confirmed by read-back'),
      });
      expect(done.steps[1].detail).toContain('timed out');
      expect(await lockCount()).toBe(0);
      await emu.clearFaults();
      const status = await request(h.server)
        .get('/api/multi-region/status')
        .query({ entityRef: ORDERS })
        .set(alice);
      expect(status.body.active.activeRegion).toBe('us-west-2');
      expect(status.body.lastChange.id).toBe(res.body.id);
      expect(await externalChanges(h)).toEqual([]);
    });

    it('not landed and never answered: unknown — check ARC with the state read, never "not updated"; landing later confirms it', async () => {
      // no reading cache: the status read below sees the late landing at once
      const h = await start({
        config: {
          arc: {
            connectTimeoutMs: 300,
            requestTimeoutMs: 500,
            overallDeadlineMs: 3000,
            cacheTtlMs: 0,
          },
        },
      });
      await hangWrites();
      const res = await request(h.server)
        .post('/api/multi-region/operations')
        .set(alice)
        .send(failover('answer lost, not landed'));
      expect(res.status).toBe(202);
      const done = await waitForOperation(h.server, res.body.id);
      expect(done.status).toBe('unknown');
      expect(done.error.name).toBe('ArcWriteUnconfirmed');
      expect(done.error.message).toMatch(/^Unknown — check ARC/);
      expect(done.error.message).toContain(
        'orders-secondary-rc=Off, orders-primary-rc=On (requested: orders-secondary-rc=On, orders-primary-rc=Off)',
      );
      expect(done.error.message).not.toMatch(/not updated/);
      expect(done.steps.map((st: any) => st.status)).toEqual([
        'done',
        'unknown',
        'skipped',
        'skipped',
      ]);
      // the lock covered the write and its read-back only
      expect(await lockCount()).toBe(0);

      // the write lands after all
      await emu.clearFaults();
      emu.setRoutingControlState(controlArn('orders', 1), 'On');
      emu.setRoutingControlState(controlArn('orders', 0), 'Off');
      const status = await request(h.server)
        .get('/api/multi-region/status')
        .query({ entityRef: ORDERS })
        .set(alice);
      expect(status.body.active.activeRegion).toBe('us-west-2');
      const later = await request(h.server)
        .get(`/api/multi-region/operations/${res.body.id}`)
        .set(alice);
      expect(later.body.status).toBe('succeeded');
      expect(later.body.steps[1]).toMatchObject({
        status: 'done',
        detail: expect.stringContaining('Confirmed later'),
      });
      expect(await externalChanges(h)).toEqual([]);
    });

    it('refused by every endpoint: failed, not updated, with the state read back', async () => {
      const h = await start();
      for (let i = 0; i < 5; i++) {
        await emu.setFault(i, 'unavailable', {
          operations: ['UpdateRoutingControlStates'],
        });
      }
      const res = await request(h.server)
        .post('/api/multi-region/operations')
        .set(alice)
        .send(failover('refused everywhere'));
      const done = await waitForOperation(h.server, res.body.id);
      expect(done.status).toBe('failed');
      expect(done.error.name).toBe('ArcUnavailable');
      expect(done.error.message).toContain('Read back from');
      expect(done.error.message).toContain(
        'The routing controls were not updated.',
      );
      expect(await lockCount()).toBe(0);
    });
  });

  describe('the lock covers the ARC write only (finding 6)', () => {
    it('a failback while the failover follows DNS is allowed and supersedes it', async () => {
      const h = await start();
      const res = await request(h.server)
        .post('/api/multi-region/operations')
        .set(alice)
        .send(failover('bad failover'));
      expect(res.status).toBe(202);
      // no refresher yet: the failover keeps following DNS
      const observing = await waitForOperationState(
        h.server,
        res.body.id,
        'its write done',
        o => o.steps[1].status === 'done',
      );
      expect(observing.status).toBe('in-progress');
      expect(await lockCount()).toBe(0);
      const plan = await request(h.server)
        .post('/api/multi-region/plan')
        .set(guest)
        .send({ entityRef: ORDERS, targetRegion: 'us-east-1' });
      expect(plan.status).toBe(200);
      expect(plan.body.pendingOperation).toBeUndefined();

      const back = await request(h.server)
        .post('/api/multi-region/operations')
        .set(guest)
        .send({
          entityRef: ORDERS,
          targetRegion: 'us-east-1',
          reason: 'undo the bad failover',
          expectedActiveRegion: 'us-west-2',
        });
      expect(back.status).toBe(202);
      const first = await waitForOperation(h.server, res.body.id);
      expect(first).toMatchObject({
        status: 'succeeded',
        supersededBy: back.body.id,
      });
      expect(first.error).toBeUndefined();
      expect(first.dnsFollowedAfterMs).toBeUndefined();
      expect(first.steps[1].status).toBe('done');
      for (const step of first.steps.slice(2)) {
        expect(step).toMatchObject({
          status: 'skipped',
          detail: expect.stringContaining(
            `Superseded by operation ${back.body.id}`,
          ),
        });
      }
      h.startRefresher();
      const second = await waitForOperation(h.server, back.body.id);
      expect(second.status).toBe('succeeded');
      expect(second.steps[3].status).toBe('done');
      expect(emu.getRoutingControlState(controlArn('orders', 0))).toBe('On');
      expect(emu.getRoutingControlState(controlArn('orders', 1))).toBe('Off');
      expect(await lockCount()).toBe(0);
      const history = await request(h.server)
        .get('/api/multi-region/history')
        .query({ entityRef: ORDERS })
        .set(alice);
      expect(history.body.items.map((o: any) => o.status)).toEqual([
        'succeeded',
        'succeeded',
      ]);
      const status = await request(h.server)
        .get('/api/multi-region/status')
        .query({ entityRef: ORDERS })
        .set(alice);
      expect(status.body.lastChange.id).toBe(back.body.id);
      expect(status.body.pendingOperation).toBeUndefined();
    });

    /** A row a crashed replica left while it followed DNS (write done, no lock). */
    const observingRow = (id: string, updatedAt: number, extra = {}) => ({
      id,
      entity_ref: ORDERS,
      control_panel_arn: panelArn('orders'),
      action: 'failover',
      from_region: 'us-east-1',
      to_region: 'us-west-2',
      reason: 'interrupted while following DNS',
      actor: 'user:default/alice',
      source: 'portal',
      override_safety_rules: false,
      status: 'in-progress',
      steps: JSON.stringify([
        { name: 'authorised', status: 'done' },
        {
          name: 'routing-controls-updated',
          status: 'done',
          detail: 'Accepted by us-west-2 (http://x/v1), request id r-1.',
        },
        { name: 'health-checks-observed', status: 'running' },
        { name: 'dns-answering', status: 'pending' },
      ]),
      intent: JSON.stringify({
        clusterName: 'shared-arc',
        entries: [
          { arn: controlArn('orders', 1), state: 'On' },
          { arn: controlArn('orders', 0), state: 'Off' },
        ],
        safetyRulesToOverride: [],
      }),
      created_at: updatedAt,
      updated_at: updatedAt,
      ...extra,
    });
    const arcUnreadable = async () => {
      for (let i = 0; i < 5; i++) await emu.setFault(i, 'unavailable');
    };

    it('an operation interrupted while following DNS is completed on restart, without ARC', async () => {
      const first = await start();
      await first.stop();
      running.splice(0);
      const old = Date.now() - 10 * 60_000;
      await knex('multi_region_operations').insert(
        observingRow('33333333-3333-4333-8333-333333333333', old),
      );
      emu.setRoutingControlState(controlArn('orders', 1), 'On');
      emu.setRoutingControlState(controlArn('orders', 0), 'Off');
      await arcUnreadable();
      const h = await start();
      const op = await request(h.server)
        .get(
          '/api/multi-region/operations/33333333-3333-4333-8333-333333333333',
        )
        .set(alice);
      expect(op.body.status).toBe('reconciled');
      expect(op.body.error).toBeUndefined();
      expect(op.body.steps[1]).toMatchObject({
        status: 'done',
        detail: expect.stringContaining('Accepted by us-west-2'),
      });
      for (const step of op.body.steps.slice(2)) {
        expect(step).toMatchObject({
          status: 'skipped',
          detail: expect.stringContaining(
            'the backend stopped while following DNS',
          ),
        });
      }
      expect(await lockCount()).toBe(0);
    });

    it('a superseded operation whose replica died is completed as superseded on restart', async () => {
      const first = await start();
      await first.stop();
      running.splice(0);
      const old = Date.now() - 10 * 60_000;
      await knex('multi_region_operations').insert(
        observingRow('44444444-4444-4444-8444-444444444444', old, {
          superseded_by: '55555555-5555-4555-8555-555555555555',
        }),
      );
      await arcUnreadable();
      const h = await start();
      const op = await request(h.server)
        .get(
          '/api/multi-region/operations/44444444-4444-4444-8444-444444444444',
        )
        .set(alice);
      expect(op.body).toMatchObject({
        status: 'succeeded',
        supersededBy: '55555555-5555-4555-8555-555555555555',
      });
      expect(op.body.steps[3]).toMatchObject({
        status: 'skipped',
        detail: expect.stringContaining(
          'Superseded by operation 55555555-5555-4555-8555-555555555555',
        ),
      });
    });

    it('an interrupted write that ARC cannot confirm for long is unknown and its lock released, never held forever', async () => {
      const first = await start();
      await first.stop();
      running.splice(0);
      const row = (id: string, at: number) => ({
        ...observingRow(id, at),
        control_panel_arn:
          id[0] === '6' ? panelArn('orders') : panelArn('payments'),
        entity_ref: id[0] === '6' ? ORDERS : 'component:default/payments',
        steps: JSON.stringify([
          { name: 'authorised', status: 'done' },
          { name: 'routing-controls-updated', status: 'running' },
          { name: 'health-checks-observed', status: 'pending' },
          { name: 'dns-answering', status: 'pending' },
        ]),
      });
      const longAgo = Date.now() - 24 * 3600_000;
      const recently = Date.now() - 2 * 60_000;
      await knex('multi_region_operations').insert([
        row('66666666-6666-4666-8666-666666666666', longAgo),
        row('77777777-7777-4777-8777-777777777777', recently),
      ]);
      await knex('multi_region_locks').insert([
        {
          control_panel_arn: panelArn('orders'),
          operation_id: '66666666-6666-4666-8666-666666666666',
          created_at: longAgo,
        },
        {
          control_panel_arn: panelArn('payments'),
          operation_id: '77777777-7777-4777-8777-777777777777',
          created_at: recently,
        },
      ]);
      await arcUnreadable();
      const h = await start();
      const gaveUp = await request(h.server)
        .get(
          '/api/multi-region/operations/66666666-6666-4666-8666-666666666666',
        )
        .set(alice);
      expect(gaveUp.body.status).toBe('unknown');
      expect(gaveUp.body.error.name).toBe('ArcWriteUnconfirmed');
      expect(gaveUp.body.error.message).toMatch(/^Unknown — check ARC/);
      expect(gaveUp.body.steps[1].status).toBe('unknown');
      // the recent one is retried later: its lock stays for now
      const retried = await request(h.server)
        .get(
          '/api/multi-region/operations/77777777-7777-4777-8777-777777777777',
        )
        .set(mockAuth('user:default/bob'));
      expect(retried.body.status).toBe('in-progress');
      expect(
        (await knex('multi_region_locks').select('operation_id')).map(
          l => l.operation_id,
        ),
      ).toEqual(['77777777-7777-4777-8777-777777777777']);
    });
  });
});
