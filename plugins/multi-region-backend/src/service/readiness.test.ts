import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Emulator } from '@multi-region-failover/aws-emulator';
import {
  MULTI_REGION_ANNOTATIONS as A,
  multiRegionStatusReadPermission,
  READINESS_CHECK_IDS,
} from '@multi-region-failover/plugin-multi-region-common';
import { Knex } from 'knex';
import request from 'supertest';
import { READINESS_TASK_ID } from '../plugin';
import {
  appEntity,
  controlArn,
  Harness,
  mockAuth,
  startHarness,
  startTestEmulator,
} from '../__testUtils__/harness';

/*
 * GET /readiness and the stored reports in /status and /services, end to end
 * through the real plugin and the emulator over HTTP (CloudWatch included).
 */

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';
const alice = mockAuth('user:default/alice');

jest.setTimeout(60_000);

/** Orders names alarms in both regions; the others name none. */
const entities = () => [
  appEntity('orders', {
    annotations: {
      [A.secondaryAlarms]: 'orders-5xx, orders-latency',
      [A.primaryAlarms]: 'orders-east-5xx',
      [A.rtoMinutes]: '15',
    },
  }),
  appEntity('payments'),
  appEntity('external-api'),
];

function okAlarms(emu: Emulator) {
  for (const [region, name] of [
    ['us-west-2', 'orders-5xx'],
    ['us-west-2', 'orders-latency'],
    ['us-east-1', 'orders-east-5xx'],
  ]) {
    emu.setAlarmState({ region, name, state: 'OK' });
  }
}

const readiness = (
  h: Harness,
  query: Record<string, unknown>,
  headers: Record<string, string> = alice,
) =>
  request(h.server)
    .get('/api/multi-region/readiness')
    .query(query)
    .set(headers);

const statusOf = (h: Harness, entityRef = ORDERS) =>
  request(h.server)
    .get('/api/multi-region/status')
    .query({ entityRef })
    .set(alice);

/** Waits until the refresher stored the records and both health checks of every app. */
async function route53Read(h: Harness) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: ORDERS })
      .set(alice);
    const regions = res.body.regions ?? {};
    if (
      res.body.dnsRefreshedAt &&
      ['primary', 'secondary'].every(
        r => regions[r]?.healthCheck?.status !== 'Unknown',
      )
    ) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`Route 53 never read: ${JSON.stringify(res.body)}`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

const verdicts = (body: any) =>
  Object.fromEntries(body.checks.map((c: any) => [c.id, c.verdict]));

