import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import {
  appEntity,
  controlArn,
  Harness,
  mockAuth,
  startHarness,
} from '../__testUtils__/harness';

/*
 * Region evacuations end to end through the plugin and the emulator over
 * HTTP: the plan as an admin and as an owner (skipped services and why),
 * dependency order (orders before the external API that calls it), one
 * operation per service grouped under the evacuation, events on the events
 * service, stop, stop-on-failure, and every refusal as a clear 4xx.
 */

jest.setTimeout(120_000);

const ORDERS = 'component:default/orders';
const EXTERNAL = 'component:default/external-api';
const PAYMENTS = 'component:default/payments';
const pat = mockAuth('user:default/pat');
const erin = mockAuth('user:default/erin');
const guest = mockAuth('user:default/guest');

/** The external API calls orders and payments (catalog dependsOn). */
function externalApi(): Entity {
  const entity = appEntity('external-api');
  return {
    ...entity,
    relations: [
      ...(entity.relations ?? []),
      { type: 'dependsOn', targetRef: ORDERS },
      { type: 'dependsOn', targetRef: PAYMENTS },
    ],
  };
}

const plan = (h: Harness, body: object, who = pat) =>
  request(h.server)
    .post('/api/multi-region/evacuations/plan')
    .set(who)
    .send(body);

const start = (h: Harness, body: object, who = pat) =>
  request(h.server).post('/api/multi-region/evacuations').set(who).send(body);

const evacuate = (region: string, services: string[], extra: object = {}) => ({
  region,
  reason: `${region} API Gateway 5xx (INC-5150)`,
  confirmation: `evacuate ${region}`,
  services,
  ...extra,
});

