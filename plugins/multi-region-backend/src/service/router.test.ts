import { loadFixture } from '@multi-region-failover/aws-emulator';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { MULTI_REGION_ANNOTATIONS as A } from '@multi-region-failover/plugin-multi-region-common';
import {
  appEntity,
  controlArn,
  EXAMPLE_FIXTURE,
  Harness,
  mockAuth,
  PANEL_PREFIX,
  panelArn,
  startHarness,
  waitForOperation,
} from '../__testUtils__/harness';

/*
 * The HTTP API, end to end through the real plugin in a test backend and the
 * emulator over HTTP. One file on purpose: its six suites share these request
 * helpers and read as the API's contract, route by route.
 */

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';
const EXTERNAL = 'component:default/external-api';

const writes = (h: Harness) =>
  h.emu.requestLog().filter(e => e.operation === 'UpdateRoutingControlStates');

function execute(
  h: Harness,
  headers: Record<string, string>,
  body: Record<string, unknown>,
) {
  return request(h.server)
    .post('/api/multi-region/operations')
    .set(headers)
    .send(body);
}

const ordersFailover = {
  entityRef: ORDERS,
  targetRegion: 'us-west-2',
  reason: 'Latency in us-east-1',
  expectedActiveRegion: 'us-east-1',
};

describe('authorisation matrix', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      entities: [
        appEntity('orders'),
        appEntity('payments'),
        appEntity('external-api', { owner: 'user:default/erin' }),
      ],
    });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.emu.clearLog());

  const status = (headers: Record<string, string>, ref = ORDERS) =>
    request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: ref })
      .set(headers);

  it.each([
    ['the direct owner', 'user:default/erin', EXTERNAL, true, false],
    ['a member of the owning group', 'user:default/alice', ORDERS, true, false],
    ['another team', 'user:default/bob', ORDERS, false, false],
    ['a platform admin', 'user:default/pat', ORDERS, true, true],
    ['the break-glass holder', 'user:default/sam', ORDERS, true, true],
  ])('%s (%s on %s)', async (_, user, ref, canFailover, canOverride) => {
    const res = await status(mockAuth(user), ref);
    expect(res.status).toBe(200);
    expect(res.body.permissions.canFailover).toBe(canFailover);
    expect(res.body.permissions.canOverrideSafetyRules).toBe(canOverride);
    expect(res.body.permissions.failoverDeniedReason ?? '').toContain(
      canFailover ? '' : 'multi-region.failover.execute',
    );
  });

  it('another team is refused with 403 and ZERO writes reach ARC', async () => {
    const res = await execute(h, mockAuth('user:default/bob'), ordersFailover);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('multi-region.failover.execute');
    expect(writes(h)).toHaveLength(0);
    // the refusal is audited too
    const event = await h.auditor.createEvent.mock.results.at(-1)!.value;
    expect(event.fail).toHaveBeenCalled();
    // but not in the entity's history: anyone could fill it otherwise
    const history = await request(h.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS })
      .set(mockAuth('user:default/alice'));
    expect(history.status).toBe(200);
    expect(
      history.body.items.filter((i: any) => i.actor === 'user:default/bob'),
    ).toEqual([]);
  });

  it('an owner without break-glass cannot override safety rules', async () => {
    const res = await execute(h, mockAuth('user:default/alice'), {
      ...ordersFailover,
      overrideSafetyRules: true,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'multi-region.safety-rule.override',
    );
    expect(writes(h)).toHaveLength(0);
  });

  it('unauthenticated callers get 401 on every route', async () => {
    const none = { Authorization: mockCredentials.none.header() };
    for (const req of [
      request(h.server)
        .get('/api/multi-region/status')
        .query({ entityRef: ORDERS })
        .set(none),
      request(h.server).get('/api/multi-region/services').set(none),
      request(h.server)
        .post('/api/multi-region/plan')
        .set(none)
        .send({ entityRef: ORDERS, targetRegion: 'us-west-2' }),
      request(h.server)
        .post('/api/multi-region/operations')
        .set(none)
        .send(ordersFailover),
      request(h.server).get('/api/multi-region/history').set(none),
      request(h.server)
        .get(
          '/api/multi-region/operations/00000000-0000-4000-8000-000000000000',
        )
        .set(none),
    ]) {
      expect((await req).status).toBe(401);
    }
    expect(h.emu.requestLog()).toHaveLength(0);
  });

  it('a service principal may read and plan but not fail over', async () => {
    const service = { Authorization: mockCredentials.service.header() };
    const res = await status(service);
    expect(res.status).toBe(200);
    expect(res.body.permissions.canFailover).toBe(false);
    expect(res.body.permissions.failoverDeniedReason).toMatch(
      /signed-in person/,
    );
    const plan = await request(h.server)
      .post('/api/multi-region/plan')
      .set(service)
      .send({ entityRef: ORDERS, targetRegion: 'us-west-2' });
    expect(plan.status).toBe(200);
    const exec = await execute(h, service, ordersFailover);
    expect(exec.status).toBe(403);
    expect(writes(h)).toHaveLength(0);
  });

  it('an admin fails over an entity owned by another team', async () => {
    h.startRefresher();
    const res = await execute(h, mockAuth('user:default/pat'), {
      entityRef: PAYMENTS,
      targetRegion: 'eu-central-1',
      reason: 'Platform drill',
      expectedActiveRegion: 'eu-west-1',
    });
    expect(res.status).toBe(202);
    const done = await waitForOperation(
      h.server,
      res.body.id,
      'user:default/pat',
    );
    expect(done.status).toBe('succeeded');
    expect(h.emu.getRoutingControlState(controlArn('payments', 1))).toBe('On');
  });
});

