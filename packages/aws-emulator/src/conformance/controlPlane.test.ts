/* eslint-disable jest/no-standalone-expect -- each case's expectations run
 * inside the it() that conformanceCases registers for it. */
/**
 * Conformance of the ARC control plane (route53-recovery-control-config,
 * restJson1): every emulated operation, the signature errors, asynchronous
 * deployment (PENDING, DEPLOYED, PENDING_DELETION and the SDK's waiters),
 * conflicts on pending panels, duplicate names, a missing required member and
 * another account's panel, each with the AWS SDK and the AWS CLI.
 */
import {
  waitUntilControlPanelCreated,
  waitUntilControlPanelDeleted,
} from '@aws-sdk/client-route53-recovery-control-config';
import { Caller, runCliWaiter } from './__testUtils__/callers';
import {
  Conformance,
  conformanceCases,
  expectAwsError,
  expectOk,
  until,
  useConformanceEmulator,
} from './__testUtils__/harness';
import {
  ACCOUNT,
  CLUSTER,
  HC_PRIMARY,
  PANEL,
  PRIMARY,
  RULE,
  SECONDARY,
} from './__testUtils__/fixture';
import { signatureCases } from './__testUtils__/signatureCases';

const DEPLOYMENT_DELAY_MS = 2000;

const h = useConformanceEmulator({
  verifySignatures: true,
  deploymentDelayMs: DEPLOYMENT_DELAY_MS,
  // Control-plane throttling has its own case in throttling.test.ts.
  controlPlaneRequestsPerSecond: 0,
});

/** A new, deployed control panel, made by the setup client. */
async function deployedPanel(c: Conformance, name: string): Promise<string> {
  const out = expectOk(
    await c.setup.call('control', 'CreateControlPanel', {
      ClusterArn: CLUSTER,
      ControlPanelName: name,
    }),
  );
  c.clock.advance(DEPLOYMENT_DELAY_MS);
  return out.ControlPanel.ControlPanelArn;
}

/** A resource's status as the setup client describes it, or the error code once it is gone. */
async function statusOf(
  c: Conformance,
  operation: string,
  input: Record<string, unknown>,
): Promise<string> {
  const outcome = await c.setup.call('control', operation, input);
  if (!outcome.ok) return outcome.code;
  const o = outcome.output;
  return (o.ControlPanel ?? o.RoutingControl ?? o.AssertionRule ?? o.GatingRule)
    .Status;
}

/** Deleting: PENDING_DELETION, then gone (404) once deployed. */
async function expectDeletionDeploys(
  c: Conformance,
  operation: string,
  input: Record<string, unknown>,
) {
  expect(await statusOf(c, operation, input)).toBe('PENDING_DELETION');
  c.clock.advance(DEPLOYMENT_DELAY_MS);
  expect(await statusOf(c, operation, input)).toBe('ResourceNotFoundException');
}

/** Advances the emulator's clock after each DescribeControlPanel answer, so a waiter sees time pass. */
function advancingAfterEachPoll(c: Conformance, statuses: string[]) {
  const client = c.clients.client('control');
  client.middlewareStack.add(
    next => async args => {
      try {
        const result: any = await next(args);
        statuses.push(result.output.ControlPanel.Status);
        return result;
      } catch (error) {
        statuses.push((error as Error).name);
        throw error;
      } finally {
        c.clock.advance(DEPLOYMENT_DELAY_MS);
      }
    },
    { step: 'initialize', name: 'conformanceAdvanceClock' },
  );
  return {
    client,
    done: () => client.middlewareStack.remove('conformanceAdvanceClock'),
  };
}

async function createRuleMissingThreshold(client: Caller, cliConfig?: string) {
  return client.call(
    'control',
    'CreateSafetyRule',
    {
      AssertionRule: {
        ControlPanelArn: PANEL,
        Name: 'missing-threshold',
        AssertedControls: [PRIMARY, SECONDARY],
        RuleConfig: { Type: 'ATLEAST', Inverted: false },
        WaitPeriodMs: 5000,
      },
    },
    { cliConfig },
  );
}

