import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulator, loadFixture } from '@multi-region-failover/aws-emulator';
import {
  MULTI_REGION_ANNOTATIONS as A,
  READINESS_CHECK_IDS,
  readinessHeadline,
} from '@multi-region-failover/plugin-multi-region-common';
import request from 'supertest';
import {
  appEntity,
  controlArn,
  EXAMPLE_FIXTURE,
  Harness,
  mockAuth,
  startHarness,
  startTestEmulator,
  waitForOperation,
} from '../__testUtils__/harness';

/*
 * Readiness as a gate of execute, end to end through the plugin and the
 * emulator over HTTP: a failing check refuses the failover (409, the report
 * in the body, a refused row in the history) until the person acknowledges
 * exactly the failing checks; the operation records what was acknowledged.
 * A failing check is made with emulator faults: three of the five cluster
 * endpoints refuse connections, so `cluster-endpoints` fails (2 of 5).
 */

jest.setTimeout(60_000);

const ORDERS = 'component:default/orders';
const alice = mockAuth('user:default/alice');
const failover = {
  entityRef: ORDERS,
  targetRegion: 'us-west-2',
  reason: 'Latency in us-east-1',
  expectedActiveRegion: 'us-east-1',
};

const execute = (h: Harness, body: Record<string, unknown>, who = alice) =>
  request(h.server).post('/api/multi-region/operations').set(who).send(body);
const writes = (h: Harness) =>
  h.emu.requestLog().filter(e => e.operation === 'UpdateRoutingControlStates');
const history = async (h: Harness) =>
  (
    await request(h.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS })
      .set(alice)
  ).body.items;
const failing = (report: any): string[] =>
  report.checks.filter((c: any) => c.verdict === 'fail').map((c: any) => c.id);

/** Three of the five cluster endpoints refuse connections. */
async function endpointsDown(h: Harness) {
  for (const i of [0, 1, 2]) await h.emu.setFault(i, 'refuse');
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'readiness at execute on %p',
  databaseId => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ knex: await databases.init(databaseId) });
      // health checks and records read: the example fixture passes them
      h.startRefresher();
      await endpointsDown(h);
    });
    afterAll(() => h?.stop());
    beforeEach(() => h.emu.clearLog());

    it('the plan shows the failing check for its target', async () => {
      const res = await request(h.server)
        .post('/api/multi-region/plan')
        .set(alice)
        .send({ entityRef: ORDERS, targetRegion: 'us-west-2' });
      expect(res.status).toBe(200);
      expect(res.body.readiness).toMatchObject({
        entityRef: ORDERS,
        targetRegion: 'us-west-2',
        targetRole: 'secondary',
        action: 'failover',
      });
      expect(res.body.readiness.checks.map((c: any) => c.id)).toEqual(
        READINESS_CHECK_IDS.filter(id => id !== 'alarms'),
      );
      expect(failing(res.body.readiness)).toEqual(['cluster-endpoints']);
    });

    it('a failing check refuses the failover with 409, the report in the body and a refused row in the history', async () => {
      const res = await execute(h, failover);
      expect(res.status).toBe(409);
      const { error } = res.body;
      expect(error).toMatchObject({
        name: 'ConflictError',
        refusal: 'readiness',
        readiness: {
          entityRef: ORDERS,
          targetRegion: 'us-west-2',
          summary: { verdict: 'fail', failed: 1 },
        },
      });
      expect(failing(error.readiness)).toEqual(['cluster-endpoints']);
      const check = error.readiness.checks.find(
        (c: any) => c.id === 'cluster-endpoints',
      );
      expect(error.message).toMatch(/^Not ready to fail over to us-west-2: /);
      expect(error.message).toContain(
        `${readinessHeadline(
          error.readiness.summary,
        )}. Not acknowledged: ARC cluster endpoints (cluster-endpoints): ${
          check.reason
        }`,
      );
      expect(error.message).toContain(
        'acknowledge it (acknowledgeFailingChecks: cluster-endpoints)',
      );
      expect(writes(h)).toHaveLength(0);

      const [latest] = await history(h);
      expect(latest).toMatchObject({
        status: 'refused',
        actor: 'user:default/alice',
        reason: failover.reason,
        error: { name: 'ConflictError', message: error.message },
        readiness: {
          summary: { verdict: 'fail', failed: 1 },
          acknowledged: [],
        },
      });
      expect(latest.readiness.problems).toContainEqual(check);
    });

    it('acknowledging another check does not let it through, and is not recorded as acknowledged', async () => {
      const res = await execute(h, {
        ...failover,
        acknowledgeFailingChecks: ['alarms', 'target-health'],
      });
      expect(res.status).toBe(409);
      expect(res.body.error.refusal).toBe('readiness');
      expect(res.body.error.message).toContain('(cluster-endpoints)');
      expect(writes(h)).toHaveLength(0);
      const [latest] = await history(h);
      expect(latest).toMatchObject({
        status: 'refused',
        readiness: { acknowledged: [] },
      });
    });

    it('acknowledging exactly the failing checks lets it through; the operation records them', async () => {
      const res = await execute(h, {
        ...failover,
        acknowledgeFailingChecks: ['cluster-endpoints'],
      });
      expect(res.status).toBe(202);
      expect(res.body.readiness).toMatchObject({
        summary: { verdict: 'fail', failed: 1, targetRegion: 'us-west-2' },
        acknowledged: ['cluster-endpoints'],
      });
      const problem = res.body.readiness.problems.find(
        (c: any) => c.id === 'cluster-endpoints',
      );
      expect(problem).toMatchObject({ verdict: 'fail' });
      expect(res.body.steps[0].detail).toContain(
        `Acknowledged failing readiness check: ARC cluster endpoints (cluster-endpoints): ${problem.reason}`,
      );

      const audited = h.auditor.createEvent.mock.calls.at(-1)![0];
      expect(audited).toMatchObject({
        eventId: 'failover',
        meta: { acknowledgeFailingChecks: ['cluster-endpoints'] },
      });

      const done = await waitForOperation(h.server, res.body.id);
      expect(done.status).toBe('succeeded');
      expect(done.readiness).toEqual(res.body.readiness);
      expect(h.emu.getRoutingControlState(controlArn('orders', 1))).toBe('On');
      const [latest] = await history(h);
      expect(latest).toMatchObject({
        id: res.body.id,
        readiness: res.body.readiness,
      });
    });
  },
);