describe('requests and annotations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      entities: [
        appEntity('orders'),
        appEntity('payments', {
          name: 'legacy-billing',
          annotations: {
            'multi-region-failover.io/primary-region': 'us-east-01',
          },
        }),
        appEntity('external-api', {
          name: 'elsewhere',
          annotations: { 'multi-region-failover.io/arc-cluster': 'other-arc' },
        }),
      ],
    });
  });
  afterAll(() => h.stop());
  const alice = mockAuth('user:default/alice');

  it('malformed annotations give 200 with every problem for the card', async () => {
    const res = await request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: 'component:default/legacy-billing' })
      .set(alice);
    expect(res.status).toBe(200);
    expect(res.body.annotationErrors).toEqual([
      expect.objectContaining({
        annotation: 'multi-region-failover.io/primary-region',
        problem: expect.stringContaining('us-east-01'),
      }),
    ]);
    expect(res.body.regions).toBeUndefined();
  });

  it('an unknown cluster name is an annotation error naming the configured ones', async () => {
    const res = await request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: 'component:default/elsewhere' })
      .set(alice);
    expect(res.status).toBe(200);
    expect(res.body.annotationErrors[0]).toMatchObject({
      annotation: 'multi-region-failover.io/arc-cluster',
      expected: expect.stringContaining('shared-arc'),
    });
  });

  it('an entity the caller cannot see is 404', async () => {
    const res = await request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: 'component:default/nope' })
      .set(alice);
    expect(res.status).toBe(404);
  });

  it.each([
    [
      'an ARN in the body',
      { ...ordersFailover, routingControlArn: controlArn('payments', 1) },
      /unknown field\(s\) routingControlArn/,
    ],
    ['no reason', { ...ordersFailover, reason: undefined }, /reason/],
    [
      'a too short reason',
      { ...ordersFailover, reason: 'x' },
      /at least 3 characters/,
    ],
    [
      'control characters in the reason',
      { ...ordersFailover, reason: 'bad\u0007reason' },
      /control characters/,
    ],
    [
      'a region outside the pair',
      { ...ordersFailover, targetRegion: 'eu-west-1' },
      /neither the primary/,
    ],
    [
      'a malformed entity ref',
      { ...ordersFailover, entityRef: 'component:' },
      /not an entity ref/,
    ],
    [
      'a wrong type',
      { ...ordersFailover, overrideSafetyRules: 'yes' },
      /overrideSafetyRules/,
    ],
  ])('POST /operations with %s is 400', async (_, body, message) => {
    h.emu.clearLog();
    const res = await execute(h, alice, body as any);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(writes(h)).toHaveLength(0);
  });

  it('malformed JSON, bad history paging and bad operation ids are 400', async () => {
    const json = await request(h.server)
      .post('/api/multi-region/plan')
      .set({ ...alice, 'Content-Type': 'application/json' })
      .send('{"entityRef":');
    expect(json.status).toBe(400);
    for (const query of [
      { limit: 0 },
      { limit: 1000 },
      { cursor: 'garbage' },
      { other: 1 },
    ]) {
      const res = await request(h.server)
        .get('/api/multi-region/history')
        .query(query)
        .set(alice);
      expect(res.status).toBe(400);
    }
    const op = await request(h.server)
      .get('/api/multi-region/operations/not-an-id')
      .set(alice);
    expect(op.status).toBe(400);
    const missing = await request(h.server)
      .get('/api/multi-region/operations/00000000-0000-4000-8000-000000000000')
      .set(alice);
    expect(missing.status).toBe(404);
  });

  it('lists the services the caller can read with one ARC read per panel', async () => {
    h.emu.clearLog();
    const res = await request(h.server)
      .get('/api/multi-region/services')
      .set(alice);
    expect(res.status).toBe(200);
    const byRef = Object.fromEntries(
      res.body.items.map((i: any) => [i.entityRef, i]),
    );
    expect(byRef[ORDERS].active.activeRegion).toBe('us-east-1');
    expect(byRef[ORDERS].owner).toBe('group:default/team-orders');
    expect(
      byRef['component:default/legacy-billing'].annotationErrors,
    ).toHaveLength(1);
    expect(
      h.emu.requestLog().filter(e => e.operation === 'ListRoutingControls'),
    ).toHaveLength(1);
  });
});

