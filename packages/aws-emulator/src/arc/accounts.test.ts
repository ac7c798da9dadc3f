import {
  CreateControlPanelCommand,
  DescribeClusterCommand,
  DescribeControlPanelCommand,
  DescribeRoutingControlCommand,
  ListClustersCommand,
  ListControlPanelsCommand,
  ListTagsForResourceCommand,
  UpdateRoutingControlCommand,
} from '@aws-sdk/client-route53-recovery-control-config';
import {
  GetRoutingControlStateCommand,
  ListRoutingControlsCommand,
  UpdateRoutingControlStateCommand,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { startEmulator, Emulator } from '..';
import { EmulatorFixture } from '../fixtureSchema';
import { clusterClient, controlPlaneClient } from '../__testUtils__/clients';

const A = '111122223333';
const B = '444455556666';
const KEY_A = { accessKeyId: 'AKIDACCOUNTA', secretAccessKey: 'secret-a' };
const KEY_B = { accessKeyId: 'AKIDACCOUNTB', secretAccessKey: 'secret-b' };
const CLUSTER = `arn:aws:route53-recovery-control::${A}:cluster/c1`;
const PANEL_A = `arn:aws:route53-recovery-control::${A}:controlpanel/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`;
const PANEL_B = `arn:aws:route53-recovery-control::${B}:controlpanel/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`;
const RC_A = `${PANEL_A}/routingcontrol/000000000000000a`;
const RC_B = `${PANEL_B}/routingcontrol/000000000000000b`;

const fixture: EmulatorFixture = {
  accounts: [
    { accountId: A, ...KEY_A },
    { accountId: B, ...KEY_B },
  ],
  cluster: { name: 'shared', arn: CLUSTER },
  controlPanels: [
    {
      name: 'panel-a',
      arn: PANEL_A,
      routingControls: [{ name: 'rc-a', arn: RC_A, state: 'On' }],
    },
    {
      name: 'panel-b',
      arn: PANEL_B,
      routingControls: [{ name: 'rc-b', arn: RC_B, state: 'On' }],
    },
  ],
};

/** A key of one account cannot touch another account's ARC resources; lists show the caller's only. */
describe('ARC account isolation', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      fixture,
      deploymentDelayMs: 0,
      controlPlaneRequestsPerSecond: 0,
    });
  });
  afterAll(() => emu.stop());

  const control = (credentials: typeof KEY_A) =>
    controlPlaneClient(emu.controlPlaneEndpoint, undefined, { credentials });
  const data = (credentials: typeof KEY_A) =>
    clusterClient(emu.clusterEndpoints[0], { credentials });
  const denied = async (promise: Promise<unknown>, arn: string) => {
    const error = await promise.then(
      () => {
        throw new Error('expected AccessDeniedException');
      },
      e => e,
    );
    expect(error.name).toBe('AccessDeniedException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toContain(arn);
  };

  it("the data plane refuses another account's routing controls and lists only the caller's", async () => {
    const b = data(KEY_B);
    await denied(
      b.send(new GetRoutingControlStateCommand({ RoutingControlArn: RC_A })),
      RC_A,
    );
    await denied(
      b.send(
        new UpdateRoutingControlStateCommand({
          RoutingControlArn: RC_A,
          RoutingControlState: 'Off',
        }),
      ),
      RC_A,
    );
    // All-or-nothing: one foreign ARN refuses the whole batch.
    await denied(
      b.send(
        new UpdateRoutingControlStatesCommand({
          UpdateRoutingControlStateEntries: [
            { RoutingControlArn: RC_B, RoutingControlState: 'Off' },
            { RoutingControlArn: RC_A, RoutingControlState: 'Off' },
          ],
        }),
      ),
      RC_A,
    );
    expect(emu.getRoutingControlState(RC_A)).toBe('On');
    expect(emu.getRoutingControlState(RC_B)).toBe('On');
    await denied(
      b.send(new ListRoutingControlsCommand({ ControlPanelArn: PANEL_A })),
      PANEL_A,
    );
    const listed = await b.send(new ListRoutingControlsCommand({}));
    expect(listed.RoutingControls!.map(c => c.RoutingControlArn)).toEqual([
      RC_B,
    ]);
    const ownA = await data(KEY_A).send(new ListRoutingControlsCommand({}));
    expect(ownA.RoutingControls!.map(c => c.RoutingControlArn)).toEqual([RC_A]);
    expect(emu.requestLog().pop()).toMatchObject({ status: 200 });
  });

  it("the control plane refuses another account's resources and lists only the caller's", async () => {
    const b = control(KEY_B);
    await denied(
      b.send(new DescribeControlPanelCommand({ ControlPanelArn: PANEL_A })),
      PANEL_A,
    );
    await denied(
      b.send(new DescribeRoutingControlCommand({ RoutingControlArn: RC_A })),
      RC_A,
    );
    await denied(
      b.send(
        new UpdateRoutingControlCommand({
          RoutingControlArn: RC_A,
          RoutingControlName: 'mine-now',
        }),
      ),
      RC_A,
    );
    await denied(
      b.send(new ListTagsForResourceCommand({ ResourceArn: PANEL_A })),
      PANEL_A,
    );
    // The cluster is account A's.
    await denied(
      b.send(new DescribeClusterCommand({ ClusterArn: CLUSTER })),
      CLUSTER,
    );
    await denied(
      b.send(
        new CreateControlPanelCommand({
          ClusterArn: CLUSTER,
          ControlPanelName: 'intruder',
        }),
      ),
      CLUSTER,
    );
    expect((await b.send(new ListClustersCommand({}))).Clusters).toEqual([]);
    const panels = await b.send(new ListControlPanelsCommand({}));
    expect(panels.ControlPanels!.map(p => p.ControlPanelArn)).toEqual([
      PANEL_B,
    ]);
    const own = await b.send(
      new DescribeRoutingControlCommand({ RoutingControlArn: RC_B }),
    );
    expect(own.RoutingControl!.Name).toBe('rc-b');

    const a = control(KEY_A);
    expect(
      (await a.send(new ListControlPanelsCommand({}))).ControlPanels!.map(
        p => p.ControlPanelArn,
      ),
    ).toEqual([PANEL_A]);
    expect(
      (await a.send(new ListClustersCommand({}))).Clusters!.map(
        c => c.ClusterArn,
      ),
    ).toEqual([CLUSTER]);
    expect(
      emu
        .requestLog()
        .filter(e => e.errorCode === 'AccessDeniedException')
        .every(e => e.status === 403 && e.accessKeyId === KEY_B.accessKeyId),
    ).toBe(true);
  });
});
