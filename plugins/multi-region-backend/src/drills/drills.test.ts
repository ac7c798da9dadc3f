import { TestDatabases } from '@backstage/backend-test-utils';
import { MULTI_REGION_ANNOTATIONS as A } from '@multi-region-failover/plugin-multi-region-common';
import request from 'supertest';
import {
  appEntity,
  controlArn,
  EXAMPLE_FIXTURE,
  Harness,
  loadFixture,
  mockAuth,
  startHarness,
} from '../__testUtils__/harness';

/*
 * Drills end to end through the plugin and the emulator over HTTP: a drill
 * fails over, soaks, fails back and records its times; an outcome alarm in
 * ALARM mid-soak fails back by itself; any owner can stop one; what only
 * drills check refuses with the reason (permission, window, blocking alarm,
 * not on the primary, soak limits).
 */

jest.setTimeout(120_000);

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';
const alice = mockAuth('user:default/alice');
const guest = mockAuth('user:default/guest');
const bob = mockAuth('user:default/bob');

const drill = (soakSeconds: number, extra: Record<string, unknown> = {}) => ({
  entityRef: ORDERS,
  reason: 'Quarterly DR drill',
  soakSeconds,
  expectedActiveRegion: 'us-east-1',
  ...extra,
});

const start = (h: Harness, body: Record<string, unknown>, who = alice) =>
  request(h.server).post('/api/multi-region/drills').set(who).send(body);

