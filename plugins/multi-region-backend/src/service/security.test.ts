import { TestDatabases } from '@backstage/backend-test-utils';
import { loadFixture } from '@multi-region-failover/aws-emulator';
import {
  ENTITY_REF_TAG,
  OWNER_TAG,
} from '@multi-region-failover/plugin-multi-region-common';
import request from 'supertest';
import {
  appEntity,
  EXAMPLE_FIXTURE,
  Harness,
  HIDDEN_FROM,
  mockAuth,
  startHarness,
  waitForOperation,
} from '../__testUtils__/harness';

/*
 * Issue 12's findings, each through the real plugin over HTTP: who may fail
 * over (panel owner tag, permission framework off), what the audit log and
 * the read routes reveal, and per-person limits. Each test failed before its
 * fix.
 */

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';
const TEAM_ORDERS = 'group:default/team-orders';
const alice = mockAuth('user:default/alice');
const bob = mockAuth('user:default/bob');
const pat = mockAuth('user:default/pat');

const ordersFailover = {
  entityRef: ORDERS,
  targetRegion: 'us-west-2',
  reason: 'Latency in us-east-1',
  expectedActiveRegion: 'us-east-1',
};
const paymentsFailover = {
  entityRef: PAYMENTS,
  targetRegion: 'eu-central-1',
  reason: 'Drill',
  expectedActiveRegion: 'eu-west-1',
};

const execute = (h: Harness, who: Record<string, string>, body: unknown) =>
  request(h.server)
    .post('/api/multi-region/operations')
    .set(who)
    .send(body as object);
const plan = (h: Harness, who: Record<string, string>, body: object) =>
  request(h.server).post('/api/multi-region/plan').set(who).send(body);
const writes = (h: Harness) =>
  h.emu.requestLog().filter(e => e.operation === 'UpdateRoutingControlStates');

describe('panel authority is bound to its owners, not to an entity name', () => {
  let h: Harness;
  beforeAll(async () => {
    const fixture = loadFixture(EXAMPLE_FIXTURE);
    const panel = (name: string) =>
      fixture.controlPanels!.find(p => p.name === name)!;
    // owned by the platform team: any owner of the entity it names may use it
    panel('payments-panel').tags![OWNER_TAG] = 'platform-admins';
    // tagged before owner tags existed
    delete panel('external-api-panel').tags![OWNER_TAG];
    h = await startHarness({
      fixture,
      entities: [
        // the orders team's entity is gone; bob's team registered the name
        appEntity('orders', { owner: 'team-payments' }),
        appEntity('payments'),
        appEntity('external-api'),
      ],
    });
  });
  afterAll(() => h.stop());
  beforeEach(() => h.emu.clearLog());

  it('whoever holds the tagged name without owning the panel is refused, naming the tag and the expected owner', async () => {
    const res = await execute(h, bob, ordersFailover);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      `is tagged ${OWNER_TAG}=${TEAM_ORDERS}, but ${ORDERS} is owned by group:default/team-payments: the panel belongs to another team. Expected ${OWNER_TAG}=group:default/team-payments`,
    );
    expect(writes(h)).toHaveLength(0);
    // the plan says so before anyone types a reason
    const planned = await plan(h, bob, {
      entityRef: ORDERS,
      targetRegion: 'us-west-2',
    });
    expect(planned.body.claimProblem).toContain(`tagged ${OWNER_TAG}=`);
  });

  it('a panel without the owner tag is refused even for an admin, with the value to tag it with', async () => {
    const res = await execute(h, pat, {
      entityRef: 'component:default/external-api',
      targetRegion: 'us-west-2',
      reason: 'Drill',
      expectedActiveRegion: 'us-east-1',
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      `has no ${OWNER_TAG} tag, so the portal cannot verify that the team owning component:default/external-api owns the panel. Tag the panel with ${OWNER_TAG}=group:default/team-edge`,
    );
    expect(writes(h)).toHaveLength(0);
  });

  it('a panel owned by a platform-admin group serves the owners of the entity its entity-ref tag names', async () => {
    h.startRefresher();
    const res = await execute(h, bob, paymentsFailover);
    expect(res.status).toBe(202);
    const done = await waitForOperation(
      h.server,
      res.body.id,
      'user:default/bob',
    );
    expect(done.status).toBe('succeeded');
    expect(done.steps[0].detail).toContain(
      `control panel tags ${ENTITY_REF_TAG} and ${OWNER_TAG} match`,
    );
  }, 60_000);
});

