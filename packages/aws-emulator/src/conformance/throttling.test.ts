/* eslint-disable jest/no-standalone-expect -- each case's expectations run
 * inside the it() that conformanceCases registers for it. */
/**
 * Conformance of throttling, with the emulator's default limits on purpose:
 * Route 53's 5 requests per second per account, the control plane's rate per
 * account, and the data plane's writes per endpoint. The manual clock stands
 * still within a case, so a budget used up by the setup client stays used up
 * for the client under test, however slow the CLI is.
 */
import { admin } from '../__testUtils__/clients';
import { Service } from './__testUtils__/callers';
import {
  Conformance,
  conformanceCases,
  expectAwsError,
  expectOk,
  useConformanceEmulator,
} from './__testUtils__/harness';
import { PANEL, PRIMARY, ZONE } from './__testUtils__/fixture';

const h = useConformanceEmulator({
  verifySignatures: true,
  // route53RequestsPerSecond, controlPlaneRequestsPerSecond and
  // mutatingCallsPerSecond stay at their defaults: those are under test.
});

/** Uses up a budget with the setup client: `count` successful calls. */
async function drain(
  c: Conformance,
  count: number,
  service: Service,
  operation: string,
  input: Record<string, unknown>,
) {
  for (let i = 0; i < count; i++) {
    expectOk(await c.setup.call(service, operation, input));
  }
}

conformanceCases(h, [
  {
    title:
      'Route 53: the 6th request within a second of one account -> 400 Throttling "Rate exceeded", in the request log',
    async run(client, c) {
      // AWS: "five requests per second per AWS account" (Route 53 quotas).
      expect(c.emu.settings().route53RequestsPerSecond).toBe(5);
      await drain(c, 5, 'route53', 'ListHostedZones', {});
      const outcome = await client.call('route53', 'GetHostedZone', {
        Id: ZONE,
      });
      expectAwsError(client, outcome, {
        code: 'Throttling',
        status: 400,
        operation: 'GetHostedZone',
        message: /^Rate exceeded$/,
      });
      // The admin API's request log, as an operator would read it.
      const log = await admin(c.emu.adminEndpoint, 'GET', '/log');
      expect(log.json.pop()).toMatchObject({
        service: 'route53',
        operation: 'GetHostedZone',
        status: 400,
        errorCode: 'Throttling',
      });
      // A fifth of a second later, one more token.
      c.clock.advance(200);
      expectOk(await c.setup.call('route53', 'GetHostedZone', { Id: ZONE }));
    },
  },
  {
    title:
      'Route 53: a burst of 12 concurrent requests -> exactly 5 pass, 7 are throttled (SDK only: concurrency)',
    only: 'sdk',
    async run(client) {
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () =>
          client.call('route53', 'ListHostedZones', {}),
        ),
      );
      expect(outcomes.filter(o => o.ok)).toHaveLength(5);
      expect(
        outcomes.filter(
          o => !o.ok && o.code === 'Throttling' && o.status === 400,
        ),
      ).toHaveLength(7);
    },
  },
  {
    title:
      "Route 53 throttles per account: another account's requests pass while this one's are refused (SDK only)",
    only: 'sdk',
    async run(client, c) {
      await drain(c, 5, 'route53', 'ListHostedZones', {});
      expect(await client.call('route53', 'ListHostedZones', {})).toMatchObject(
        { ok: false, code: 'Throttling' },
      );
      expectOk(
        await client.call(
          'route53',
          'ListHostedZones',
          {},
          { auth: 'otherAccount' },
        ),
      );
    },
  },
  {
    title:
      'control plane: beyond its requests per second of one account -> 429 ThrottlingException, in the request log',
    async run(client, c) {
      const rate = c.emu.settings().controlPlaneRequestsPerSecond;
      expect(rate).toBeGreaterThan(0);
      await drain(c, rate, 'control', 'DescribeControlPanel', {
        ControlPanelArn: PANEL,
      });
      const outcome = await client.call('control', 'DescribeControlPanel', {
        ControlPanelArn: PANEL,
      });
      expectAwsError(client, outcome, {
        code: 'ThrottlingException',
        status: 429,
        operation: 'DescribeControlPanel',
      });
      expect(c.emu.requestLog().pop()).toMatchObject({
        service: 'arc-control',
        status: 429,
        errorCode: 'ThrottlingException',
      });
    },
  },
  {
    title:
      'data plane: the 4th write within a second on one endpoint -> 429 ThrottlingException; another endpoint still writes',
    async run(client, c) {
      const write = { RoutingControlArn: PRIMARY, RoutingControlState: 'On' };
      expect(c.emu.settings().mutatingCallsPerSecond).toBe(3);
      await drain(c, 3, 'cluster', 'UpdateRoutingControlState', write);
      const outcome = await client.call(
        'cluster',
        'UpdateRoutingControlState',
        write,
      );
      expectAwsError(client, outcome, {
        code: 'ThrottlingException',
        status: 429,
        operation: 'UpdateRoutingControlState',
      });
      expect(c.emu.requestLog().pop()).toMatchObject({
        service: 'arc-cluster',
        endpointIndex: 0,
        status: 429,
        errorCode: 'ThrottlingException',
      });
      expectOk(
        await c.setup.call('cluster', 'UpdateRoutingControlState', write, {
          endpointIndex: 1,
        }),
      );
    },
  },
]);
