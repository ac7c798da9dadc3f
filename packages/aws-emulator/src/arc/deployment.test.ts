import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateControlPanelCommand,
  CreateRoutingControlCommand,
  CreateSafetyRuleCommand,
  DeleteControlPanelCommand,
  DeleteRoutingControlCommand,
  DeleteSafetyRuleCommand,
  DescribeControlPanelCommand,
  DescribeRoutingControlCommand,
  DescribeSafetyRuleCommand,
  ListControlPanelsCommand,
  ListRoutingControlsCommand,
  UpdateControlPanelCommand,
  UpdateRoutingControlCommand,
  waitUntilClusterCreated,
  waitUntilControlPanelCreated,
  waitUntilControlPanelDeleted,
  waitUntilRoutingControlCreated,
  waitUntilRoutingControlDeleted,
} from '@aws-sdk/client-route53-recovery-control-config';
import {
  GetRoutingControlStateCommand,
  ListRoutingControlsCommand as ListDataPlaneRoutingControlsCommand,
  UpdateRoutingControlStateCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { startEmulator, Emulator } from '..';
import {
  EXAMPLE_FIXTURE,
  ORDERS_PANEL,
  ORDERS_PRIMARY,
  clusterClient,
  controlPlaneClient,
  manualClock,
} from '../__testUtils__/clients';

const CLUSTER =
  'arn:aws:route53-recovery-control::111122223333:cluster/5a1e2f3c-0d4b-4c7e-9f21-6b8d3e2a7c10';
const AWS_CONFLICT =
  'Conflict occurred while attempting to change the same resource by multiple requests at the same time. Please retry.';

describe('ARC control plane: asynchronous deployment', () => {
  let emu: Emulator;
  const clock = manualClock();
  let client: ReturnType<typeof controlPlaneClient>;
  let data: ReturnType<typeof clusterClient>;
  beforeAll(async () => {
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      deploymentDelayMs: 2000,
      controlPlaneRequestsPerSecond: 0,
      clock: clock.now,
    });
    client = controlPlaneClient(emu.controlPlaneEndpoint, undefined, {
      clock: clock.now,
    });
    data = clusterClient(emu.clusterEndpoints[2], { clock: clock.now });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  const panelStatus = async (arn: string) =>
    (
      await client.send(
        new DescribeControlPanelCommand({ ControlPanelArn: arn }),
      )
    ).ControlPanel!.Status;
  const controlStatus = async (arn: string) =>
    (
      await client.send(
        new DescribeRoutingControlCommand({ RoutingControlArn: arn }),
      )
    ).RoutingControl!.Status;
  const newPanel = async (name: string) => {
    const { ControlPanel } = await client.send(
      new CreateControlPanelCommand({
        ClusterArn: CLUSTER,
        ControlPanelName: name,
      }),
    );
    return ControlPanel!;
  };
  const newControl = async (panelArn: string, name: string) => {
    const { RoutingControl } = await client.send(
      new CreateRoutingControlCommand({
        ClusterArn: CLUSTER,
        ControlPanelArn: panelArn,
        RoutingControlName: name,
      }),
    );
    return RoutingControl!;
  };

  it('fixture resources start DEPLOYED', async () => {
    expect(await panelStatus(ORDERS_PANEL)).toBe('DEPLOYED');
    expect(await controlStatus(ORDERS_PRIMARY)).toBe('DEPLOYED');
  });

  it('a new panel is PENDING until the delay has passed; changes to it meanwhile conflict; the data plane does not know it yet', async () => {
    const panel = await newPanel('billing-panel');
    expect(panel.Status).toBe('PENDING');
    const { ControlPanels } = await client.send(
      new ListControlPanelsCommand({ ClusterArn: CLUSTER }),
    );
    expect(
      ControlPanels!.find(p => p.ControlPanelArn === panel.ControlPanelArn)
        ?.Status,
    ).toBe('PENDING');

    const refused = [
      await newControl(panel.ControlPanelArn!, 'rc').catch(e => e),
      await client
        .send(
          new UpdateControlPanelCommand({
            ControlPanelArn: panel.ControlPanelArn,
            ControlPanelName: 'renamed',
          }),
        )
        .catch(e => e),
      await client
        .send(
          new DeleteControlPanelCommand({
            ControlPanelArn: panel.ControlPanelArn,
          }),
        )
        .catch(e => e),
    ];
    for (const error of refused) {
      expect(error.name).toBe('ConflictException');
      expect(error.$metadata.httpStatusCode).toBe(409);
      expect(error.message).toBe(
        `${AWS_CONFLICT} (Control panel ${panel.ControlPanelArn} is PENDING until its last change is deployed.)`,
      );
    }
    const unknown = await data
      .send(
        new ListDataPlaneRoutingControlsCommand({
          ControlPanelArn: panel.ControlPanelArn,
        }),
      )
      .catch(e => e);
    expect(unknown.name).toBe('ResourceNotFoundException');

    clock.advance(1999);
    expect(await panelStatus(panel.ControlPanelArn!)).toBe('PENDING');
    clock.advance(1);
    expect(await panelStatus(panel.ControlPanelArn!)).toBe('DEPLOYED');
    const { RoutingControls } = await data.send(
      new ListDataPlaneRoutingControlsCommand({
        ControlPanelArn: panel.ControlPanelArn,
      }),
    );
    expect(RoutingControls).toEqual([]);
  });

  it('a new routing control makes its panel PENDING too, and reaches the data plane once deployed', async () => {
    const panel = await newPanel('billing-panel');
    clock.advance(2000);
    const control = await newControl(panel.ControlPanelArn!, 'billing-rc');
    expect(control.Status).toBe('PENDING');
    expect(await panelStatus(panel.ControlPanelArn!)).toBe('PENDING');
    const second = await newControl(panel.ControlPanelArn!, 'other').catch(
      e => e,
    );
    expect(second.name).toBe('ConflictException');

    const unknown = await data
      .send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: control.RoutingControlArn,
        }),
      )
      .catch(e => e);
    expect(unknown.name).toBe('ResourceNotFoundException');
    expect(unknown.resourceId).toBe(control.RoutingControlArn);
    const flip = await data
      .send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: control.RoutingControlArn,
          RoutingControlState: 'On',
        }),
      )
      .catch(e => e);
    expect(flip.name).toBe('ResourceNotFoundException');
    const all = await data.send(new ListDataPlaneRoutingControlsCommand({}));
    expect(all.RoutingControls!.map(c => c.RoutingControlArn)).not.toContain(
      control.RoutingControlArn,
    );
    // The control plane lists it, PENDING.
    const listed = await client.send(
      new ListRoutingControlsCommand({
        ControlPanelArn: panel.ControlPanelArn,
      }),
    );
    expect(listed.RoutingControls).toEqual([
      expect.objectContaining({ Name: 'billing-rc', Status: 'PENDING' }),
    ]);

    clock.advance(2000);
    expect(await controlStatus(control.RoutingControlArn!)).toBe('DEPLOYED');
    expect(await panelStatus(panel.ControlPanelArn!)).toBe('DEPLOYED');
    const state = await data.send(
      new GetRoutingControlStateCommand({
        RoutingControlArn: control.RoutingControlArn,
      }),
    );
    expect(state.RoutingControlState).toBe('Off');
  });

  it('a rename or delete is PENDING (PENDING_DELETION) too; the data plane keeps serving the control until the delete is deployed', async () => {
    // An existing panel's existing controls keep working while the panel is PENDING.
    const renamed = await client.send(
      new UpdateRoutingControlCommand({
        RoutingControlArn: ORDERS_PRIMARY,
        RoutingControlName: 'orders-primary-renamed',
      }),
    );
    expect(renamed.RoutingControl).toMatchObject({
      Name: 'orders-primary-renamed',
      Status: 'PENDING',
    });
    expect(await panelStatus(ORDERS_PANEL)).toBe('PENDING');
    await data.send(
      new GetRoutingControlStateCommand({ RoutingControlArn: ORDERS_PRIMARY }),
    );
    clock.advance(2000);

    const panel = await newPanel('short-lived');
    clock.advance(2000);
    const control = await newControl(panel.ControlPanelArn!, 'rc');
    clock.advance(2000);
    await client.send(
      new DeleteRoutingControlCommand({
        RoutingControlArn: control.RoutingControlArn,
      }),
    );
    expect(await controlStatus(control.RoutingControlArn!)).toBe(
      'PENDING_DELETION',
    );
    expect(await panelStatus(panel.ControlPanelArn!)).toBe('PENDING');
    const stillThere = await data.send(
      new GetRoutingControlStateCommand({
        RoutingControlArn: control.RoutingControlArn,
      }),
    );
    expect(stillThere.RoutingControlState).toBe('Off');
    clock.advance(2000);
    const gone = await client
      .send(
        new DescribeRoutingControlCommand({
          RoutingControlArn: control.RoutingControlArn,
        }),
      )
      .catch(e => e);
    expect(gone.name).toBe('ResourceNotFoundException');
    const goneFromData = await data
      .send(
        new GetRoutingControlStateCommand({
          RoutingControlArn: control.RoutingControlArn,
        }),
      )
      .catch(e => e);
    expect(goneFromData.name).toBe('ResourceNotFoundException');

    await client.send(
      new DeleteControlPanelCommand({ ControlPanelArn: panel.ControlPanelArn }),
    );
    expect(await panelStatus(panel.ControlPanelArn!)).toBe('PENDING_DELETION');
    clock.advance(2000);
    const panelGone = await client
      .send(
        new DescribeControlPanelCommand({
          ControlPanelArn: panel.ControlPanelArn,
        }),
      )
      .catch(e => e);
    expect(panelGone.$metadata.httpStatusCode).toBe(404);
  });

  it('a new safety rule is not enforced until deployed, and a deleted one until its deletion is', async () => {
    const panel = await newPanel('ruled');
    clock.advance(2000);
    const a = await newControl(panel.ControlPanelArn!, 'a');
    clock.advance(2000);
    const b = await newControl(panel.ControlPanelArn!, 'b');
    clock.advance(2000);
    const { AssertionRule } = await client.send(
      new CreateSafetyRuleCommand({
        AssertionRule: {
          ControlPanelArn: panel.ControlPanelArn,
          Name: 'one-on',
          AssertedControls: [a.RoutingControlArn!, b.RoutingControlArn!],
          RuleConfig: { Type: 'ATLEAST', Threshold: 1, Inverted: false },
          WaitPeriodMs: 0,
        },
      }),
    );
    expect(AssertionRule!.Status).toBe('PENDING');
    // Not deployed yet: both may be Off.
    const set = (arn: string, state: 'On' | 'Off') =>
      data.send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: arn,
          RoutingControlState: state,
        }),
      );
    await set(a.RoutingControlArn!, 'Off');
    await set(a.RoutingControlArn!, 'On');
    clock.advance(2000);
    const described = await client.send(
      new DescribeSafetyRuleCommand({
        SafetyRuleArn: AssertionRule!.SafetyRuleArn,
      }),
    );
    expect(described.AssertionRule!.Status).toBe('DEPLOYED');
    const blocked = await set(a.RoutingControlArn!, 'Off').catch(e => e);
    expect(blocked.name).toBe('ConflictException');

    await client.send(
      new DeleteSafetyRuleCommand({
        SafetyRuleArn: AssertionRule!.SafetyRuleArn,
      }),
    );
    const stillBlocked = await set(a.RoutingControlArn!, 'Off').catch(e => e);
    expect(stillBlocked.name).toBe('ConflictException');
    clock.advance(2000);
    await set(a.RoutingControlArn!, 'Off');
  });
});