conformanceCases(h, [
  {
    title: 'DescribeCluster returns the five emulated endpoints',
    async run(client, c) {
      const out = expectOk(
        await client.call('control', 'DescribeCluster', {
          ClusterArn: CLUSTER,
        }),
      );
      expect(out.Cluster).toMatchObject({
        ClusterArn: CLUSTER,
        Name: 'conformance-cluster',
        Status: 'DEPLOYED',
        Owner: ACCOUNT,
        ClusterEndpoints: c.emu.clusterEndpoints,
      });
    },
  },
  {
    title: 'ListClusters lists the cluster',
    async run(client) {
      const out = expectOk(await client.call('control', 'ListClusters', {}));
      expect(out.Clusters.map((x: any) => x.ClusterArn)).toEqual([CLUSTER]);
    },
  },
  {
    title: "ListControlPanels lists the cluster's panels",
    async run(client) {
      const out = expectOk(
        await client.call('control', 'ListControlPanels', {
          ClusterArn: CLUSTER,
        }),
      );
      expect(out.ControlPanels.map((p: any) => p.Name)).toEqual([
        'checkout-panel',
        'wait-panel',
      ]);
    },
  },
  {
    title: 'DescribeControlPanel describes a deployed panel',
    async run(client) {
      const out = expectOk(
        await client.call('control', 'DescribeControlPanel', {
          ControlPanelArn: PANEL,
        }),
      );
      expect(out.ControlPanel).toMatchObject({
        ControlPanelArn: PANEL,
        ClusterArn: CLUSTER,
        Name: 'checkout-panel',
        RoutingControlCount: 2,
        DefaultControlPanel: false,
        Status: 'DEPLOYED',
        Owner: ACCOUNT,
      });
    },
  },
  {
    title:
      'CreateControlPanel answers PENDING; DescribeControlPanel says PENDING, then DEPLOYED after the deployment delay',
    async run(client, c) {
      const created = expectOk(
        await client.call('control', 'CreateControlPanel', {
          ClusterArn: CLUSTER,
          ControlPanelName: 'new-panel',
        }),
      );
      expect(created.ControlPanel).toMatchObject({
        Name: 'new-panel',
        ClusterArn: CLUSTER,
        Status: 'PENDING',
      });
      const arn = created.ControlPanel.ControlPanelArn;
      const describe = async () =>
        expectOk(
          await client.call('control', 'DescribeControlPanel', {
            ControlPanelArn: arn,
          }),
        ).ControlPanel.Status;
      c.clock.advance(DEPLOYMENT_DELAY_MS - 1);
      expect(await describe()).toBe('PENDING');
      c.clock.advance(1);
      expect(await describe()).toBe('DEPLOYED');
    },
  },
  {
    title: 'UpdateControlPanel renames a panel (PENDING until deployed)',
    async run(client, c) {
      const out = expectOk(
        await client.call('control', 'UpdateControlPanel', {
          ControlPanelArn: PANEL,
          ControlPanelName: 'checkout-panel-renamed',
        }),
      );
      expect(out.ControlPanel).toMatchObject({
        ControlPanelArn: PANEL,
        Name: 'checkout-panel-renamed',
        Status: 'PENDING',
      });
      c.clock.advance(DEPLOYMENT_DELAY_MS);
      expect(
        await statusOf(c, 'DescribeControlPanel', { ControlPanelArn: PANEL }),
      ).toBe('DEPLOYED');
    },
  },
  {
    title: 'DeleteControlPanel deletes a panel: PENDING_DELETION, then gone',
    async run(client, c) {
      const arn = await deployedPanel(c, 'doomed-panel');
      expectOk(
        await client.call('control', 'DeleteControlPanel', {
          ControlPanelArn: arn,
        }),
      );
      await expectDeletionDeploys(c, 'DescribeControlPanel', {
        ControlPanelArn: arn,
      });
    },
  },
  {
    title: "ListRoutingControls lists a panel's controls",
    async run(client) {
      const out = expectOk(
        await client.call('control', 'ListRoutingControls', {
          ControlPanelArn: PANEL,
        }),
      );
      expect(out.RoutingControls).toEqual([
        expect.objectContaining({
          RoutingControlArn: PRIMARY,
          Name: 'checkout-primary',
          ControlPanelArn: PANEL,
          Status: 'DEPLOYED',
        }),
        expect.objectContaining({
          RoutingControlArn: SECONDARY,
          Name: 'checkout-secondary',
        }),
      ]);
    },
  },
  {
    title: 'DescribeRoutingControl describes a control',
    async run(client) {
      const out = expectOk(
        await client.call('control', 'DescribeRoutingControl', {
          RoutingControlArn: PRIMARY,
        }),
      );
      expect(out.RoutingControl).toMatchObject({
        RoutingControlArn: PRIMARY,
        ControlPanelArn: PANEL,
        Name: 'checkout-primary',
        Status: 'DEPLOYED',
        Owner: ACCOUNT,
      });
    },
  },
  {
    title:
      'CreateRoutingControl answers PENDING (the panel too), DEPLOYED after the delay',
    async run(client, c) {
      const out = expectOk(
        await client.call('control', 'CreateRoutingControl', {
          ClusterArn: CLUSTER,
          ControlPanelArn: PANEL,
          RoutingControlName: 'checkout-tertiary',
        }),
      );
      expect(out.RoutingControl).toMatchObject({
        ControlPanelArn: PANEL,
        Name: 'checkout-tertiary',
        Status: 'PENDING',
      });
      const arn = out.RoutingControl.RoutingControlArn;
      expect(
        await statusOf(c, 'DescribeControlPanel', { ControlPanelArn: PANEL }),
      ).toBe('PENDING');
      c.clock.advance(DEPLOYMENT_DELAY_MS);
      expect(
        await statusOf(c, 'DescribeRoutingControl', { RoutingControlArn: arn }),
      ).toBe('DEPLOYED');
      expect(
        await statusOf(c, 'DescribeControlPanel', { ControlPanelArn: PANEL }),
      ).toBe('DEPLOYED');
    },
  },
  {
    title: 'UpdateRoutingControl renames a control',
    async run(client) {
      const out = expectOk(
        await client.call('control', 'UpdateRoutingControl', {
          RoutingControlArn: PRIMARY,
          RoutingControlName: 'checkout-primary-renamed',
        }),
      );
      expect(out.RoutingControl).toMatchObject({
        RoutingControlArn: PRIMARY,
        Name: 'checkout-primary-renamed',
        Status: 'PENDING',
      });
    },
  },
  {
    title:
      'DeleteRoutingControl deletes a control: PENDING_DELETION, then gone',
    async run(client, c) {
      const created = expectOk(
        await c.setup.call('control', 'CreateRoutingControl', {
          ClusterArn: CLUSTER,
          ControlPanelArn: PANEL,
          RoutingControlName: 'checkout-spare',
        }),
      );
      c.clock.advance(DEPLOYMENT_DELAY_MS);
      const arn = created.RoutingControl.RoutingControlArn;
      expectOk(
        await client.call('control', 'DeleteRoutingControl', {
          RoutingControlArn: arn,
        }),
      );
      await expectDeletionDeploys(c, 'DescribeRoutingControl', {
        RoutingControlArn: arn,
      });
    },
  },
  {
    title: "ListSafetyRules lists a panel's rules",
    async run(client) {
      const out = expectOk(
        await client.call('control', 'ListSafetyRules', {
          ControlPanelArn: PANEL,
        }),
      );
      expect(out.SafetyRules).toEqual([
        {
          ASSERTION: expect.objectContaining({
            SafetyRuleArn: RULE,
            Name: 'checkout-at-least-one-on',
            ControlPanelArn: PANEL,
            AssertedControls: [PRIMARY, SECONDARY],
            RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
            WaitPeriodMs: 0,
            Status: 'DEPLOYED',
          }),
        },
      ]);
    },
  },
  {
    title: 'DescribeSafetyRule describes a rule',
    async run(client) {
      const out = expectOk(
        await client.call('control', 'DescribeSafetyRule', {
          SafetyRuleArn: RULE,
        }),
      );
      expect(out.AssertionRule).toMatchObject({
        SafetyRuleArn: RULE,
        Name: 'checkout-at-least-one-on',
        Status: 'DEPLOYED',
        Owner: ACCOUNT,
      });
    },
  },
  {
    title: 'CreateSafetyRule creates an assertion rule (PENDING)',
    async run(client) {
      const out = expectOk(
        await client.call('control', 'CreateSafetyRule', {
          AssertionRule: {
            ControlPanelArn: PANEL,
            Name: 'checkout-also-one-on',
            AssertedControls: [PRIMARY, SECONDARY],
            RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
            WaitPeriodMs: 5000,
          },
        }),
      );
      expect(out.AssertionRule).toMatchObject({
        ControlPanelArn: PANEL,
        Name: 'checkout-also-one-on',
        WaitPeriodMs: 5000,
        Status: 'PENDING',
      });
    },
  },
  {
    title:
      'UpdateSafetyRule changes the name and wait period of an assertion rule',
    async run(client, c) {
      const out = expectOk(
        await client.call('control', 'UpdateSafetyRule', {
          AssertionRuleUpdate: {
            SafetyRuleArn: RULE,
            Name: 'checkout-rule-renamed',
            WaitPeriodMs: 7000,
          },
        }),
      );
      expect(out.AssertionRule).toMatchObject({
        SafetyRuleArn: RULE,
        Name: 'checkout-rule-renamed',
        WaitPeriodMs: 7000,
        AssertedControls: [PRIMARY, SECONDARY],
        Status: 'PENDING',
      });
      c.clock.advance(DEPLOYMENT_DELAY_MS);
      const described = expectOk(
        await c.setup.call('control', 'DescribeSafetyRule', {
          SafetyRuleArn: RULE,
        }),
      );
      expect(described.AssertionRule).toMatchObject({
        Name: 'checkout-rule-renamed',
        WaitPeriodMs: 7000,
        Status: 'DEPLOYED',
      });
    },
  },
  {
    title: 'DeleteSafetyRule deletes a rule: PENDING_DELETION, then gone',
    async run(client, c) {
      expectOk(
        await client.call('control', 'DeleteSafetyRule', {
          SafetyRuleArn: RULE,
        }),
      );
      await expectDeletionDeploys(c, 'DescribeSafetyRule', {
        SafetyRuleArn: RULE,
      });
    },
  },
  {
    title:
      'ListAssociatedRoute53HealthChecks lists the health checks of a control',
    async run(client) {
      const out = expectOk(
        await client.call('control', 'ListAssociatedRoute53HealthChecks', {
          RoutingControlArn: PRIMARY,
        }),
      );
      expect(out.HealthCheckIds).toEqual([HC_PRIMARY]);
    },
  },
  {
    title: "ListTagsForResource lists a panel's tags",
    async run(client) {
      const out = expectOk(
        await client.call('control', 'ListTagsForResource', {
          ResourceArn: PANEL,
        }),
      );
      expect(out.Tags).toEqual({ team: 'checkout' });
    },
  },
  {
    title: 'TagResource adds tags',
    async run(client, c) {
      expectOk(
        await client.call('control', 'TagResource', {
          ResourceArn: PANEL,
          Tags: { env: 'conformance' },
        }),
      );
      const out = expectOk(
        await c.setup.call('control', 'ListTagsForResource', {
          ResourceArn: PANEL,
        }),
      );
      expect(out.Tags).toEqual({ team: 'checkout', env: 'conformance' });
    },
  },
  {
    title: 'UntagResource removes tags',
    async run(client, c) {
      expectOk(
        await client.call('control', 'UntagResource', {
          ResourceArn: PANEL,
          TagKeys: ['team'],
        }),
      );
      const out = expectOk(
        await c.setup.call('control', 'ListTagsForResource', {
          ResourceArn: PANEL,
        }),
      );
      expect(out.Tags).toEqual({});
    },
  },
  ...signatureCases('control', 'DescribeControlPanel', {
    ControlPanelArn: PANEL,
  }),
  {
    title:
      'a change to a panel whose creation is PENDING -> 409 ConflictException',
    async run(client, c) {
      const created = expectOk(
        await c.setup.call('control', 'CreateControlPanel', {
          ClusterArn: CLUSTER,
          ControlPanelName: 'pending-panel',
        }),
      );
      const outcome = await client.call('control', 'CreateRoutingControl', {
        ClusterArn: CLUSTER,
        ControlPanelArn: created.ControlPanel.ControlPanelArn,
        RoutingControlName: 'too-early',
      });
      expectAwsError(client, outcome, {
        code: 'ConflictException',
        status: 409,
        operation: 'CreateRoutingControl',
      });
    },
  },
  {
    title:
      'CreateRoutingControl with the name of a control of the same panel -> 409 ConflictException',
    async run(client) {
      const outcome = await client.call('control', 'CreateRoutingControl', {
        ClusterArn: CLUSTER,
        ControlPanelArn: PANEL,
        RoutingControlName: 'checkout-primary',
      });
      expectAwsError(client, outcome, {
        code: 'ConflictException',
        status: 409,
        operation: 'CreateRoutingControl',
        message: /checkout-primary/,
      });
    },
  },
  {
    title:
      'CreateSafetyRule with the name of a rule of the same panel -> 409 ConflictException',
    async run(client) {
      const outcome = await client.call('control', 'CreateSafetyRule', {
        AssertionRule: {
          ControlPanelArn: PANEL,
          Name: 'checkout-at-least-one-on',
          AssertedControls: [PRIMARY, SECONDARY],
          RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
          WaitPeriodMs: 0,
        },
      });
      expectAwsError(client, outcome, {
        code: 'ConflictException',
        status: 409,
        operation: 'CreateSafetyRule',
        message: /checkout-at-least-one-on/,
      });
    },
  },
  {
    title:
      'CreateSafetyRule without the required RuleConfig.Threshold -> 400 ValidationException (the CLI refuses it itself unless parameter_validation = false)',
    async run(client, c) {
      if (client.kind === 'cli') {
        // botocore checks required members before sending: nothing reaches the emulator.
        const local = await createRuleMissingThreshold(client);
        expect(local).toMatchObject({
          ok: false,
          exitCode: 255,
          message: expect.stringMatching(
            /Missing required parameter in AssertionRule\.RuleConfig: "Threshold"/,
          ),
        });
        expect(
          c.emu.requestLog().filter(e => e.operation === 'CreateSafetyRule'),
        ).toEqual([]);
      }
      const outcome = await createRuleMissingThreshold(
        client,
        'parameter_validation = false',
      );
      expectAwsError(client, outcome, {
        code: 'ValidationException',
        status: 400,
        operation: 'CreateSafetyRule',
        message:
          /Value null at 'assertionRule\.ruleConfig\.threshold' failed to satisfy constraint: Member must not be null/,
      });
      expect(
        expectOk(
          await c.setup.call('control', 'ListSafetyRules', {
            ControlPanelArn: PANEL,
          }),
        ).SafetyRules,
      ).toHaveLength(1);
    },
  },
  {
    title:
      "another account's key on this account's panel -> 403 AccessDeniedException",
    async run(client) {
      const outcome = await client.call(
        'control',
        'DescribeControlPanel',
        { ControlPanelArn: PANEL },
        { auth: 'otherAccount' },
      );
      expectAwsError(client, outcome, {
        code: 'AccessDeniedException',
        status: 403,
        operation: 'DescribeControlPanel',
      });
    },
  },
  {
    title:
      "another account lists no control panels of this account's cluster (SDK only: one more list call adds nothing for the CLI)",
    only: 'sdk',
    async run(client) {
      const outcome = await client.call(
        'control',
        'ListControlPanels',
        {},
        { auth: 'otherAccount' },
      );
      expect(expectOk(outcome).ControlPanels ?? []).toEqual([]);
    },
  },
  {
    title:
      "`aws ... wait control-panel-created` polls through PENDING until DEPLOYED (CLI only: botocore's waiter, 5 s between polls)",
    only: 'cli',
    async run(_client, c) {
      const created = expectOk(
        await c.setup.call('control', 'CreateControlPanel', {
          ClusterArn: CLUSTER,
          ControlPanelName: 'cli-waited-panel',
        }),
      );
      const polls = () =>
        c.emu
          .requestLog()
          .filter(
            e => e.operation === 'DescribeControlPanel' && e.status === 200,
          );
      const waiting = runCliWaiter(c.emu, 'control', 'control-panel-created', {
        ControlPanelArn: created.ControlPanel.ControlPanelArn,
      });
      // The clock stands still until the first poll has seen PENDING.
      await until(() => polls().length > 0, "the CLI waiter's first poll");
      c.clock.advance(DEPLOYMENT_DELAY_MS);
      expect(await waiting).toMatchObject({ exitCode: 0, stderr: '' });
      expect(polls()).toHaveLength(2);
    },
  },
  {
    title:
      "waitUntilControlPanelCreated polls through PENDING until DEPLOYED (SDK only: the SDK's own waiter)",
    only: 'sdk',
    async run(_client, c) {
      const created = expectOk(
        await c.setup.call('control', 'CreateControlPanel', {
          ClusterArn: CLUSTER,
          ControlPanelName: 'waited-panel',
        }),
      );
      const statuses: string[] = [];
      const { client, done } = advancingAfterEachPoll(c, statuses);
      try {
        const result = await waitUntilControlPanelCreated(
          { client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 },
          { ControlPanelArn: created.ControlPanel.ControlPanelArn },
        );
        expect(result.state).toBe('SUCCESS');
      } finally {
        done();
      }
      expect(statuses).toEqual(['PENDING', 'DEPLOYED']);
    },
  },
  {
    title:
      "waitUntilControlPanelDeleted polls through PENDING_DELETION until 404 (SDK only: the SDK's own waiter)",
    only: 'sdk',
    async run(_client, c) {
      const arn = await deployedPanel(c, 'waited-doomed-panel');
      expectOk(
        await c.setup.call('control', 'DeleteControlPanel', {
          ControlPanelArn: arn,
        }),
      );
      const statuses: string[] = [];
      const { client, done } = advancingAfterEachPoll(c, statuses);
      try {
        const result = await waitUntilControlPanelDeleted(
          { client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 },
          { ControlPanelArn: arn },
        );
        expect(result.state).toBe('SUCCESS');
      } finally {
        done();
      }
      expect(statuses).toEqual([
        'PENDING_DELETION',
        'ResourceNotFoundException',
      ]);
    },
  },
]);
