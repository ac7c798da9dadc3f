import {
  CreateControlPanelCommand,
  CreateRoutingControlCommand,
  CreateSafetyRuleCommand,
  Route53RecoveryControlConfigClient,
} from '@aws-sdk/client-route53-recovery-control-config';
import {
  Emulator,
  EMULATOR_CREDENTIALS,
  loadFixture,
} from '@multi-region-failover/aws-emulator';
import { MULTI_REGION_ANNOTATIONS as A } from '@multi-region-failover/plugin-multi-region-common';
import { ArcClusterClient } from '@multi-region-failover/plugin-multi-region-node';
import request from 'supertest';
import {
  appEntity,
  clusterConfig,
  controlArn,
  EXAMPLE_FIXTURE,
  Harness,
  mockAuth,
  startHarness,
  startTestEmulator,
  waitForOperation,
  waitForOperationState,
} from '../__testUtils__/harness';

/*
 * ARC's timing, end to end through the plugin and the emulator over HTTP:
 * safety-rule wait periods after a change, and control-plane resources that
 * ARC is still deploying. The emulator's clock is frozen (and moved by the
 * test) wherever an answer depends on it; the emulator's rate limits are off
 * then, since their buckets would not refill on a frozen clock.
 */

jest.setTimeout(60_000);

const ORDERS = 'component:default/orders';
const ALICE = mockAuth('user:default/alice');
const WAIT_MS = 60_000;
const RULE = 'orders-at-least-one-on';

const writes = (emu: Emulator) =>
  emu.requestLog().filter(e => e.operation === 'UpdateRoutingControlStates');

const frozenClock = () => {
  const clock = { now: Date.now(), read: () => clock.now };
  return clock;
};
const noRateLimits = {
  controlPlaneRequestsPerSecond: 0,
  route53RequestsPerSecond: 0,
  mutatingCallsPerSecond: 0,
};

/** Plugin config with no ARC answer cached: each step sees ARC's latest. */
const uncached = {
  arc: {
    connectTimeoutMs: 300,
    requestTimeoutMs: 500,
    overallDeadlineMs: 3000,
    hedgeAfterMs: 200,
    cacheTtlMs: 0,
    configCacheTtlMs: 0,
  },
};

function withWaitPeriod(waitPeriodMs: number) {
  const fixture = loadFixture(EXAMPLE_FIXTURE);
  fixture
    .controlPanels!.find(p => p.name === 'orders-panel')!
    .safetyRules!.find(r => r.name === RULE)!.waitPeriodMs = waitPeriodMs;
  return fixture;
}

const plan = (h: Harness, targetRegion: string) =>
  request(h.server)
    .post('/api/multi-region/plan')
    .set(ALICE)
    .send({ entityRef: ORDERS, targetRegion });

