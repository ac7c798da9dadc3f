import {
  GetRoutingControlStateCommand,
  UpdateRoutingControlStateCommand,
  UpdateRoutingControlStatesCommand,
} from '@aws-sdk/client-route53-recovery-cluster';
import { startEmulator, Emulator } from '.';
import { clusterClient, manualClock } from './__testUtils__/clients';
import { evaluateRuleConfig } from './safetyRules';
import { EmulatorFixture } from './fixtureSchema';

describe('evaluateRuleConfig', () => {
  it.each([
    ['ATLEAST', 2, false, ['On', 'On', 'Off'], true],
    ['ATLEAST', 2, false, ['On', 'Off', 'Off'], false],
    ['ATLEAST', 2, true, ['On', 'Off', 'Off'], true],
    ['AND', 0, false, ['On', 'On'], true],
    ['AND', 0, false, ['On', 'Off'], false],
    ['OR', 0, false, ['Off', 'Off'], false],
    ['OR', 0, false, ['Off', 'On'], true],
    ['OR', 0, true, ['Off', 'Off'], true],
  ] as const)(
    '%s threshold %d inverted %s over %j is %s',
    (Type, Threshold, Inverted, states, expected) => {
      expect(
        evaluateRuleConfig({ Type, Threshold, Inverted }, [...states]),
      ).toBe(expected);
    },
  );
});

const PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/99999999999999999999999999999999';
const rc = (id: string) => `${PANEL}/routingcontrol/${id}`;
const rule = (id: string) => `${PANEL}/safetyrule/${id}`;
const fixture: EmulatorFixture = {
  cluster: {
    name: 'c',
    arn: 'arn:aws:route53-recovery-control::111122223333:cluster/c1',
  },
  controlPanels: [
    {
      name: 'gated',
      arn: PANEL,
      routingControls: [
        { name: 'gate', id: '0000000000000001', state: 'Off' },
        { name: 'east', id: '0000000000000002', state: 'On' },
        { name: 'west', id: '0000000000000003', state: 'Off' },
        { name: 'never-both', id: '0000000000000004', state: 'Off' },
        { name: 'never-both-2', id: '0000000000000005', state: 'Off' },
      ],
      safetyRules: [
        {
          type: 'gating',
          name: 'gate-must-be-on',
          id: 'aaaaaaaaaaaaaaa1',
          gatingControls: ['gate'],
          targetControls: ['east', 'west'],
          ruleConfig: { type: 'OR' },
          waitPeriodMs: 0,
        },
        {
          type: 'assertion',
          name: 'not-both-on',
          id: 'aaaaaaaaaaaaaaa2',
          assertedControls: ['never-both', 'never-both-2'],
          // AND inverted: "not all On".
          ruleConfig: { type: 'AND', inverted: true },
          waitPeriodMs: 5000,
        },
      ],
    },
  ],
};