describe('with the permission framework off', () => {
  it('failovers are refused, naming the setting, and the backend warns at start', async () => {
    const h = await startHarness({
      rootConfig: { permission: { enabled: false } },
    });
    try {
      const res = await execute(h, alice, ordersFailover);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'permission.enabled is not true',
      );
      expect(res.body.error.message).toContain(
        'multiRegion.permissions.allowFailoverWithoutPermissionFramework',
      );
      expect(writes(h)).toHaveLength(0);
      const planned = await plan(h, alice, {
        entityRef: ORDERS,
        targetRegion: 'us-west-2',
      });
      expect(planned.body.permissions).toMatchObject({
        canFailover: false,
        failoverDeniedReason: expect.stringContaining('permission.enabled'),
      });
      expect(h.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining("Backstage's permission framework is off"),
      );
    } finally {
      await h.stop();
    }
  });

  it('an explicit option lets everyone fail over, and the backend warns loudly', async () => {
    const h = await startHarness({
      rootConfig: { permission: { enabled: false } },
      config: {
        permissions: { allowFailoverWithoutPermissionFramework: true },
      },
    });
    try {
      const planned = await plan(h, alice, {
        entityRef: ORDERS,
        targetRegion: 'us-west-2',
      });
      expect(planned.body.permissions.canFailover).toBe(true);
      expect(h.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('EVERY signed-in user may fail over'),
      );
    } finally {
      await h.stop();
    }
  });
});

describe('the audit log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.startRefresher();
  });
  afterAll(() => h.stop());
  beforeEach(() => h.auditor.createEvent.mockClear());

  const events = () =>
    h.auditor.createEvent.mock.calls.map(([e]) => ({
      eventId: e.eventId,
      severityLevel: e.severityLevel,
      meta: e.meta,
    }));

  it('gets no high-severity event from a caller who may not fail over, only a bounded, sanitised rejection', async () => {
    const forged = `Approved by the CISO\n2026-11-30 failover succeeded\u202e${'x'.repeat(
      2000,
    )}`;
    for (const body of [
      { ...ordersFailover, reason: forged },
      { ...ordersFailover, reason: 'A plausible reason' },
      { ...ordersFailover, entityRef: `${ORDERS}\n\u202eforged line` },
      { ...ordersFailover, routingControlArn: 'arn:x' },
    ]) {
      const res = await execute(h, bob, body);
      expect([400, 403, 404]).toContain(res.status);
    }
    const logged = events();
    expect(logged).toHaveLength(4);
    for (const e of logged) {
      expect(e.eventId).toBe('failover-rejected');
      expect(e.severityLevel).toBe('medium');
      expect(JSON.stringify(e.meta)).not.toMatch(/CISO|\\n|\\u202e/i);
      expect(String(e.meta!.entityRef).length).toBeLessThanOrEqual(250);
    }
    expect(logged[0].meta).toEqual({
      entityRef: ORDERS,
      targetRegion: 'us-west-2',
      reasonLength: forged.length,
    });
    expect(logged[2].meta!.entityRef).toBe(`${ORDERS} forged line`);
    // the failure itself is recorded on each event
    for (const result of h.auditor.createEvent.mock.results) {
      expect((await result.value).fail).toHaveBeenCalled();
    }
  });

  it('records an authorised attempt as a high-severity failover with validated fields', async () => {
    const res = await execute(h, alice, {
      ...ordersFailover,
      entityRef: 'orders',
      reason: 'Line one\nline two',
    });
    expect(res.status).toBe(202);
    await waitForOperation(h.server, res.body.id);
    expect(events()).toEqual([
      {
        eventId: 'failover',
        severityLevel: 'high',
        meta: {
          entityRef: ORDERS,
          targetRegion: 'us-west-2',
          expectedActiveRegion: 'us-east-1',
          reason: 'Line one line two',
          overrideSafetyRules: false,
        },
      },
    ]);
  }, 60_000);
});