describe('safety rules and the hijack defence', () => {
  let h: Harness;
  beforeAll(async () => {
    const fixture = loadFixture(EXAMPLE_FIXTURE);
    const orders = fixture.controlPanels!.find(p => p.name === 'orders-panel')!;
    orders.safetyRules!.push({
      type: 'assertion',
      name: 'orders-both-on',
      id: 'b0b0b0b0b0b0b0b2',
      assertedControls: [controlArn('orders', 0), controlArn('orders', 1)],
      ruleConfig: { type: 'AND', inverted: false },
      waitPeriodMs: 0,
    });
    const external = fixture.controlPanels!.find(
      p => p.name === 'external-api-panel',
    )!;
    delete external.tags;
    delete fixture.controlPanels!.find(p => p.name === 'payments-panel')!.tags;
    h = await startHarness({
      fixture,
      entities: [
        appEntity('orders'),
        appEntity('external-api'),
        appEntity('payments'),
        // bob's team owns this entity, whose annotations name the orders panel
        appEntity('orders', { name: 'mallory', owner: 'team-payments' }),
        // a squatter with otherwise invalid annotations: the orders primary
        // control under an unknown panel
        appEntity('payments', {
          name: 'squatter',
          owner: 'team-payments',
          annotations: {
            [A.controlPanelArn]: `${PANEL_PREFIX}${'f'.repeat(32)}`,
            [A.primaryRoutingControlArn]: controlArn('orders', 0),
            [A.secondaryRoutingControlArn]: `${PANEL_PREFIX}${'f'.repeat(
              32,
            )}/routingcontrol/${'f'.repeat(16)}`,
          },
        }),
        // a second claimant of the UNTAGGED external-api panel
        appEntity('external-api', { name: 'edge-twin' }),
      ],
    });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.emu.clearLog());

  it('the plan names the blocking rule and who may override it', async () => {
    const res = await request(h.server)
      .post('/api/multi-region/plan')
      .set(mockAuth('user:default/sam'))
      .send({
        entityRef: 'component:default/mallory',
        targetRegion: 'us-west-2',
      });
    expect(res.status).toBe(200);
    expect(res.body.blockingSafetyRules).toEqual([
      expect.objectContaining({
        name: 'orders-both-on',
        type: 'assertion',
        arn: `${panelArn('orders')}/safetyrule/b0b0b0b0b0b0b0b2`,
      }),
    ]);
    expect(res.body.changes).toEqual([
      expect.objectContaining({ role: 'secondary', from: 'Off', to: 'On' }),
      expect.objectContaining({ role: 'primary', from: 'On', to: 'Off' }),
    ]);
    expect(res.body.noop).toBe(false);
  });

  it('the plan says before confirming who the panel belongs to, and which claimants are ignored', async () => {
    const plan = (user: string, entityRef: string) =>
      request(h.server)
        .post('/api/multi-region/plan')
        .set(mockAuth(user))
        .send({ entityRef, targetRegion: 'us-west-2' });
    const hijacker = await plan(
      'user:default/bob',
      'component:default/mallory',
    );
    expect(hijacker.status).toBe(200);
    expect(hijacker.body.claimProblem).toContain(
      'is tagged backstage.io/entity-ref=component:default/orders, not component:default/mallory',
    );
    const owner = await plan('user:default/alice', ORDERS);
    expect(owner.status).toBe(200);
    expect(owner.body.claimProblem).toBeUndefined();
    expect(owner.body.ignoredClaimants).toEqual([
      'component:default/mallory',
      'component:default/squatter',
    ]);
  });

  it('refuses to flip a panel whose tag names another entity (hijacking annotation)', async () => {
    const res = await execute(h, mockAuth('user:default/bob'), {
      ...ordersFailover,
      entityRef: 'component:default/mallory',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'tagged backstage.io/entity-ref=component:default/orders',
    );
    expect(writes(h)).toHaveLength(0);
  });

  it('a squatter naming the tagged panel and controls is refused', async () => {
    const res = await execute(h, mockAuth('user:default/pat'), {
      ...ordersFailover,
      entityRef: 'component:default/mallory',
      overrideSafetyRules: true,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'tagged backstage.io/entity-ref=component:default/orders, not component:default/mallory',
    );
    expect(writes(h)).toHaveLength(0);
  });

  it('squatters do not block the owner the panel tag names; they are logged and recorded', async () => {
    h.logger.warn.mockClear();
    h.startRefresher();
    const res = await execute(h, mockAuth('user:default/pat'), {
      ...ordersFailover,
      overrideSafetyRules: true,
    });
    expect(res.status).toBe(202);
    const done = await waitForOperation(
      h.server,
      res.body.id,
      'user:default/pat',
    );
    expect(done.status).toBe('succeeded');
    expect(writes(h)).toHaveLength(1);
    const authorised = done.steps.find((s: any) => s.name === 'authorised');
    // a count: the history's readers may not see those entities
    expect(authorised.detail).toContain(
      "Ignored 2 other catalog entities naming the same panel or controls (the tag does not name them; named in the portal's log).",
    );
    const warnings = h.logger.warn.mock.calls.map(c => String(c[0]));
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^Possible claim squatting: component:default\/mallory, component:default\/squatter name the control panel or routing controls of component:default\/orders .*Ignored, because the panel's backstage.io\/entity-ref tag names component:default\/orders/,
      ),
    );
  });

  it('an untagged panel named by two entities refuses both, counting the other (named in the log) and naming the tag that resolves it', async () => {
    h.logger.warn.mockClear();
    for (const [ref, other] of [
      [EXTERNAL, 'component:default/edge-twin'],
      ['component:default/edge-twin', EXTERNAL],
    ]) {
      const res = await execute(h, mockAuth('user:default/pat'), {
        entityRef: ref,
        targetRegion: 'us-west-2',
        reason: 'drill',
        expectedActiveRegion: 'us-east-1',
      });
      expect(res.status).toBe(403);
      const message: string = res.body.error.message;
      expect(message).toContain('has no backstage.io/entity-ref tag');
      expect(message).toContain(
        `claimed by ${ref} and by 1 other catalog entity (named in the portal's log)`,
      );
      expect(message).not.toContain(other);
      expect(h.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(`claimed by ${ref} and by ${other}`),
      );
      expect(message).toContain(
        `tag the panel with backstage.io/entity-ref=<the owning entity's ref> (e.g. backstage.io/entity-ref=${ref}`,
      );
    }
    expect(writes(h)).toHaveLength(0);
  });

  it('refuses a panel without the entity-ref tag, even with no other claimant', async () => {
    const res = await execute(h, mockAuth('user:default/pat'), {
      entityRef: PAYMENTS,
      targetRegion: 'eu-central-1',
      reason: 'drill',
      expectedActiveRegion: 'eu-west-1',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'has no backstage.io/entity-ref tag, so the portal cannot verify that it belongs to component:default/payments. Tag the panel with backstage.io/entity-ref=component:default/payments',
    );
    expect(writes(h)).toHaveLength(0);
  });
});

describe('safety-rule conflict and break-glass override', () => {
  let h: Harness;
  beforeAll(async () => {
    const fixture = loadFixture(EXAMPLE_FIXTURE);
    fixture
      .controlPanels!.find(p => p.name === 'orders-panel')!
      .safetyRules!.push({
        type: 'assertion',
        name: 'orders-both-on',
        id: 'b0b0b0b0b0b0b0b2',
        assertedControls: [controlArn('orders', 0), controlArn('orders', 1)],
        ruleConfig: { type: 'AND', inverted: false },
        waitPeriodMs: 0,
      });
    h = await startHarness({ fixture });
  });
  afterAll(() => h.stop());

  it('an owner is refused with 409 naming the rule; the break-glass holder overrides it with a reason', async () => {
    const blocked = await execute(
      h,
      mockAuth('user:default/alice'),
      ordersFailover,
    );
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('orders-both-on');
    expect(blocked.body.error.message).toContain(
      'multi-region.safety-rule.override',
    );
    expect(writes(h)).toHaveLength(0);
    // the owner's refused attempt is in the history, with the rule
    const history = await request(h.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS })
      .set(mockAuth('user:default/alice'));
    expect(history.body.items[0]).toMatchObject({
      status: 'refused',
      actor: 'user:default/alice',
      reason: ordersFailover.reason,
      fromRegion: 'us-east-1',
      toRegion: 'us-west-2',
      error: {
        name: 'ConflictError',
        message: blocked.body.error.message,
      },
    });

    h.startRefresher();
    const res = await execute(h, mockAuth('user:default/sam'), {
      ...ordersFailover,
      overrideSafetyRules: true,
    });
    expect(res.status).toBe(202);
    expect(res.body.overrideSafetyRules).toBe(true);
    const done = await waitForOperation(
      h.server,
      res.body.id,
      'user:default/sam',
    );
    expect(done.status).toBe('succeeded');
    const [write] = writes(h);
    expect(write.body).toMatchObject({
      SafetyRulesToOverride: [
        `${panelArn('orders')}/safetyrule/b0b0b0b0b0b0b0b2`,
      ],
    });
  });
});

describe('DNS rows of a name the Route 53 refresher has not read yet', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let h: Harness;
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    h = await startHarness({ knex });
  });
  afterAll(() => h.stop());

  const status = (ref: string) =>
    request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: ref })
      .set(mockAuth('user:default/alice'));

  it('asks for one refresh of the name per page view burst, and the refresher fills the rows in', async () => {
    // a zone nobody has read yet is left to the refresher's first pass
    expect((await status(ORDERS)).status).toBe(200);
    expect(await knex('multi_region_refresh_requests')).toEqual([]);

    // the pass read the zone before these services were registered
    await knex('multi_region_zone_refreshes').insert({
      hosted_zone_id: 'Z0EXAMPLE1PUBLIC',
      refreshed_at: Date.now(),
    });
    for (const ref of [ORDERS, ORDERS, PAYMENTS]) {
      const res = await status(ref);
      expect(res.status).toBe(200);
      expect(res.body.regions.primary.dnsError).toBe(
        'No PRIMARY failover record for orders.example.com in hosted zone Z0EXAMPLE1PUBLIC.'.replace(
          'orders',
          ref === ORDERS ? 'orders' : 'payments',
        ),
      );
    }
    const requested = await knex('multi_region_refresh_requests')
      .whereNull('served_at')
      .orderBy('dns_name');
    expect(requested.map(r => [r.dns_name, r.hosted_zone_id])).toEqual([
      ['orders.example.com', 'Z0EXAMPLE1PUBLIC'],
      ['payments.example.com', 'Z0EXAMPLE1PUBLIC'],
    ]);

    h.startRefresher();
    const deadline = Date.now() + 20_000;
    let body: any;
    do {
      body = (await status(ORDERS)).body;
      if (body.regions.secondary.dnsRecord) break;
      await new Promise(r => setTimeout(r, 100));
    } while (Date.now() < deadline);
    expect(body.regions.primary.dnsRecord).toMatchObject({
      failover: 'PRIMARY',
    });
    expect(body.regions.secondary.dnsRecord).toMatchObject({
      failover: 'SECONDARY',
    });
  });
});