const execute = (h: Harness, targetRegion: string, expected: string) =>
  request(h.server).post('/api/multi-region/operations').set(ALICE).send({
    entityRef: ORDERS,
    targetRegion,
    reason: 'Drill: move traffic',
    expectedActiveRegion: expected,
  });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('safety-rule wait periods', () => {
  let h: Harness;
  afterEach(() => h?.stop());

  it("after the portal's own change: the plan says when the wait period ends, and execute refuses with the same words without calling ARC", async () => {
    const clock = frozenClock();
    h = await startHarness({
      fixture: withWaitPeriod(WAIT_MS),
      emulator: { clock: clock.read, ...noRateLimits },
      config: uncached,
    });
    const started = await execute(h, 'us-west-2', 'us-east-1');
    expect(started.status).toBe(202);
    const op = await waitForOperationState(
      h.server,
      started.body.id,
      'ARC write done',
      o =>
        o.steps.find((s: any) => s.name === 'routing-controls-updated')
          .status === 'done',
    );
    const writtenAt = op.steps.find(
      (s: any) => s.name === 'routing-controls-updated',
    ).at;

    const planned = await plan(h, 'us-east-1');
    expect(planned.status).toBe(200);
    const wait = planned.body.waitPeriod;
    expect(wait).toMatchObject({
      basis: 'portal-change',
      since: writtenAt,
      endsAt: new Date(Date.parse(writtenAt) + WAIT_MS).toISOString(),
      rules: [{ name: RULE, waitPeriodMs: WAIT_MS }],
    });
    expect(wait.remainingSeconds).toBeGreaterThanOrEqual(1);
    expect(wait.remainingSeconds).toBeLessThanOrEqual(60);
    expect(wait.message).toMatch(
      new RegExp(
        `^The safety rule's wait period ends in ${
          wait.remainingSeconds
        } s\\. Safety rule "${RULE}" refuses changes of its routing controls for 60 s after each change, and the portal changed these routing controls at ${escape(
          writtenAt,
        )}\\. Plan again once it has ended\\.$`,
      ),
    );

    const refused = await execute(h, 'us-east-1', 'us-west-2');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      name: 'ConflictError',
      refusal: 'wait-period',
      waitPeriodEndsAt: wait.endsAt,
    });
    expect(refused.body.error.message).toMatch(
      /^The safety rule's wait period ends in \d+ s\. Safety rule "orders-at-least-one-on" refuses/,
    );
    // refused early: ARC saw the failover's write only
    expect(writes(h.emu)).toHaveLength(1);
    const history = await request(h.server)
      .get('/api/multi-region/history')
      .query({ entityRef: ORDERS })
      .set(ALICE);
    expect(history.body.items[0]).toMatchObject({
      status: 'refused',
      error: { name: 'ConflictError', message: refused.body.error.message },
    });
  });

  it('a change made outside the portal: ARC refuses, the operation says when the wait period ends in the same words, and plan and execute respect it', async () => {
    const clock = frozenClock();
    h = await startHarness({
      fixture: withWaitPeriod(WAIT_MS),
      emulator: { clock: clock.read, ...noRateLimits },
      config: uncached,
    });
    // someone fails orders over in the console
    const console = new ArcClusterClient(
      clusterConfig(h.emu),
      async () => EMULATOR_CREDENTIALS,
      {
        connectTimeoutMs: 300,
        requestTimeoutMs: 500,
        overallDeadlineMs: 3000,
        hedgeAfterMs: 200,
        cacheTtlMs: 0,
        configCacheTtlMs: 0,
      },
    );
    await console.updateRoutingControlStates([
      { arn: controlArn('orders', 1), state: 'On' },
      { arn: controlArn('orders', 0), state: 'Off' },
    ]);
    console.destroy();

    const started = await execute(h, 'us-east-1', 'us-west-2');
    expect(started.status).toBe(202);
    const failed = await waitForOperation(h.server, started.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error.name).toBe('SafetyRuleWaitPeriod');
    // the emulator's clock stands still: exactly the whole wait period is left
    expect(failed.error.message).toMatch(
      /^Refused by ARC: the safety rule's wait period ends in 60 s\. Safety rule "orders-at-least-one-on" refuses changes of its routing controls for 60 s after each change, and ARC refused a change of them for this reason at \S+ \(the change before was made outside this portal, or just before\)\. Plan again once it has ended\. The routing controls were not updated\.$/,
    );
    expect(failed.error.message).not.toMatch(
      /ConflictException|SafetyRulesToOverride|Routing control state update blocked/,
    );
    expect(
      failed.steps.find((s: any) => s.name === 'routing-controls-updated'),
    ).toMatchObject({ status: 'failed', detail: failed.error.message });
    expect(writes(h.emu)).toHaveLength(2);

    const planned = await plan(h, 'us-east-1');
    expect(planned.body.waitPeriod).toMatchObject({
      basis: 'arc-refusal',
      rules: [{ name: RULE }],
    });
    expect(
      Date.parse(planned.body.waitPeriod.endsAt) -
        Date.parse(planned.body.waitPeriod.since),
    ).toBe(WAIT_MS);

    const again = await execute(h, 'us-east-1', 'us-west-2');
    expect(again.status).toBe(409);
    expect(again.body.error.refusal).toBe('wait-period');
    expect(writes(h.emu)).toHaveLength(2);
  });

  it('once the wait period has ended, the plan shows none and the failback goes through', async () => {
    h = await startHarness({
      fixture: withWaitPeriod(1500),
      config: uncached,
    });
    const started = await execute(h, 'us-west-2', 'us-east-1');
    await waitForOperationState(
      h.server,
      started.body.id,
      'ARC write done',
      o =>
        o.steps.find((s: any) => s.name === 'routing-controls-updated')
          .status === 'done',
    );
    expect((await plan(h, 'us-east-1')).body.waitPeriod).toBeDefined();
    // re-plan until the plan says it has ended (a condition, not a sleep)
    for (let i = 0; ; i++) {
      if ((await plan(h, 'us-east-1')).body.waitPeriod === undefined) break;
      if (i > 200) throw new Error('the wait period never ended');
      await new Promise(r => setTimeout(r, 50));
    }
    const failback = await execute(h, 'us-east-1', 'us-west-2');
    expect(failback.status).toBe(202);
    const op = await waitForOperationState(
      h.server,
      failback.body.id,
      'ARC write settled',
      o =>
        o.steps.find((s: any) => s.name === 'routing-controls-updated')
          .status !== 'running' && o.status !== 'pending',
    );
    expect(
      op.steps.find((s: any) => s.name === 'routing-controls-updated').status,
    ).toBe('done');
  });
});