describe('read routes name only entities the caller may see', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      entities: [
        appEntity('orders'),
        appEntity('payments'),
        appEntity('external-api'),
        // names the orders panel: a squatter the owner's plan lists
        appEntity('orders', {
          name: 'secret-squatter',
          owner: 'team-payments',
        }),
      ],
    });
    h.startRefresher();
  });
  afterAll(async () => {
    delete HIDDEN_FROM['user:default/alice'];
    await h.stop();
  });

  it('hides operations, history rows and claimant names of entities hidden from the caller', async () => {
    const res = await execute(h, bob, paymentsFailover);
    expect(res.status).toBe(202);
    await waitForOperation(h.server, res.body.id, 'user:default/bob');
    HIDDEN_FROM['user:default/alice'] = [
      PAYMENTS,
      'component:default/secret-squatter',
    ];

    const op = await request(h.server)
      .get(`/api/multi-region/operations/${res.body.id}`)
      .set(alice);
    expect(op.status).toBe(404);
    const history = await request(h.server)
      .get('/api/multi-region/history')
      .set(alice);
    expect(history.status).toBe(200);
    expect(history.body.items.map((i: any) => i.entityRef)).not.toContain(
      PAYMENTS,
    );
    const theirs = await request(h.server)
      .get('/api/multi-region/history')
      .set(bob);
    expect(theirs.body.items.map((i: any) => i.entityRef)).toContain(PAYMENTS);

    const owner = await plan(h, alice, {
      entityRef: ORDERS,
      targetRegion: 'us-west-2',
    });
    expect(owner.body.ignoredClaimants).toBeUndefined();
    const admin = await plan(h, pat, {
      entityRef: ORDERS,
      targetRegion: 'us-west-2',
    });
    expect(admin.body.ignoredClaimants).toEqual([
      'component:default/secret-squatter',
    ]);
  }, 60_000);
});

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('history cursors on %p', id => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ knex: await databases.init(id) });
  });
  afterAll(() => h.stop());

  it.each(['seq:99999999999', 'seq:2147483648', 'seq:-1', 'seq:1e3', 'seq:'])(
    'a cursor holding %s is a 400, never a database error',
    async inner => {
      const res = await request(h.server)
        .get('/api/multi-region/history')
        .query({ cursor: Buffer.from(inner).toString('base64url') })
        .set(alice);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    },
  );
});

describe('per-person rate limits', () => {
  let h: Harness;
  beforeAll(async () => {
    // one request per minute refills: the next call is over budget however
    // slowly this machine runs (unless a whole minute passes in between)
    h = await startHarness({
      config: { rateLimits: { planPerMinute: 1, executePerMinute: 1 } },
    });
  });
  afterAll(() => h.stop());

  it('answers 429 with Retry-After once a person is over budget; others are unaffected', async () => {
    const body = { entityRef: ORDERS, targetRegion: 'us-west-2' };
    expect((await plan(h, alice, body)).status).toBe(200);
    const limited = await plan(h, alice, body);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body.error).toMatchObject({
      name: 'TooManyRequestsError',
      message: expect.stringContaining('multiRegion.rateLimits'),
    });
    expect((await plan(h, bob, body)).status).toBe(200);

    // bad requests count too: they are what a flood looks like
    expect((await execute(h, alice, { entityRef: ORDERS })).status).toBe(400);
    const again = await execute(h, alice, ordersFailover);
    expect(again.status).toBe(429);
    expect(writes(h)).toHaveLength(0);
  });
});