describe('ARC control plane: deployment seen from outside the AWS APIs', () => {
  it('admin reads settle deployments: a deleted control is gone from getRoutingControlState and the snapshot', async () => {
    const clock = manualClock();
    const emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      deploymentDelayMs: 2000,
      clock: clock.now,
    });
    try {
      const client = controlPlaneClient(emu.controlPlaneEndpoint, undefined, {
        clock: clock.now,
      });
      const { ControlPanel } = await client.send(
        new CreateControlPanelCommand({
          ClusterArn: CLUSTER,
          ControlPanelName: 'p',
        }),
      );
      clock.advance(2000);
      const { RoutingControl } = await client.send(
        new CreateRoutingControlCommand({
          ClusterArn: CLUSTER,
          ControlPanelArn: ControlPanel!.ControlPanelArn,
          RoutingControlName: 'rc',
        }),
      );
      const arn = RoutingControl!.RoutingControlArn!;
      clock.advance(2000);
      await client.send(
        new DeleteRoutingControlCommand({ RoutingControlArn: arn }),
      );
      expect(emu.getRoutingControlState(arn)).toBe('Off');
      clock.advance(2000);
      expect(emu.getRoutingControlState(arn)).toBeUndefined();
      expect(
        emu.snapshot().routingControls.map(c => c.RoutingControlArn),
      ).not.toContain(arn);
    } finally {
      await emu.stop();
    }
  });

  it('with a state file and no delay, the create answer is still PENDING', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-emulator-'));
    const emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      deploymentDelayMs: 0,
      stateFile: path.join(dir, 'state.json'),
    });
    try {
      const client = controlPlaneClient(emu.controlPlaneEndpoint);
      const { ControlPanel } = await client.send(
        new CreateControlPanelCommand({
          ClusterArn: CLUSTER,
          ControlPanelName: 'persisted',
        }),
      );
      expect(ControlPanel!.Status).toBe('PENDING');
      const described = await client.send(
        new DescribeControlPanelCommand({
          ControlPanelArn: ControlPanel!.ControlPanelArn,
        }),
      );
      expect(described.ControlPanel!.Status).toBe('DEPLOYED');
    } finally {
      await emu.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ARC control plane: the SDK's own waiters", () => {
  let emu: Emulator;
  const clock = manualClock();
  let client: ReturnType<typeof controlPlaneClient>;
  beforeAll(async () => {
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      deploymentDelayMs: 2000,
      clock: clock.now,
    });
    client = controlPlaneClient(emu.controlPlaneEndpoint, undefined, {
      clock: clock.now,
    });
  });
  afterAll(() => emu.stop());

  // The waiters sleep in real time between polls (at least 1 s): the fake
  // clock moves on once the first poll has been answered PENDING.
  const timing = { maxWaitTime: 60, minDelay: 1, maxDelay: 1 };
  const answered = (operation: string) =>
    emu.requestLog().filter(e => e.operation === operation).length;
  async function untilAnswered(operation: string, count: number) {
    while (answered(operation) < count)
      await new Promise(resolve => setTimeout(resolve, 10));
  }

  it('waitUntilControlPanelCreated / RoutingControlCreated / RoutingControlDeleted / ControlPanelDeleted succeed once the change is deployed', async () => {
    const { ControlPanel } = await client.send(
      new CreateControlPanelCommand({
        ClusterArn: CLUSTER,
        ControlPanelName: 'waited',
      }),
    );
    const panelArn = ControlPanel!.ControlPanelArn!;
    const panelInput = { ControlPanelArn: panelArn };

    let waiting = waitUntilControlPanelCreated(
      { ...timing, client },
      panelInput,
    );
    await untilAnswered('DescribeControlPanel', 1);
    clock.advance(2000);
    expect((await waiting).state).toBe('SUCCESS');
    expect(answered('DescribeControlPanel')).toBe(2);

    const { RoutingControl } = await client.send(
      new CreateRoutingControlCommand({
        ClusterArn: CLUSTER,
        ControlPanelArn: panelArn,
        RoutingControlName: 'waited-rc',
      }),
    );
    const controlArn = RoutingControl!.RoutingControlArn!;
    const controlInput = { RoutingControlArn: controlArn };
    waiting = waitUntilRoutingControlCreated(
      { ...timing, client },
      controlInput,
    );
    await untilAnswered('DescribeRoutingControl', 1);
    clock.advance(2000);
    expect((await waiting).state).toBe('SUCCESS');

    await client.send(new DeleteRoutingControlCommand(controlInput));
    waiting = waitUntilRoutingControlDeleted(
      { ...timing, client },
      controlInput,
    );
    await untilAnswered('DescribeRoutingControl', 3);
    clock.advance(2000);
    expect((await waiting).state).toBe('SUCCESS');

    await client.send(new DeleteControlPanelCommand(panelInput));
    waiting = waitUntilControlPanelDeleted({ ...timing, client }, panelInput);
    await untilAnswered('DescribeControlPanel', 3);
    clock.advance(2000);
    expect((await waiting).state).toBe('SUCCESS');
    expect(
      emu
        .requestLog()
        .filter(e => e.operation === 'DescribeControlPanel')
        .map(e => e.status),
    ).toEqual([200, 200, 200, 404]);
  });

  it('waitUntilClusterCreated succeeds at once: the cluster is DEPLOYED', async () => {
    const result = await waitUntilClusterCreated(
      { ...timing, client },
      { ClusterArn: CLUSTER },
    );
    expect(result.state).toBe('SUCCESS');
  });
});