describe('safety rules over the data plane', () => {
  let emu: Emulator;
  const clock = manualClock();
  beforeAll(async () => {
    // Wait periods are enforced by default.
    emu = await startEmulator({
      fixture,
      mutatingCallsPerSecond: 0,
      clock: clock.now,
    });
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.reset();
    clock.advance(60_000);
  });
  const client = (index: number) =>
    clusterClient(emu.clusterEndpoints[index], { clock: clock.now });

  it('a gating rule blocks target changes while the gate is Off, and allows them once it is On', async () => {
    const data = client(0);
    const flip = () =>
      data.send(
        new UpdateRoutingControlStatesCommand({
          UpdateRoutingControlStateEntries: [
            {
              RoutingControlArn: rc('0000000000000002'),
              RoutingControlState: 'Off',
            },
            {
              RoutingControlArn: rc('0000000000000003'),
              RoutingControlState: 'On',
            },
          ],
        }),
      );
    const blocked = await flip().catch(e => e);
    expect(blocked.name).toBe('ConflictException');
    expect(blocked.resourceId).toBe(rule('aaaaaaaaaaaaaaa1'));

    // Gating is evaluated over the current states: opening the gate in the same call is not enough.
    const sameCall = await data
      .send(
        new UpdateRoutingControlStatesCommand({
          UpdateRoutingControlStateEntries: [
            {
              RoutingControlArn: rc('0000000000000001'),
              RoutingControlState: 'On',
            },
            {
              RoutingControlArn: rc('0000000000000003'),
              RoutingControlState: 'On',
            },
          ],
        }),
      )
      .catch(e => e);
    expect(sameCall.name).toBe('ConflictException');

    await data.send(
      new UpdateRoutingControlStateCommand({
        RoutingControlArn: rc('0000000000000001'),
        RoutingControlState: 'On',
      }),
    );
    await flip();
    expect(emu.getRoutingControlState(rc('0000000000000003'))).toBe('On');
  });

  const set = (id: string, state: 'On' | 'Off', override: string[] = []) =>
    client(1).send(
      new UpdateRoutingControlStateCommand({
        RoutingControlArn: rc(id),
        RoutingControlState: state,
        SafetyRulesToOverride: override,
      }),
    );
  const waitMessage = (remainingMs: number) =>
    `Routing control state update blocked by safety rule ${rule(
      'aaaaaaaaaaaaaaa2',
    )} (not-both-on): its wait period of 5000 ms after the last change of its routing controls ends in ${Math.ceil(
      remainingMs / 1000,
    )} s (${remainingMs} ms). To proceed, override it with SafetyRulesToOverride.`;

  it('an inverted assertion rule forbids both On, and its wait period blocks a quick second change', async () => {
    await set('0000000000000004', 'On');
    // Within the 5 s wait period any change to the rule's controls is refused.
    const tooSoon = await set('0000000000000004', 'Off').catch(e => e);
    expect(tooSoon.name).toBe('ConflictException');
    expect(tooSoon.$metadata.httpStatusCode).toBe(409);
    expect(tooSoon.message).toBe(waitMessage(5000));
    expect(tooSoon.resourceId).toBe(rule('aaaaaaaaaaaaaaa2'));
    expect(tooSoon.resourceType).toBe('SafetyRule');
    clock.advance(5000);
    const both = await set('0000000000000005', 'On').catch(e => e);
    expect(both.name).toBe('ConflictException');
    expect(both.resourceId).toBe(rule('aaaaaaaaaaaaaaa2'));
    expect(both.message).toContain('would not be met');
    await set('0000000000000005', 'On', [rule('aaaaaaaaaaaaaaa2')]);
    expect(emu.getRoutingControlState(rc('0000000000000005'))).toBe('On');
  });

  it("a wait period refuses any update naming the rule's controls until it ends, and nothing else", async () => {
    await set('0000000000000004', 'On');
    clock.advance(3200);
    // The other asserted control, and a request that changes nothing, are refused too.
    const other = await set('0000000000000005', 'Off').catch(e => e);
    expect(other.message).toBe(waitMessage(1800));
    const noChange = await set('0000000000000004', 'On').catch(e => e);
    expect(noChange.name).toBe('ConflictException');
    // Reads work, and controls outside the rule can change.
    const state = await client(2).send(
      new GetRoutingControlStateCommand({
        RoutingControlArn: rc('0000000000000004'),
      }),
    );
    expect(state.RoutingControlState).toBe('On');
    await set('0000000000000001', 'On');
    // Overriding the rule skips its wait period as well as its criteria.
    await set('0000000000000004', 'Off', [rule('aaaaaaaaaaaaaaa2')]);
    // That change starts a new wait period.
    clock.advance(4999);
    const stillWaiting = await set('0000000000000004', 'On').catch(e => e);
    expect(stillWaiting.message).toBe(waitMessage(1));
    clock.advance(1);
    await set('0000000000000004', 'On');
  });

  it('enforceWaitPeriods: false lets a quick second change through', async () => {
    const relaxed = await startEmulator({
      fixture,
      mutatingCallsPerSecond: 0,
      enforceWaitPeriods: false,
      clock: clock.now,
    });
    try {
      const data = clusterClient(relaxed.clusterEndpoints[0], {
        clock: clock.now,
      });
      for (const state of ['On', 'Off'] as const)
        await data.send(
          new UpdateRoutingControlStateCommand({
            RoutingControlArn: rc('0000000000000004'),
            RoutingControlState: state,
          }),
        );
      expect(relaxed.getRoutingControlState(rc('0000000000000004'))).toBe(
        'Off',
      );
    } finally {
      await relaxed.stop();
    }
  });
});