describe('acknowledging never gets past the other refusals', () => {
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
    await endpointsDown(h);
  });
  afterAll(() => h?.stop());

  it('a blocking safety rule still refuses with its own message when every check is acknowledged', async () => {
    const res = await execute(h, {
      ...failover,
      acknowledgeFailingChecks: [...READINESS_CHECK_IDS],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.refusal).toBeUndefined();
    expect(res.body.error.message).toMatch(/^Blocked by ARC safety rule/);
    expect(res.body.error.message).toContain('orders-both-on');
    expect(writes(h)).toHaveLength(0);
  });

  it('when overriding, the blocking rule is a warning; the failing check still needs its acknowledgement', async () => {
    const sam = mockAuth('user:default/sam');
    const refused = await execute(
      h,
      { ...failover, overrideSafetyRules: true },
      sam,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.refusal).toBe('readiness');
    const rules = refused.body.error.readiness.checks.find(
      (c: any) => c.id === 'safety-rules',
    );
    expect(rules.verdict).toBe('warn');
    expect(rules.reason).toContain('orders-both-on');
    expect(writes(h)).toHaveLength(0);
  });
});

describe('a CloudWatch alarm of the target region', () => {
  let emu: Emulator;
  let h: Harness;
  beforeAll(async () => {
    emu = await startTestEmulator();
    h = await startHarness({
      emu,
      entities: [
        appEntity('orders', {
          annotations: { [A.secondaryAlarms]: 'orders-west-5xx' },
        }),
      ],
      config: { cloudWatch: { endpoint: emu.cloudWatchEndpoint } },
    });
    h.startRefresher();
  });
  afterAll(async () => {
    await h?.stop();
    await emu?.stop();
  });

  it('in ALARM refuses the failover; once OK, it goes through without acknowledging anything', async () => {
    emu.setAlarmState({
      region: 'us-west-2',
      name: 'orders-west-5xx',
      state: 'ALARM',
      reason: '5xx above 5% for 3 minutes',
    });
    const refused = await execute(h, failover);
    expect(refused.status).toBe(409);
    expect(refused.body.error.refusal).toBe('readiness');
    expect(failing(refused.body.error.readiness)).toEqual(['alarms']);
    expect(refused.body.error.message).toContain('(alarms)');
    expect(refused.body.error.message).toContain('orders-west-5xx');
    expect(writes(h)).toHaveLength(0);

    emu.setAlarmState({
      region: 'us-west-2',
      name: 'orders-west-5xx',
      state: 'OK',
    });
    const res = await execute(h, failover);
    expect(res.status).toBe(202);
    expect(res.body.readiness.acknowledged).toEqual([]);
    expect(res.body.readiness.summary.failed).toBe(0);
    expect(res.body.steps[0].detail).not.toContain('Acknowledged');
    expect((await waitForOperation(h.server, res.body.id)).status).toBe(
      'succeeded',
    );
  });
});

describe('acknowledgeFailingChecks in the request body', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.stop());

  it.each([
    ['an unknown check id', ['cluster-endpoints', 'nope'], /Invalid enum/],
    ['not a list', 'cluster-endpoints', /Expected array/],
    [
      'more ids than there are checks',
      [...READINESS_CHECK_IDS, 'alarms'],
      /at most 7/,
    ],
    ['a non-string id', [1], /acknowledgeFailingChecks\.0/],
  ])('%s is a 400 naming the field', async (_, value, message) => {
    h.emu.clearLog();
    const res = await execute(h, {
      ...failover,
      acknowledgeFailingChecks: value,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('acknowledgeFailingChecks');
    expect(res.body.error.message).toMatch(message);
    expect(writes(h)).toHaveLength(0);
  });
});
