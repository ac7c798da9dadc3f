import {
  ListRoutingControlsCommand,
  UpdateRoutingControlStatesCommand,
  paginateListRoutingControls,
} from '@aws-sdk/client-route53-recovery-cluster';
import { startEmulator, Emulator } from '..';
import { clusterClient } from '../__testUtils__/clients';
import { EmulatorFixture } from '../fixtureSchema';

const BIG_PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const bigFixture: EmulatorFixture = {
  cluster: {
    name: 'big',
    arn: 'arn:aws:route53-recovery-control::111122223333:cluster/big-cluster',
  },
  controlPanels: [
    {
      name: 'big-panel',
      arn: BIG_PANEL,
      routingControls: Array.from({ length: 12 }, (_, i) => ({
        name: `rc-${i}`,
        id: `c0c0c0c0c0c0c0${i.toString(16).padStart(2, '0')}`,
        state: i % 2 === 0 ? ('On' as const) : ('Off' as const),
      })),
    },
    {
      name: 'small-panel',
      id: 'dddddddddddddddddddddddddddddddd',
      routingControls: [{ name: 'lonely', id: 'e0e0e0e0e0e0e0e0' }],
    },
  ],
};
const bigControl = (i: number) =>
  `${BIG_PANEL}/routingcontrol/c0c0c0c0c0c0c0${i
    .toString(16)
    .padStart(2, '0')}`;

describe('ARC data plane limits and pagination', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({
      fixture: bigFixture,
      mutatingCallsPerSecond: 0,
    });
  });
  afterAll(() => emu.stop());

  it('rejects more than 10 entries with ServiceLimitExceededException (402) and changes nothing', async () => {
    const client = clusterClient(emu.clusterEndpoints[0]);
    const entries = Array.from({ length: 11 }, (_, i) => ({
      RoutingControlArn: bigControl(i),
      RoutingControlState: 'On' as const,
    }));
    const error = await client
      .send(
        new UpdateRoutingControlStatesCommand({
          UpdateRoutingControlStateEntries: entries,
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('ServiceLimitExceededException');
    expect(error.$metadata.httpStatusCode).toBe(402);
    expect(error.limitCode).toBeTruthy();
    expect(error.serviceCode).toBe('route53-recovery-cluster');
    expect(emu.getRoutingControlState(bigControl(1))).toBe('Off');

    await client.send(
      new UpdateRoutingControlStatesCommand({
        UpdateRoutingControlStateEntries: entries.slice(0, 10),
      }),
    );
    expect(emu.getRoutingControlState(bigControl(1))).toBe('On');
    await emu.reset();
  });

  it('paginates ListRoutingControls, filters by panel and reports Owner', async () => {
    const client = clusterClient(emu.clusterEndpoints[4]);
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateListRoutingControls(
      { client, pageSize: 5 },
      { ControlPanelArn: BIG_PANEL },
    )) {
      pages.push(page.RoutingControls!.length);
      seen.push(...page.RoutingControls!.map(c => c.RoutingControlArn!));
    }
    expect(pages).toEqual([5, 5, 2]);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => bigControl(i)));

    const all = await client.send(new ListRoutingControlsCommand({}));
    expect(all.RoutingControls).toHaveLength(13);
    expect(all.NextToken).toBeUndefined();
    expect(all.RoutingControls![0]).toEqual({
      ControlPanelArn: BIG_PANEL,
      ControlPanelName: 'big-panel',
      RoutingControlArn: bigControl(0),
      RoutingControlName: 'rc-0',
      RoutingControlState: 'On',
      Owner: '111122223333',
    });

    const unknownPanel = await client
      .send(
        new ListRoutingControlsCommand({
          ControlPanelArn: `${BIG_PANEL.slice(0, -1)}c`,
        }),
      )
      .catch(e => e);
    expect(unknownPanel.name).toBe('ResourceNotFoundException');
    expect(unknownPanel.resourceType).toBe('ControlPanel');

    const badToken = await client
      .send(new ListRoutingControlsCommand({ NextToken: 'bm9wZQ==' }))
      .catch(e => e);
    expect(badToken.name).toBe('ValidationException');
  });
});