/** Polls an evacuation until `condition` holds (synchronisation on state, not a sleep). */
async function waitForEvacuation(
  h: Harness,
  id: string,
  what: string,
  condition: (evacuation: any) => boolean,
  who = pat,
) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await request(h.server)
      .get(`/api/multi-region/evacuations/${id}`)
      .set(who);
    if (res.status !== 200) {
      throw new Error(`GET evacuation ${id}: ${res.status} ${res.text}`);
    }
    if (condition(res.body)) return res.body;
    if (Date.now() > deadline) {
      throw new Error(`evacuation ${id} never ${what}: ${res.text}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}
const completed = (h: Harness, id: string) =>
  waitForEvacuation(h, id, 'completed', e => e.state === 'completed');

const operation = async (h: Harness, id: string) =>
  (await request(h.server).get(`/api/multi-region/operations/${id}`).set(pat))
    .body;

/** Where ARC routes each app: the region whose control is On. */
function activeOf(h: Harness, app: 'orders' | 'external-api') {
  const controls = h.emu.snapshot().routingControls;
  const on = (role: 0 | 1) =>
    controls.find(c => c.RoutingControlArn === controlArn(app, role))?.State ===
    'On';
  if (on(0) && !on(1)) return 'us-east-1';
  if (on(1) && !on(0)) return 'us-west-2';
  return 'both or neither';
}

/** orders, with the reverse relation the catalog adds: the external API depends on it. */
function orders(): Entity {
  const entity = appEntity('orders');
  return {
    ...entity,
    relations: [
      ...(entity.relations ?? []),
      { type: 'dependencyOf', targetRef: EXTERNAL },
    ],
  };
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('evacuations on %p', databaseId => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      knex: await databases.init(databaseId),
      entities: [externalApi(), orders(), appEntity('payments')],
      config: { evacuation: { concurrency: 4 } },
    });
    h.startRefresher();
  });
  afterAll(() => h?.stop());
  afterEach(() => h.emu.clearFaults());

  it('plans as an admin: every service running there, dependencies first', async () => {
    const res = await plan(h, { region: 'us-east-1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      region: 'us-east-1',
      selection: {},
      confirmation: 'evacuate us-east-1',
      concurrency: 4,
      unreadable: 0,
    });
    expect(res.body.refusal).toBeUndefined();
    expect(
      res.body.items.map((i: any) => [i.entityRef, i.wave, i.after, i.skip]),
    ).toEqual([
      [ORDERS, 0, [], undefined],
      [EXTERNAL, 1, [ORDERS], undefined],
    ]);
    expect(res.body.items[0]).toMatchObject({
      fromRegion: 'us-east-1',
      toRegion: 'us-west-2',
      // the readiness of its move, as its failover plan has it
      readiness: { targetRegion: 'us-west-2', failed: 0 },
    });
  });

  it('plans as an owner: only what they own moves, the rest is skipped and why', async () => {
    const res = await plan(h, { region: 'us-east-1' }, erin);
    expect(res.status).toBe(200);
    const byRef = Object.fromEntries(
      res.body.items.map((i: any) => [i.entityRef, i]),
    );
    expect(byRef[EXTERNAL].skip).toBeUndefined();
    expect(byRef[EXTERNAL].after).toEqual([]);
    expect(byRef[EXTERNAL].orderNotes).toEqual([
      `${ORDERS} is not moved (not-permitted), so it moves without waiting for it.`,
    ]);
    expect(byRef[ORDERS].skip).toMatchObject({ kind: 'not-permitted' });
    expect(byRef[ORDERS].skip.message).toMatch(/failover\.execute|may not/);
    // the selection narrows to one owner
    const mine = await plan(
      h,
      {
        region: 'us-east-1',
        selection: { owner: 'group:default/team-orders' },
      },
      erin,
    );
    expect(mine.body.items.map((i: any) => i.entityRef)).toEqual([ORDERS]);
    expect(mine.body.refusal).toMatch(/Nothing to move/);
  });

  it('refuses bad input with a clear 4xx, before anything is written', async () => {
    const bad = [
      [{ region: 'us-east-01' }, /region must be an AWS region code/],
      [{ region: 'us-east-1', arn: 'x' }, /unknown field/],
      [
        { region: 'us-east-1', selection: { owner: 'group:default/' } },
        /selection.owner/,
      ],
    ] as const;
    for (const [body, message] of bad) {
      const res = await plan(h, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const wrongConfirmation = await start(h, {
      ...evacuate('us-east-1', [ORDERS]),
      confirmation: 'evacuate us-west-2',
    });
    expect(wrongConfirmation.status).toBe(400);
    expect(wrongConfirmation.body.error.message).toMatch(
      /type "evacuate us-east-1"/,
    );
    const noReason = await start(h, {
      ...evacuate('us-east-1', [ORDERS]),
      reason: '',
    });
    expect(noReason.status).toBe(400);
    const nothing = await start(h, evacuate('us-east-1', [ORDERS]), erin);
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.message).toMatch(/None of the services/);
    const service = await start(h, evacuate('us-east-1', [ORDERS]), {
      Authorization: 'Bearer mock-service-token',
    });
    expect([401, 403]).toContain(service.status);
    const list = await request(h.server)
      .get('/api/multi-region/evacuations')
      .set(pat);
    expect(list.body.items).toEqual([]);
    expect(activeOf(h, 'orders')).toBe('us-east-1');
  });

  it('evacuates us-east-1: orders first, then the external API, each its own operation', async () => {
    h.published.length = 0;
    h.signals.length = 0;
    h.notifications.length = 0;
    const res = await start(h, evacuate('us-east-1', [ORDERS, EXTERNAL]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      region: 'us-east-1',
      actor: 'user:default/pat',
      state: 'running',
      stopOnFailure: false,
    });
    // a second one while it runs: refused (the region's lock, or nothing left to move)
    const again = await start(h, evacuate('us-east-1', [ORDERS, EXTERNAL]));
    expect(again.status).toBe(409);
    const done = await completed(h, res.body.id);
    expect(done.outcome).toBe('succeeded');
    expect(done.counts).toMatchObject({ moved: 2, failed: 0, waiting: 0 });
    expect(activeOf(h, 'orders')).toBe('us-west-2');
    expect(activeOf(h, 'external-api')).toBe('us-west-2');

    const [ordersItem, externalItem] = [ORDERS, EXTERNAL].map(
      ref => done.items.find((i: any) => i.entityRef === ref)!,
    );
    const ordersOp = await operation(h, ordersItem.operationId);
    const externalOp = await operation(h, externalItem.operationId);
    expect(ordersOp).toMatchObject({
      evacuationId: res.body.id,
      status: 'succeeded',
      actor: 'user:default/pat',
      toRegion: 'us-west-2',
    });
    expect(externalOp.evacuationId).toBe(res.body.id);
    // the external API started only once orders had finished moving
    expect(Date.parse(externalOp.createdAt)).toBeGreaterThanOrEqual(
      Date.parse(ordersOp.completedAt),
    );
    expect(ordersOp.steps[0].detail).toMatch(
      new RegExp(`Part of evacuation ${res.body.id}`),
    );

    // other plugins heard of it on the events service
    const types = h.published.map(e => (e.eventPayload as any).type);
    expect(types[0]).toBe('evacuation.started');
    expect(types.at(-1)).toBe('evacuation.finished');
    expect(types.filter(t => t === 'operation.started')).toHaveLength(2);
    expect(types.filter(t => t === 'operation.finished')).toHaveLength(2);
    const finished = h.published.find(
      e => (e.eventPayload as any).type === 'operation.finished',
    )!.eventPayload as any;
    expect(finished.operation).toMatchObject({
      entityRef: ORDERS,
      evacuationId: res.body.id,
      status: 'succeeded',
    });
    expect(finished.operation.reason).toBeUndefined();

    // live updates name what changed by id only
    const signalled = h.signals.map(e => (e.eventPayload as any).message);
    expect(signalled).toContainEqual({ kind: 'evacuation', id: res.body.id });
    expect(signalled).toContainEqual({ kind: 'operation', id: ordersOp.id });
    for (const e of h.signals) {
      expect(e.eventPayload).toMatchObject({
        channel: 'multi-region',
        recipients: { type: 'broadcast' },
      });
      expect(Object.keys((e.eventPayload as any).message).sort()).toEqual([
        'id',
        'kind',
      ]);
    }

    // the owners of orders and of the external API that depends on it are told
    const ordersEnd = h.notifications.find(
      n =>
        n.payload.scope === `operation:${ordersOp.id}` &&
        /now runs/.test(n.payload.title),
    )!;
    expect(ordersEnd).toMatchObject({
      recipients: { type: 'entity', entityRef: [ORDERS, EXTERNAL] },
      payload: {
        title: 'orders now runs in us-west-2',
        link: '/catalog/default/component/orders/multi-region',
        severity: 'normal',
        topic: 'multi-region',
      },
    });
    expect(ordersEnd.payload.description).toMatch(
      new RegExp(`^Part of the evacuation of us-east-1 \\(${res.body.id}\\)`),
    );
    const evacuationEnd = h.notifications.find(
      n =>
        n.payload.scope === `evacuation:${res.body.id}` &&
        /succeeded/.test(n.payload.title),
    )!;
    expect(evacuationEnd.recipients).toEqual({
      type: 'entity',
      entityRef: [ORDERS, EXTERNAL],
    });
    expect(evacuationEnd.payload).toMatchObject({
      title: 'Evacuation of us-east-1 succeeded',
      link: '/multi-region',
    });

    // the audit trail has the confirmation and the end
    expect(h.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'evacuation', severityLevel: 'high' }),
    );
    expect(h.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'evacuation-ended' }),
    );
  });

  it('lists evacuations to those who may read their services, filtered for an owner', async () => {
    const list = await request(h.server)
      .get('/api/multi-region/evacuations')
      .set(guest);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({
      region: 'us-east-1',
      state: 'completed',
    });
    const bad = await request(h.server)
      .get('/api/multi-region/evacuations/not-a-uuid')
      .set(guest);
    expect(bad.status).toBe(400);
    const missing = await request(h.server)
      .get('/api/multi-region/evacuations/00000000-0000-4000-8000-000000000000')
      .set(guest);
    expect(missing.status).toBe(404);
  });

  it('stops: services not yet started are skipped, the one moving finishes', async () => {
    // back from us-west-2, with the first move's writes held so a stop lands mid-way
    await waitForPlan(h, 'us-west-2', [ORDERS, EXTERNAL]);
    for (let i = 0; i < 5; i++) {
      await h.emu.setFault(i, 'hang', {
        operations: ['UpdateRoutingControlStates'],
      });
    }
    const res = await start(h, evacuate('us-west-2', [ORDERS, EXTERNAL]));
    expect(res.status).toBe(201);
    await waitForEvacuation(h, res.body.id, 'moved orders', e =>
      e.items.some((i: any) => i.entityRef === ORDERS && i.operationId),
    );
    const denied = await request(h.server)
      .post(`/api/multi-region/evacuations/${res.body.id}/stop`)
      .set(erin)
      .send({ reason: 'Not mine to stop' });
    expect(denied.status).toBe(403);
    const stopped = await request(h.server)
      .post(`/api/multi-region/evacuations/${res.body.id}/stop`)
      .set(pat)
      .send({ reason: 'us-east-1 is degraded too' });
    expect(stopped.status).toBe(200);
    expect(stopped.body.stop).toMatchObject({ by: 'user:default/pat' });
    await h.emu.clearFaults();
    const done = await completed(h, res.body.id);
    expect(done.outcome).toBe('stopped');
    const external = done.items.find((i: any) => i.entityRef === EXTERNAL);
    expect(external).toMatchObject({
      state: 'skipped',
      skip: { kind: 'stopped' },
    });
    expect(external.operationId).toBeUndefined();
    expect(activeOf(h, 'external-api')).toBe('us-west-2');
    const again = await request(h.server)
      .post(`/api/multi-region/evacuations/${res.body.id}/stop`)
      .set(pat)
      .send({ reason: 'Once more' });
    expect(again.status).toBe(409);
  });

  it('stops at the first failure when asked: the rest is skipped and why', async () => {
    // wherever they are now, take both to us-west-2 first
    for (const app of ['orders', 'external-api'] as const) {
      h.emu.setRoutingControlState(controlArn(app, 0), 'Off');
      h.emu.setRoutingControlState(controlArn(app, 1), 'On');
    }
    await waitForPlan(h, 'us-west-2', [ORDERS, EXTERNAL]);
    // every ARC write fails: orders cannot move
    for (let i = 0; i < 5; i++) {
      await h.emu.setFault(i, 'internal', {
        operations: ['UpdateRoutingControlStates'],
      });
    }
    const res = await start(
      h,
      evacuate('us-west-2', [ORDERS, EXTERNAL], { stopOnFailure: true }),
    );
    expect(res.status).toBe(201);
    const done = await completed(h, res.body.id);
    expect(done.outcome).toBe('failed');
    const byRef = Object.fromEntries(
      done.items.map((i: any) => [i.entityRef, i]),
    );
    expect(byRef[ORDERS].state).toBe('failed');
    expect(byRef[ORDERS].error).toBeTruthy();
    expect(byRef[EXTERNAL]).toMatchObject({
      state: 'skipped',
      skip: { kind: 'stopped' },
    });
    expect(byRef[EXTERNAL].skip.message).toMatch(/stop at the first failure/);
    expect(activeOf(h, 'external-api')).toBe('us-west-2');
  });
});

/** Waits until a plan of the region moves exactly these services (ARC reads are cached briefly). */
async function waitForPlan(h: Harness, region: string, refs: string[]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await plan(h, { region });
    const moving = (res.body.items ?? [])
      .filter((i: any) => !i.skip)
      .map((i: any) => i.entityRef)
      .sort();
    if (JSON.stringify(moving) === JSON.stringify([...refs].sort())) return;
    if (Date.now() > deadline) {
      throw new Error(`the plan of ${region} never moved ${refs}: ${res.text}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}
