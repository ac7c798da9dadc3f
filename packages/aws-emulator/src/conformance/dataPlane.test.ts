/* eslint-disable jest/no-standalone-expect -- each case's expectations run
 * inside the it() that conformanceCases registers for it. */
/**
 * Conformance of the routing-control data plane (route53-recovery-cluster,
 * awsJson1_0): every operation, the signature errors, wait periods, pending
 * controls and another account's control, each with the AWS SDK and the AWS
 * CLI.
 */
import {
  expectAwsError,
  expectOk,
  conformanceCases,
  useConformanceEmulator,
} from './__testUtils__/harness';
import {
  CLUSTER,
  PANEL,
  PRIMARY,
  SECONDARY,
  WAIT_PANEL,
  WAIT_PERIOD_MS,
  WAIT_PRIMARY,
  WAIT_SECONDARY,
  WAIT_RULE,
} from './__testUtils__/fixture';
import { signatureCases } from './__testUtils__/signatureCases';

const h = useConformanceEmulator({
  verifySignatures: true,
  enforceWaitPeriods: true,
  deploymentDelayMs: 2000,
  // The per-endpoint write limit has its own case in throttling.test.ts; here
  // a case's setup writes must not use up its budget on the frozen clock.
  mutatingCallsPerSecond: 0,
});

conformanceCases(h, [
  {
    title: 'GetRoutingControlState returns the state and name',
    async run(client) {
      const out = expectOk(
        await client.call('cluster', 'GetRoutingControlState', {
          RoutingControlArn: PRIMARY,
        }),
      );
      expect(out).toEqual({
        RoutingControlArn: PRIMARY,
        RoutingControlState: 'On',
        RoutingControlName: 'checkout-primary',
      });
    },
  },
  {
    title: 'ListRoutingControls lists a panel with states and owner',
    async run(client) {
      const out = expectOk(
        await client.call('cluster', 'ListRoutingControls', {
          ControlPanelArn: PANEL,
        }),
      );
      expect(out.RoutingControls).toEqual([
        expect.objectContaining({
          ControlPanelArn: PANEL,
          RoutingControlArn: PRIMARY,
          RoutingControlName: 'checkout-primary',
          RoutingControlState: 'On',
          Owner: '111122223333',
        }),
        expect.objectContaining({
          RoutingControlArn: SECONDARY,
          RoutingControlState: 'Off',
        }),
      ]);
    },
  },
  {
    title:
      'UpdateRoutingControlState changes one state (on another endpoint too)',
    async run(client, c) {
      expectOk(
        await client.call(
          'cluster',
          'UpdateRoutingControlState',
          { RoutingControlArn: SECONDARY, RoutingControlState: 'On' },
          { endpointIndex: 2 },
        ),
      );
      expect(c.emu.getRoutingControlState(SECONDARY)).toBe('On');
    },
  },
  {
    title: 'UpdateRoutingControlStates changes several states at once',
    async run(client, c) {
      expectOk(
        await client.call('cluster', 'UpdateRoutingControlStates', {
          UpdateRoutingControlStateEntries: [
            { RoutingControlArn: PRIMARY, RoutingControlState: 'Off' },
            { RoutingControlArn: SECONDARY, RoutingControlState: 'On' },
          ],
        }),
      );
      expect(c.emu.getRoutingControlState(PRIMARY)).toBe('Off');
      expect(c.emu.getRoutingControlState(SECONDARY)).toBe('On');
    },
  },
  ...signatureCases('cluster', 'GetRoutingControlState', {
    RoutingControlArn: PRIMARY,
  }),
  {
    title:
      "a change within a safety rule's wait period -> 409 ConflictException naming the rule; allowed once it ends",
    async run(client, c) {
      // The first change (by the setup client) starts the wait period.
      expectOk(
        await c.setup.call('cluster', 'UpdateRoutingControlState', {
          RoutingControlArn: WAIT_SECONDARY,
          RoutingControlState: 'On',
        }),
      );
      c.clock.advance(WAIT_PERIOD_MS - 1000);
      const refused = await client.call(
        'cluster',
        'UpdateRoutingControlState',
        { RoutingControlArn: WAIT_PRIMARY, RoutingControlState: 'Off' },
      );
      expectAwsError(client, refused, {
        code: 'ConflictException',
        status: 409,
        operation: 'UpdateRoutingControlState',
        message: new RegExp(`${WAIT_RULE}.*wait period`),
      });
      expect(c.emu.getRoutingControlState(WAIT_PRIMARY)).toBe('On');
      c.clock.advance(1000);
      expectOk(
        await client.call('cluster', 'UpdateRoutingControlState', {
          RoutingControlArn: WAIT_PRIMARY,
          RoutingControlState: 'Off',
        }),
      );
      expect(c.emu.getRoutingControlState(WAIT_PRIMARY)).toBe('Off');
    },
  },
  {
    title:
      'the first change after the fixture loads is not in a wait period (no change has happened yet)',
    async run(client, c) {
      expectOk(
        await client.call('cluster', 'UpdateRoutingControlState', {
          RoutingControlArn: WAIT_SECONDARY,
          RoutingControlState: 'On',
        }),
      );
      expect(c.emu.getRoutingControlState(WAIT_SECONDARY)).toBe('On');
    },
    only: 'sdk',
  },
  {
    title:
      'a routing control whose creation is PENDING is unknown to the data plane (404) until DEPLOYED',
    async run(client, c) {
      const created = expectOk(
        await c.setup.call('control', 'CreateRoutingControl', {
          ClusterArn: CLUSTER,
          ControlPanelArn: WAIT_PANEL,
          RoutingControlName: 'wait-tertiary',
        }),
      );
      const arn = created.RoutingControl.RoutingControlArn;
      expect(created.RoutingControl.Status).toBe('PENDING');
      const unknown = await client.call('cluster', 'GetRoutingControlState', {
        RoutingControlArn: arn,
      });
      expectAwsError(client, unknown, {
        code: 'ResourceNotFoundException',
        status: 404,
        operation: 'GetRoutingControlState',
      });
      c.clock.advance(2000);
      expect(
        expectOk(
          await client.call('cluster', 'GetRoutingControlState', {
            RoutingControlArn: arn,
          }),
        ),
      ).toMatchObject({ RoutingControlState: 'Off' });
    },
  },
  {
    title:
      "another account's key on this account's routing control -> 403 AccessDeniedException",
    async run(client, c) {
      const outcome = await client.call(
        'cluster',
        'UpdateRoutingControlState',
        { RoutingControlArn: SECONDARY, RoutingControlState: 'On' },
        { auth: 'otherAccount' },
      );
      expectAwsError(client, outcome, {
        code: 'AccessDeniedException',
        status: 403,
        operation: 'UpdateRoutingControlState',
      });
      expect(c.emu.getRoutingControlState(SECONDARY)).toBe('Off');
    },
  },
]);