describe('GET /readiness', () => {
  let emu: Emulator;
  let h: Harness;
  beforeAll(async () => {
    emu = await startTestEmulator();
    okAlarms(emu);
    h = await startHarness({
      emu,
      entities: entities(),
      config: { cloudWatch: { endpoint: emu.cloudWatchEndpoint } },
    });
    h.startRefresher();
    await route53Read(h);
  });
  afterAll(async () => {
    await h.stop();
    await emu.stop();
  });
  afterEach(async () => {
    okAlarms(emu);
    await emu.clearFaults();
  });

  it('evaluates a change to the region that is not active, and stores it for the status and the org-wide page', async () => {
    const res = await readiness(h, { entityRef: ORDERS });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: ORDERS,
      targetRegion: 'us-west-2',
      targetRole: 'secondary',
      action: 'failover',
    });
    expect(res.body.checks.map((c: any) => c.id)).toEqual([
      ...READINESS_CHECK_IDS,
    ]);
    expect(verdicts(res.body)).toEqual(
      Object.fromEntries(READINESS_CHECK_IDS.map(id => [id, 'pass'])),
    );
    expect(res.body.checks[0].reason).toContain(
      'is Unhealthy only because routing control "orders-secondary-rc" is Off',
    );
    expect(res.body.summary).toMatchObject({
      verdict: 'pass',
      passed: 7,
      total: 7,
      targetRegion: 'us-west-2',
    });

    const status = await statusOf(h);
    expect(status.body.readiness).toEqual(res.body);
    const services = await request(h.server)
      .get('/api/multi-region/services')
      .set(alice);
    const orders = services.body.items.find((i: any) => i.entityRef === ORDERS);
    expect(orders.readiness).toEqual(res.body.summary);
  });

  it('shows a stored report only while it is about the region a change would go to', async () => {
    await readiness(h, { entityRef: ORDERS });
    expect((await statusOf(h)).body.readiness.targetRegion).toBe('us-west-2');
    // failed over outside the portal: the report is about the active region now
    emu.setRoutingControlState(controlArn('orders', 1), 'On');
    emu.setRoutingControlState(controlArn('orders', 0), 'Off');
    try {
      const deadline = Date.now() + 20_000;
      let status = await statusOf(h);
      while (status.body.active.activeRegion !== 'us-west-2') {
        if (Date.now() > deadline) throw new Error('never saw the change');
        await new Promise(r => setTimeout(r, 50));
        status = await statusOf(h);
      }
      expect(status.body.readiness).toBeUndefined();
      const services = await request(h.server)
        .get('/api/multi-region/services')
        .set(alice);
      expect(
        services.body.items.find((i: any) => i.entityRef === ORDERS).readiness,
      ).toBeUndefined();
    } finally {
      emu.setRoutingControlState(controlArn('orders', 0), 'On');
      emu.setRoutingControlState(controlArn('orders', 1), 'Off');
    }
    const deadline = Date.now() + 20_000;
    while ((await statusOf(h)).body.active.activeRegion !== 'us-east-1') {
      if (Date.now() > deadline) throw new Error('never saw the change back');
      await new Promise(r => setTimeout(r, 50));
    }
  });

  it('fails the alarms check while an alarm of the target region is in ALARM, naming it', async () => {
    emu.setAlarmState({
      region: 'us-west-2',
      name: 'orders-5xx',
      state: 'ALARM',
      reason: 'Threshold Crossed: 5xx > 1%',
    });
    const res = await readiness(h, { entityRef: ORDERS });
    expect(res.status).toBe(200);
    expect(res.body.checks.at(-1)).toEqual({
      id: 'alarms',
      title: 'CloudWatch alarms',
      verdict: 'fail',
      reason: 'In ALARM in us-west-2: "orders-5xx".',
    });
    expect(res.body.summary).toMatchObject({ verdict: 'fail', failed: 1 });
    // the primary's alarms are read for a change to the primary only
    const back = await readiness(h, {
      entityRef: ORDERS,
      targetRegion: 'us-east-1',
    });
    expect(back.body).toMatchObject({
      targetRegion: 'us-east-1',
      action: 'failback',
    });
    expect(back.body.checks.at(-1)).toMatchObject({
      id: 'alarms',
      verdict: 'pass',
      reason: 'The alarm is OK in us-east-1: "orders-east-5xx".',
    });
    // the status shows the change away from the active region, not that one
    expect((await statusOf(h)).body.readiness.targetRegion).toBe('us-west-2');
  });

  it('warns, with the error, when CloudWatch does not answer properly', async () => {
    await emu.setFault('cloudWatch', 'internal');
    const res = await readiness(h, { entityRef: ORDERS });
    expect(res.status).toBe(200);
    expect(res.body.checks.at(-1)).toMatchObject({
      id: 'alarms',
      verdict: 'warn',
      reason: expect.stringContaining(
        'The CloudWatch alarms of us-west-2 could not be read:',
      ),
    });
  });

  it('names no alarms check for an entity without alarms', async () => {
    const res = await readiness(h, { entityRef: PAYMENTS });
    expect(res.status).toBe(200);
    expect(res.body.checks.map((c: any) => c.id)).not.toContain('alarms');
    expect(res.body.targetRegion).toBe('eu-central-1');
  });

  it.each([
    ['no entityRef', {}, 'entityRef: Required'],
    [
      'an unknown field',
      { entityRef: ORDERS, arn: 'x' },
      'unknown field(s) arn',
    ],
    [
      'a target outside the pair',
      { entityRef: ORDERS, targetRegion: 'eu-west-1' },
      'targetRegion "eu-west-1" is neither the primary (us-east-1) nor the secondary (us-west-2) region',
    ],
    ['two entity refs', { entityRef: [ORDERS, PAYMENTS] }, 'entityRef'],
    ['a bad entity ref', { entityRef: 'component:' }, ''],
    [
      'an overlong target',
      { entityRef: ORDERS, targetRegion: 'x'.repeat(33) },
      'targetRegion',
    ],
  ])('answers %s with 400', async (_, query, message) => {
    const res = await readiness(h, query);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });

  it('is 404 for an entity the caller cannot see and 403 without read permission', async () => {
    const missing = await readiness(h, {
      entityRef: 'component:default/nope',
    });
    expect(missing.status).toBe(404);

    const authorize = h.permissions.authorize.bind(h.permissions);
    const spy = jest
      .spyOn(h.permissions, 'authorize')
      .mockImplementation(async (requests: any[], options: any) => {
        const decisions = await authorize(requests, options);
        return decisions.map((d: any, i: number) =>
          requests[i].permission.name ===
            multiRegionStatusReadPermission.name &&
          options.credentials.principal.userEntityRef === 'user:default/bob'
            ? { result: AuthorizeResult.DENY }
            : d,
        );
      });
    try {
      const denied = await readiness(
        h,
        { entityRef: ORDERS },
        mockAuth('user:default/bob'),
      );
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain(
        multiRegionStatusReadPermission.name,
      );
    } finally {
      spy.mockRestore();
    }
  });

  it('answers a service principal, and nobody without a token', async () => {
    const service = await readiness(
      h,
      { entityRef: PAYMENTS },
      { Authorization: mockCredentials.service.header() },
    );
    expect(service.status).toBe(200);
    const none = await readiness(
      h,
      { entityRef: PAYMENTS },
      { Authorization: mockCredentials.none.header() },
    );
    expect(none.status).toBe(401);
  });

  it('asks for targetRegion while the active region is unknown, and evaluates the one given', async () => {
    for (let i = 0; i < 5; i++) await emu.setFault(i, 'refuse');
    // the routing-control reading is reused for a moment: wait until it is not
    const deadline = Date.now() + 20_000;
    while ((await statusOf(h)).body.active.certainty !== 'unknown') {
      if (Date.now() > deadline) throw new Error('ARC never unreadable');
      await new Promise(r => setTimeout(r, 50));
    }
    const res = await readiness(h, { entityRef: ORDERS });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(
      'so there is no default target: ask again with targetRegion=us-east-1 or targetRegion=us-west-2',
    );
    const given = await readiness(h, {
      entityRef: ORDERS,
      targetRegion: 'us-west-2',
    });
    expect(given.status).toBe(200);
    // (the endpoint probe of a few seconds ago still serves: not asserted)
    expect(given.body.checks[1]).toMatchObject({
      id: 'routing-control',
      verdict: 'fail',
      reason: expect.stringMatching(
        /^The state of routing control arn:.* could not be read: /,
      ),
    });
  });
});