describe('control-plane resources ARC is still deploying', () => {
  const clock = frozenClock();
  const DELAY_MS = 60_000;
  const CHECKOUT = 'component:default/checkout';
  let emu: Emulator;
  let h: Harness;
  let controlPlane: Route53RecoveryControlConfigClient;
  let panel: string;
  let controls: string[];

  beforeAll(async () => {
    emu = await startTestEmulator({
      clock: clock.read,
      deploymentDelayMs: DELAY_MS,
      ...noRateLimits,
    });
    // what the template's provisioning does for a new service
    controlPlane = new Route53RecoveryControlConfigClient({
      region: 'us-west-2',
      endpoint: emu.controlPlaneEndpoint,
      credentials: EMULATOR_CREDENTIALS,
    });
    const created = await controlPlane.send(
      new CreateControlPanelCommand({
        ClusterArn: emu.clusterArn,
        ControlPanelName: 'checkout-panel',
        Tags: {
          'backstage.io/entity-ref': CHECKOUT,
          'backstage.io/owner': 'group:default/team-orders',
        },
      }),
    );
    panel = created.ControlPanel!.ControlPanelArn!;
    // ARC refuses changes inside a panel until the panel is deployed
    clock.now += DELAY_MS;
    controls = [];
    for (const name of ['checkout-primary-rc', 'checkout-secondary-rc']) {
      const rc = await controlPlane.send(
        new CreateRoutingControlCommand({
          ClusterArn: emu.clusterArn,
          ControlPanelArn: panel,
          RoutingControlName: name,
        }),
      );
      controls.push(rc.RoutingControl!.RoutingControlArn!);
      // the panel is PENDING again after each change inside it
      if (controls.length < 2) clock.now += DELAY_MS;
    }
    const checkout = appEntity('orders', {
      name: 'checkout',
      annotations: {
        [A.controlPanelArn]: panel,
        [A.primaryRoutingControlArn]: controls[0],
        [A.secondaryRoutingControlArn]: controls[1],
        [A.dnsName]: 'checkout.example.com',
        [A.primaryHealthCheckId]: undefined,
        [A.secondaryHealthCheckId]: undefined,
      },
    });
    h = await startHarness({
      emu,
      entities: [appEntity('orders'), checkout],
      config: uncached,
    });
  });
  afterAll(async () => {
    await h?.stop();
    controlPlane?.destroy();
    await emu?.stop();
  });

  const status = () =>
    request(h.server)
      .get('/api/multi-region/status')
      .query({ entityRef: CHECKOUT })
      .set(ALICE);
  const planCheckout = () =>
    request(h.server)
      .post('/api/multi-region/plan')
      .set(ALICE)
      .send({ entityRef: CHECKOUT, targetRegion: 'us-east-1' });
  const executeCheckout = (acknowledgeFailingChecks?: string[]) =>
    request(h.server).post('/api/multi-region/operations').set(ALICE).send({
      entityRef: CHECKOUT,
      targetRegion: 'us-east-1',
      reason: 'New service: turn the primary On',
      expectedActiveRegion: 'us-east-1',
      acknowledgeFailingChecks,
    });

  it('a freshly created routing control is "deploying" in the status and the plan, not an error; failover is refused with the same message', async () => {
    const res = await status();
    expect(res.status).toBe(200);
    expect(res.body.regions.primary.routingControl).toMatchObject({
      name: 'checkout-primary-rc',
      state: 'Off',
    });
    const secondary = res.body.regions.secondary.routingControl;
    expect(secondary).toMatchObject({
      name: 'checkout-secondary-rc',
      state: 'Unknown',
      deployment: 'PENDING',
    });
    expect(secondary.error).toBeUndefined();
    expect(res.body.deployment).toEqual({
      state: 'deploying',
      message: expect.any(String),
      resources: [
        {
          kind: 'control-panel',
          arn: panel,
          name: 'checkout-panel',
          status: 'PENDING',
        },
        {
          kind: 'routing-control',
          arn: controls[1],
          name: 'checkout-secondary-rc',
          status: 'PENDING',
        },
      ],
    });
    expect(res.body.deployment.message).toMatch(
      /^ARC is still deploying control panel checkout-panel, routing control checkout-secondary-rc \(status PENDING\)\./,
    );
    const services = await request(h.server)
      .get('/api/multi-region/services')
      .set(ALICE);
    expect(
      services.body.items.find((i: any) => i.entityRef === CHECKOUT).deployment,
    ).toEqual(res.body.deployment);

    const planned = await planCheckout();
    expect(planned.status).toBe(200);
    expect(planned.body.deployment).toEqual(res.body.deployment);

    const refused = await executeCheckout();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      name: 'ConflictError',
      refusal: 'deploying',
      message: res.body.deployment.message,
    });
    expect(writes(emu)).toHaveLength(0);
  });

  it('once ARC has deployed it, the status reads both controls and the plan shows nothing pending', async () => {
    clock.now += DELAY_MS;
    const res = await status();
    expect(res.body.deployment).toBeUndefined();
    expect(res.body.regions.primary.routingControl).toMatchObject({
      name: 'checkout-primary-rc',
      state: 'Off',
    });
    expect(res.body.active).toMatchObject({ certainty: 'known' });
    expect((await planCheckout()).body.deployment).toBeUndefined();
  });

  it('a safety rule still deploying in a deployed panel holds failover back until it is deployed', async () => {
    const rule = await controlPlane.send(
      new CreateSafetyRuleCommand({
        AssertionRule: {
          ControlPanelArn: panel,
          Name: 'checkout-at-least-one-on',
          AssertedControls: controls,
          RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
          WaitPeriodMs: 0,
        },
      }),
    );
    const ruleArn = rule.AssertionRule!.SafetyRuleArn!;
    const planned = await planCheckout();
    expect(planned.body.deployment).toMatchObject({
      state: 'deploying',
      resources: [
        {
          kind: 'safety-rule',
          arn: ruleArn,
          name: 'checkout-at-least-one-on',
          status: 'PENDING',
        },
      ],
    });
    const refused = await executeCheckout();
    expect(refused.status).toBe(409);
    expect(refused.body.error.refusal).toBe('deploying');
    expect(refused.body.error.message).toContain(
      'safety rule checkout-at-least-one-on',
    );
    expect(writes(emu)).toHaveLength(0);

    clock.now += DELAY_MS;
    expect((await planCheckout()).body.deployment).toBeUndefined();
    // deployed, but a new service has no health checks yet: the owner turns
    // it On knowing that (readiness refuses until acknowledged)
    const notReady = await executeCheckout();
    expect(notReady.status).toBe(409);
    expect(notReady.body.error.refusal).toBe('readiness');
    const failing = notReady.body.error.readiness.checks
      .filter((c: any) => c.verdict === 'fail')
      .map((c: any) => c.id);
    expect(failing).toEqual(['target-health']);
    const started = await executeCheckout(failing);
    expect(started.status).toBe(202);
    const op = await waitForOperationState(
      h.server,
      started.body.id,
      'ARC write settled',
      o =>
        o.steps.find((s: any) => s.name === 'routing-controls-updated')
          .status !== 'running' && o.status !== 'pending',
    );
    expect(
      op.steps.find((s: any) => s.name === 'routing-controls-updated').status,
    ).toBe('done');
  });
});