/** Polls a drill until `condition` holds (synchronisation on state, not a sleep). */
async function waitForDrill(
  h: Harness,
  id: string,
  what: string,
  condition: (drill: any) => boolean,
  timeoutMs = 90_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(h.server)
      .get(`/api/multi-region/drills/${id}`)
      .set(alice);
    if (res.status !== 200) {
      throw new Error(
        `GET drill ${id}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    if (condition(res.body)) return res.body;
    if (Date.now() > deadline) {
      throw new Error(`drill ${id} never ${what}: ${JSON.stringify(res.body)}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
const finished = (h: Harness, id: string) =>
  waitForDrill(h, id, 'finished', d =>
    ['completed', 'failed', 'needs-attention'].includes(d.state),
  );

/** The routing-control states of orders, as ARC has them. */
function ordersStates(h: Harness) {
  const controls = h.emu.snapshot().routingControls;
  const state = (arn: string) =>
    controls.find(c => c.RoutingControlArn === arn)?.State;
  return [state(controlArn('orders', 0)), state(controlArn('orders', 1))];
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('drills on %p', databaseId => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      knex: await databases.init(databaseId),
      entities: [
        appEntity('external-api'),
        appEntity('orders', {
          annotations: {
            [A.rtoMinutes]: '15',
            [A.drillOutcomeAlarms]: 'orders-5xx-usw2',
          },
        }),
        appEntity('payments'),
        appEntity('orders', {
          name: 'orders-frozen',
          annotations: {
            // a whole-week blocked window: never
            [A.drillBlockedWindows]: 'Mon-Sun 00:00-24:00',
          },
        }),
      ],
      config: {
        drills: { minSoakSeconds: 1, watchIntervalSeconds: 1 },
      },
    });
    h.startRefresher();
  });
  afterAll(() => h?.stop());

  it('fails over, soaks, fails back, and records the times against the RTO', async () => {
    const res = await start(h, drill(2), guest);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      entityRef: ORDERS,
      actor: 'user:default/guest',
      state: 'failing-over',
      soakSeconds: 2,
      primaryRegion: 'us-east-1',
      secondaryRegion: 'us-west-2',
      outcomeAlarms: ['orders-5xx-usw2'],
    });
    const done = await finished(h, res.body.id);
    expect(done).toMatchObject({
      state: 'completed',
      outcome: 'passed',
      rtoMinutes: 15,
      rtoMet: true,
    });
    expect(done.failoverTimings.switchMs).toEqual(expect.any(Number));
    // its owners heard of the drill, not of each of its operations
    const told = h.notifications.filter(n =>
      n.payload.scope?.endsWith(res.body.id),
    );
    expect(told.map(n => n.payload.title)).toEqual([
      'Drill of orders started',
      'Drill of orders passed',
    ]);
    expect(told[0].recipients).toEqual({ type: 'entity', entityRef: [ORDERS] });
    expect(
      h.notifications.filter(n =>
        [done.failoverOperationId, done.failbackOperationId].some(id =>
          n.payload.scope?.includes(id),
        ),
      ),
    ).toEqual([]);
    expect(done.failoverTimings.healthyMs).toEqual(expect.any(Number));
    expect(done.failbackTimings.switchMs).toEqual(expect.any(Number));
    expect(done.watch.targetHealth).toBe('Healthy');
    expect(ordersStates(h)).toEqual(['On', 'Off']);

    const history = (
      await request(h.server)
        .get('/api/multi-region/history')
        .query({ entityRef: ORDERS })
        .set(alice)
    ).body.items;
    const failover = history.find(
      (o: any) => o.id === done.failoverOperationId,
    );
    const failback = history.find(
      (o: any) => o.id === done.failbackOperationId,
    );
    expect(failover).toMatchObject({
      drillId: done.id,
      toRegion: 'us-west-2',
      status: 'succeeded',
      actor: 'user:default/guest',
      timings: { rtoMinutes: 15, rtoMet: true },
    });
    expect(failback).toMatchObject({
      drillId: done.id,
      toRegion: 'us-east-1',
      status: 'succeeded',
      reason: expect.stringMatching(/^Drill failback: /),
    });
    expect(failback.steps[0].detail).toMatch(/Automatic failback of drill/);

    const status = (
      await request(h.server)
        .get('/api/multi-region/status')
        .query({ entityRef: ORDERS })
        .set(alice)
    ).body;
    expect(status.drills).toMatchObject({
      last: { id: done.id, outcome: 'passed' },
      overdue: false,
    });
    expect(status.drills.running).toBeUndefined();
    expect(status.active.activeRegion).toBe('us-east-1');

    const services = (
      await request(h.server).get('/api/multi-region/services').set(alice)
    ).body.items;
    expect(
      services.find((s: any) => s.entityRef === ORDERS).drill,
    ).toMatchObject({
      running: false,
      lastOutcome: 'passed',
      lastRtoMet: true,
      overdue: false,
    });
    expect(
      services.find((s: any) => s.entityRef === PAYMENTS).drill,
    ).toMatchObject({ running: false, overdue: true });
    expect(h.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'drill', severityLevel: 'high' }),
    );
  });

  it('fails back by itself when an outcome alarm goes into ALARM mid-soak', async () => {
    const res = await start(h, drill(600));
    expect(res.status).toBe(202);
    await waitForDrill(h, res.body.id, 'soaked', d => d.state === 'soaking');
    h.emu.setAlarmState({
      region: 'us-west-2',
      name: 'orders-5xx-usw2',
      state: 'ALARM',
      reason: 'Threshold Crossed: 5xx above 5',
    });
    try {
      const done = await finished(h, res.body.id);
      expect(done).toMatchObject({
        state: 'completed',
        outcome: 'outcome-failed',
      });
      expect(done.outcomeDetail).toMatch(/orders-5xx-usw2.*ALARM/);
      expect(ordersStates(h)).toEqual(['On', 'Off']);
    } finally {
      h.emu.setAlarmState({
        region: 'us-west-2',
        name: 'orders-5xx-usw2',
        state: 'OK',
      });
    }
  });

  it('any owner can stop a drill; others cannot', async () => {
    const res = await start(h, drill(600));
    expect(res.status).toBe(202);
    const id = res.body.id;
    await waitForDrill(h, id, 'soaked', d => d.state === 'soaking');
    const denied = await request(h.server)
      .post(`/api/multi-region/drills/${id}/stop`)
      .set(bob)
      .send({ reason: 'Not my service though' });
    expect(denied.status).toBe(403);
    const stopped = await request(h.server)
      .post(`/api/multi-region/drills/${id}/stop`)
      .set(guest)
      .send({ reason: 'Customer demo starting now' });
    expect(stopped.status).toBe(200);
    expect(stopped.body.stop).toMatchObject({
      by: 'user:default/guest',
      reason: 'Customer demo starting now',
    });
    const done = await finished(h, id);
    expect(done).toMatchObject({ state: 'completed', outcome: 'stopped' });
    expect(done.outcomeDetail).toMatch(/Stopped by user:default\/guest/);
    expect(ordersStates(h)).toEqual(['On', 'Off']);
    const again = await request(h.server)
      .post(`/api/multi-region/drills/${id}/stop`)
      .set(alice)
      .send({ reason: 'Stop it once more' });
    expect(again.status).toBe(409);
  });

  it('refuses with the reason: permission, window, blocking alarm, not on the primary, soak', async () => {
    const forbidden = await start(
      h,
      { ...drill(5), entityRef: PAYMENTS, expectedActiveRegion: 'eu-west-1' },
      guest,
    );
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toMatch(
      /multi-region\.failover\.execute/,
    );

    const frozen = await start(h, {
      ...drill(5),
      entityRef: 'component:default/orders-frozen',
    });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.refusal).toBe('drill-window');
    expect(frozen.body.error.message).toMatch(/Mon-Sun 00:00-24:00/);

    const soak = await start(h, drill(0));
    expect(soak.status).toBe(400);
    expect(soak.body.error.message).toMatch(/soakSeconds must be/);

    const wrongSide = await start(
      h,
      drill(5, { expectedActiveRegion: 'us-west-2' }),
    );
    expect(wrongSide.status).toBe(409);
    expect(wrongSide.body.error.refusal).toBe('drill-not-on-primary');

    const plan = await request(h.server)
      .post('/api/multi-region/drills/plan')
      .set(alice)
      .send({ entityRef: 'component:default/orders-frozen' });
    expect(plan.status).toBe(200);
    expect(plan.body.refusals.map((r: any) => r.kind)).toEqual([
      'drill-window',
    ]);
    expect(plan.body.failover.toRegion).toBe('us-west-2');
    expect(plan.body.soak).toMatchObject({ minSeconds: 1 });
  });

  it('refuses while a blocking alarm is in ALARM', async () => {
    const blocked = await startHarness({
      emu: h.emu,
      entities: [
        appEntity('orders', {
          annotations: { [A.drillBlockingAlarms]: 'orders-5xx-use1' },
        }),
      ],
      config: { drills: { minSoakSeconds: 1, watchIntervalSeconds: 1 } },
    });
    h.emu.setAlarmState({
      region: 'us-east-1',
      name: 'orders-5xx-use1',
      state: 'ALARM',
      reason: 'Deploy in progress',
    });
    try {
      const res = await start(blocked, drill(5));
      expect(res.status).toBe(409);
      expect(res.body.error.refusal).toBe('drill-blocking-alarm');
      expect(res.body.error.message).toMatch(
        /orders-5xx-use1 \(Deploy in progress\)/,
      );
      expect(ordersStates(h)).toEqual(['On', 'Off']);
    } finally {
      h.emu.setAlarmState({
        region: 'us-east-1',
        name: 'orders-5xx-use1',
        state: 'OK',
      });
      await blocked.stop();
    }
  });

  it('validates bodies and ids: unknown fields, hostile reasons, bad ids', async () => {
    const withArn = await start(h, { ...drill(5), targetRegion: 'us-west-2' });
    expect(withArn.status).toBe(400);
    expect(withArn.body.error.message).toMatch(
      /unknown field\(s\) targetRegion/,
    );
    const bidi = await start(h, drill(5, { reason: 'Drill \u202eevil' }));
    expect(bidi.status).toBe(400);
    const badId = await request(h.server)
      .get('/api/multi-region/drills/not-a-uuid')
      .set(alice);
    expect(badId.status).toBe(400);
    const unknown = await request(h.server)
      .get('/api/multi-region/drills/00000000-0000-4000-8000-000000000000')
      .set(alice);
    expect(unknown.status).toBe(404);
    const stopUnknown = await request(h.server)
      .post(
        '/api/multi-region/drills/00000000-0000-4000-8000-000000000000/stop',
      )
      .set(alice)
      .send({ reason: 'Nothing to stop here' });
    expect(stopUnknown.status).toBe(404);
  });
});

describe('a drill whose failback meets a safety rule wait period', () => {
  const databases2 = TestDatabases.create({ ids: ['SQLITE_3'] });
  let h: Harness;
  beforeAll(async () => {
    const fixture = loadFixture(EXAMPLE_FIXTURE);
    fixture
      .controlPanels!.find(p => p.name === 'orders-panel')!
      .safetyRules!.forEach(r => {
        r.waitPeriodMs = 4000;
      });
    h = await startHarness({
      knex: await databases2.init('SQLITE_3'),
      fixture,
      config: { drills: { minSoakSeconds: 1, watchIntervalSeconds: 1 } },
    });
    h.startRefresher();
  });
  afterAll(() => h?.stop());

  it('waits it out once, then fails back', async () => {
    const res = await start(h, drill(1));
    expect(res.status).toBe(202);
    const done = await finished(h, res.body.id);
    expect(done).toMatchObject({ state: 'completed', outcome: 'passed' });
    expect(ordersStates(h)).toEqual(['On', 'Off']);
    const waits = done.events.filter((e: any) =>
      /The failback has to wait/.test(e.message),
    );
    expect(waits).toHaveLength(1);
    expect(waits[0].message).toMatch(/wait period/);
  });
});