describe('GET /readiness and the plans share one rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      entities: entities(),
      config: { rateLimits: { planPerMinute: 2, executePerMinute: 0 } },
    });
  });
  afterAll(() => h.stop());

  it('counts each request against the caller', async () => {
    expect((await readiness(h, { entityRef: PAYMENTS })).status).toBe(200);
    const plan = await request(h.server)
      .post('/api/multi-region/plan')
      .set(alice)
      .send({ entityRef: PAYMENTS, targetRegion: 'eu-central-1' });
    expect(plan.status).toBe(200);
    const over = await readiness(h, { entityRef: PAYMENTS });
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // another person has their own budget
    expect(
      (
        await readiness(
          h,
          { entityRef: PAYMENTS },
          mockAuth('user:default/bob'),
        )
      ).status,
    ).toBe(200);
  });
});

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe(`the scheduled task ${READINESS_TASK_ID}`, () => {
  let emu: Emulator;
  let knex: Knex;
  let h: Harness;
  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    emu = await startTestEmulator();
    okAlarms(emu);
    h = await startHarness({
      emu,
      knex,
      entities: entities(),
      config: { cloudWatch: { endpoint: emu.cloudWatchEndpoint } },
    });
    h.startRefresher();
    await route53Read(h);
  });
  afterAll(async () => {
    await h.stop();
    await emu.stop();
  });

  it('evaluates every entity, reading each region’s alarms in one batch, and stores the reports', async () => {
    emu.clearLog();
    await h.scheduler.triggerTask(READINESS_TASK_ID);
    const services = await request(h.server)
      .get('/api/multi-region/services')
      .set(alice);
    const summaries = Object.fromEntries(
      services.body.items.map((i: any) => [i.entityRef, i.readiness]),
    );
    expect(summaries).toEqual({
      [ORDERS]: expect.objectContaining({
        targetRegion: 'us-west-2',
        total: 7,
      }),
      [PAYMENTS]: expect.objectContaining({
        targetRegion: 'eu-central-1',
        total: 6,
      }),
      'component:default/external-api': expect.objectContaining({
        targetRegion: 'us-west-2',
        total: 6,
      }),
    });
    expect(
      emu
        .requestLog()
        .filter(
          e => e.service === 'cloudwatch' || e.operation === 'DescribeAlarms',
        ),
    ).toHaveLength(1);
    expect((await statusOf(h)).body.readiness.summary).toEqual(
      summaries[ORDERS],
    );
  });

  it('evaluates again only what is due: a missing report, not the fresh ones', async () => {
    const evaluatedAt = async () =>
      Object.fromEntries(
        (
          await request(h.server).get('/api/multi-region/services').set(alice)
        ).body.items.map((i: any) => [i.entityRef, i.readiness?.evaluatedAt]),
      );
    const before = await evaluatedAt();
    emu.clearLog();
    await h.scheduler.triggerTask(READINESS_TASK_ID);
    // every report is younger than the interval: nothing read, nothing new
    expect(
      emu.requestLog().filter(e => e.operation === 'DescribeAlarms'),
    ).toEqual([]);
    expect(await evaluatedAt()).toEqual(before);

    // as for a service new to the catalog (or whose active region changed)
    await knex('multi_region_readiness').where({ entity_ref: ORDERS }).delete();
    await h.scheduler.triggerTask(READINESS_TASK_ID);
    const after = await evaluatedAt();
    expect(after[ORDERS]).toEqual(expect.any(String));
    expect(after[PAYMENTS]).toBe(before[PAYMENTS]);
  });

  it('logs a failure and never throws it out of the task', async () => {
    await knex.schema.renameTable('multi_region_readiness', 'readiness_away');
    try {
      await expect(
        h.scheduler.triggerTask(READINESS_TASK_ID),
      ).resolves.toBeUndefined();
      expect(h.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('Scheduled readiness evaluation failed'),
      );
    } finally {
      await knex.schema.renameTable('readiness_away', 'multi_region_readiness');
    }
  });
});
