import {
  CreateControlPanelCommand,
  CreateRoutingControlCommand,
  CreateSafetyRuleCommand,
  DescribeSafetyRuleCommand,
  UntagResourceCommand,
  UpdateControlPanelCommand,
  UpdateRoutingControlCommand,
  UpdateSafetyRuleCommand,
} from '@aws-sdk/client-route53-recovery-control-config';
import { startEmulator, Emulator } from '..';
import {
  EXAMPLE_FIXTURE,
  ORDERS_PANEL,
  ORDERS_PRIMARY,
  ORDERS_RULE,
  ORDERS_SECONDARY,
  controlPlaneClient,
} from '../__testUtils__/clients';

const CLUSTER =
  'arn:aws:route53-recovery-control::111122223333:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10';

/** The operations' required members and uniqueness rules, as in the botocore model and the API reference. */
describe('ARC control plane: model constraints', () => {
  let emu: Emulator;
  let client: ReturnType<typeof controlPlaneClient>;
  beforeAll(async () => {
    // No deployment delay: every change is deployed by the next request. No throttling either.
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      deploymentDelayMs: 0,
      controlPlaneRequestsPerSecond: 0,
    });
    client = controlPlaneClient(emu.controlPlaneEndpoint);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  /** The error a request fails with. */
  const fails = (sent: Promise<unknown>) =>
    sent.then(
      () => {
        throw new Error('expected an error');
      },
      e => e,
    );

  const assertion = {
    ControlPanelArn: ORDERS_PANEL,
    Name: 'another-rule',
    AssertedControls: [ORDERS_PRIMARY, ORDERS_SECONDARY],
    RuleConfig: { Type: 'ATLEAST' as const, Threshold: 1, Inverted: false },
    WaitPeriodMs: 5000,
  };
  const gating = {
    ControlPanelArn: ORDERS_PANEL,
    Name: 'a-gate',
    GatingControls: [ORDERS_PRIMARY],
    TargetControls: [ORDERS_SECONDARY],
    RuleConfig: { Type: 'OR' as const, Threshold: 0, Inverted: false },
    WaitPeriodMs: 5000,
  };

  it.each([
    ['AssertionRule', 'ControlPanelArn'],
    ['AssertionRule', 'Name'],
    ['AssertionRule', 'AssertedControls'],
    ['AssertionRule', 'RuleConfig'],
    ['AssertionRule', 'WaitPeriodMs'],
    ['GatingRule', 'ControlPanelArn'],
    ['GatingRule', 'Name'],
    ['GatingRule', 'GatingControls'],
    ['GatingRule', 'TargetControls'],
    ['GatingRule', 'RuleConfig'],
    ['GatingRule', 'WaitPeriodMs'],
  ])(
    'CreateSafetyRule without %s.%s is a ValidationException naming it',
    async (kind, member) => {
      const spec: Record<string, unknown> = {
        ...(kind === 'AssertionRule' ? assertion : gating),
      };
      delete spec[member];
      const error = await fails(
        client.send(new CreateSafetyRuleCommand({ [kind]: spec } as any)),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      const path = `${kind.charAt(0).toLowerCase()}${kind.slice(1)}.${member
        .charAt(0)
        .toLowerCase()}${member.slice(1)}`;
      expect(error.message).toBe(
        `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
      );
    },
  );

  it.each(['Type', 'Threshold', 'Inverted'])(
    'CreateSafetyRule without RuleConfig.%s is a ValidationException naming it',
    async member => {
      const RuleConfig: Record<string, unknown> = { ...assertion.RuleConfig };
      delete RuleConfig[member];
      const error = await fails(
        client.send(
          new CreateSafetyRuleCommand({
            AssertionRule: { ...assertion, RuleConfig } as any,
          }),
        ),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain(
        `Value null at 'assertionRule.ruleConfig.${member
          .charAt(0)
          .toLowerCase()}${member.slice(
          1,
        )}' failed to satisfy constraint: Member must not be null`,
      );
    },
  );

  it('CreateSafetyRule needs exactly one of AssertionRule and GatingRule', async () => {
    for (const input of [{}, { AssertionRule: assertion, GatingRule: gating }])
      expect(
        (await fails(client.send(new CreateSafetyRuleCommand(input)))).name,
      ).toBe('ValidationException');
  });

  it.each([
    [
      'CreateControlPanel',
      () => new CreateControlPanelCommand({ ClusterArn: CLUSTER } as any),
      'controlPanelName',
    ],
    [
      'CreateControlPanel',
      () => new CreateControlPanelCommand({ ControlPanelName: 'p' } as any),
      'clusterArn',
    ],
    [
      'CreateRoutingControl',
      () =>
        new CreateRoutingControlCommand({
          ClusterArn: CLUSTER,
          ControlPanelArn: ORDERS_PANEL,
        } as any),
      'routingControlName',
    ],
    [
      'UpdateControlPanel',
      () =>
        new UpdateControlPanelCommand({ ControlPanelArn: ORDERS_PANEL } as any),
      'controlPanelName',
    ],
    [
      'UpdateRoutingControl',
      () =>
        new UpdateRoutingControlCommand({
          RoutingControlArn: ORDERS_PRIMARY,
        } as any),
      'routingControlName',
    ],
    [
      'UpdateSafetyRule',
      () =>
        new UpdateSafetyRuleCommand({
          AssertionRuleUpdate: { SafetyRuleArn: ORDERS_RULE, Name: 'x' },
        } as any),
      'assertionRuleUpdate.waitPeriodMs',
    ],
    [
      'UpdateSafetyRule',
      () =>
        new UpdateSafetyRuleCommand({
          AssertionRuleUpdate: { SafetyRuleArn: ORDERS_RULE, WaitPeriodMs: 0 },
        } as any),
      'assertionRuleUpdate.name',
    ],
    [
      'UpdateSafetyRule',
      () =>
        new UpdateSafetyRuleCommand({
          GatingRuleUpdate: { Name: 'x', WaitPeriodMs: 0 },
        } as any),
      'gatingRuleUpdate.safetyRuleArn',
    ],
    [
      'UntagResource',
      () =>
        new UntagResourceCommand({ ResourceArn: ORDERS_PANEL, TagKeys: [] }),
      'tagKeys',
    ],
  ])('%s refuses a missing required member (%#)', async (_op, make, path) => {
    const error = await fails(client.send(make() as any));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain(
      `Value null at '${path}' failed to satisfy constraint: Member must not be null`,
    );
  });

  it('UpdateSafetyRule changes the name and the wait period only, and answers the rule', async () => {
    const { AssertionRule } = await client.send(
      new UpdateSafetyRuleCommand({
        AssertionRuleUpdate: {
          SafetyRuleArn: ORDERS_RULE,
          Name: 'orders-renamed',
          WaitPeriodMs: 7000,
        },
      }),
    );
    expect(AssertionRule).toMatchObject({
      SafetyRuleArn: ORDERS_RULE,
      Name: 'orders-renamed',
      WaitPeriodMs: 7000,
      AssertedControls: [ORDERS_PRIMARY, ORDERS_SECONDARY],
      RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
      Status: 'PENDING',
    });
    const described = await client.send(
      new DescribeSafetyRuleCommand({ SafetyRuleArn: ORDERS_RULE }),
    );
    expect(described.AssertionRule).toMatchObject({
      Name: 'orders-renamed',
      WaitPeriodMs: 7000,
      Status: 'DEPLOYED',
    });

    const { GatingRule } = await client.send(
      new CreateSafetyRuleCommand({ GatingRule: gating }),
    );
    const updated = await client.send(
      new UpdateSafetyRuleCommand({
        GatingRuleUpdate: {
          SafetyRuleArn: GatingRule!.SafetyRuleArn,
          Name: 'a-gate',
          WaitPeriodMs: 0,
        },
      }),
    );
    expect(updated.GatingRule).toMatchObject({
      Name: 'a-gate',
      WaitPeriodMs: 0,
      GatingControls: [ORDERS_PRIMARY],
    });

    // The update shape must match the rule's kind.
    const wrongKind = await fails(
      client.send(
        new UpdateSafetyRuleCommand({
          GatingRuleUpdate: {
            SafetyRuleArn: ORDERS_RULE,
            Name: 'x',
            WaitPeriodMs: 0,
          },
        }),
      ),
    );
    expect(wrongKind.name).toBe('ValidationException');
    const unknown = await fails(
      client.send(
        new UpdateSafetyRuleCommand({
          AssertionRuleUpdate: {
            SafetyRuleArn: `${ORDERS_PANEL}/safetyrule/ffffffffffffffff`,
            Name: 'x',
            WaitPeriodMs: 0,
          },
        }),
      ),
    );
    expect(unknown.name).toBe('ResourceNotFoundException');
  });

  it('refuses a second routing control or safety rule of the same name in a panel', async () => {
    const sameControl = await fails(
      client.send(
        new CreateRoutingControlCommand({
          ClusterArn: CLUSTER,
          ControlPanelArn: ORDERS_PANEL,
          RoutingControlName: 'orders-primary-rc',
        }),
      ),
    );
    expect(sameControl.name).toBe('ConflictException');
    expect(sameControl.$metadata.httpStatusCode).toBe(409);
    expect(sameControl.message).toBe(
      `A routing control named orders-primary-rc already exists in control panel ${ORDERS_PANEL}; routing control names must be unique within a control panel.`,
    );
    const renameOnto = await fails(
      client.send(
        new UpdateRoutingControlCommand({
          RoutingControlArn: ORDERS_SECONDARY,
          RoutingControlName: 'orders-primary-rc',
        }),
      ),
    );
    expect(renameOnto.name).toBe('ConflictException');
    // Keeping one's own name is no conflict.
    await client.send(
      new UpdateRoutingControlCommand({
        RoutingControlArn: ORDERS_PRIMARY,
        RoutingControlName: 'orders-primary-rc',
      }),
    );

    const sameRule = await fails(
      client.send(
        new CreateSafetyRuleCommand({
          AssertionRule: { ...assertion, Name: 'orders-at-least-one-on' },
        }),
      ),
    );
    expect(sameRule.name).toBe('ConflictException');
    expect(sameRule.message).toBe(
      `A safety rule named orders-at-least-one-on already exists in control panel ${ORDERS_PANEL}; safety rule names must be unique within a control panel.`,
    );
    const { GatingRule } = await client.send(
      new CreateSafetyRuleCommand({ GatingRule: gating }),
    );
    const ruleRenameOnto = await fails(
      client.send(
        new UpdateSafetyRuleCommand({
          GatingRuleUpdate: {
            SafetyRuleArn: GatingRule!.SafetyRuleArn,
            Name: 'orders-at-least-one-on',
            WaitPeriodMs: 0,
          },
        }),
      ),
    );
    expect(ruleRenameOnto.name).toBe('ConflictException');

    // Names are per panel: another panel may reuse them.
    const { ControlPanel } = await client.send(
      new CreateControlPanelCommand({
        ClusterArn: CLUSTER,
        ControlPanelName: 'elsewhere',
      }),
    );
    await client.send(
      new CreateRoutingControlCommand({
        ClusterArn: CLUSTER,
        ControlPanelArn: ControlPanel!.ControlPanelArn,
        RoutingControlName: 'orders-primary-rc',
      }),
    );
  });
});