describe('both routing controls Off (as a new service starts)', () => {
  let h: Harness;
  const alice = mockAuth('user:default/alice');
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it('the owner sets routing to the primary (a recorded change); after that it is a no-op', async () => {
    h.emu.setRoutingControlState(controlArn('orders', 0), 'Off');
    h.emu.setRoutingControlState(controlArn('orders', 1), 'Off');
    const plan = await request(h.server)
      .post('/api/multi-region/plan')
      .set(alice)
      .send({ entityRef: ORDERS, targetRegion: 'us-east-1' });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({
      noop: false,
      action: 'failback',
      fromRegion: 'us-east-1',
      toRegion: 'us-east-1',
      currentActive: { activeRegion: 'us-east-1', degraded: true },
    });
    expect(plan.body.changes.map((c: any) => [c.role, c.from, c.to])).toEqual([
      ['primary', 'Off', 'On'],
      ['secondary', 'Off', 'Off'],
    ]);

    h.startRefresher();
    const setRouting = {
      entityRef: ORDERS,
      targetRegion: 'us-east-1',
      reason: 'New service: turn the primary On',
      expectedActiveRegion: 'us-east-1',
    };
    const res = await execute(h, alice, setRouting);
    expect(res.status).toBe(202);
    const done = await waitForOperation(h.server, res.body.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      fromRegion: 'us-east-1',
      toRegion: 'us-east-1',
    });
    expect(h.emu.getRoutingControlState(controlArn('orders', 0))).toBe('On');
    expect(h.emu.getRoutingControlState(controlArn('orders', 1))).toBe('Off');

    h.emu.clearLog();
    const again = await execute(h, alice, setRouting);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'us-east-1 is already the active region of component:default/orders.',
    );
    expect(writes(h)).toHaveLength(0);
  });
});