describe('ARC control plane: pending changes of safety rules', () => {
  let emu: Emulator;
  let client: ReturnType<typeof controlPlaneClient>;
  beforeAll(async () => {
    // A delay far longer than the test: every change stays PENDING.
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      deploymentDelayMs: 3_600_000,
    });
    client = controlPlaneClient(emu.controlPlaneEndpoint);
  });
  afterAll(() => emu.stop());

  it('an updated rule is PENDING with its panel, which refuses further changes', async () => {
    await client.send(
      new UpdateSafetyRuleCommand({
        AssertionRuleUpdate: {
          SafetyRuleArn: ORDERS_RULE,
          Name: 'orders-renamed',
          WaitPeriodMs: 0,
        },
      }),
    );
    const again = await client
      .send(
        new UpdateSafetyRuleCommand({
          AssertionRuleUpdate: {
            SafetyRuleArn: ORDERS_RULE,
            Name: 'orders-renamed-twice',
            WaitPeriodMs: 0,
          },
        }),
      )
      .catch(e => e);
    expect(again.name).toBe('ConflictException');
    const create = await client
      .send(
        new CreateSafetyRuleCommand({
          AssertionRule: {
            ControlPanelArn: ORDERS_PANEL,
            Name: 'x',
            AssertedControls: [ORDERS_PRIMARY],
            RuleConfig: { Type: 'OR', Threshold: 0, Inverted: false },
            WaitPeriodMs: 0,
          },
        }),
      )
      .catch(e => e);
    expect(create.name).toBe('ConflictException');
    expect(create.message).toMatch(/^Conflict occurred while attempting/);
  });
});
