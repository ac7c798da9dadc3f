/* eslint-disable jest/no-standalone-expect -- each case's expectations run
 * inside the it() that conformanceCases registers for it. */
/**
 * Conformance of Route 53 (restXml): every emulated operation, the signature
 * errors, record changes PENDING then INSYNC (and the SDK's waiter), record
 * order with `-` and `*`, deleting a health check that records use, and
 * another account's zone, each with the AWS SDK and the AWS CLI.
 */
import { waitUntilResourceRecordSetsChanged } from '@aws-sdk/client-route-53';
import {
  Conformance,
  conformanceCases,
  expectAwsError,
  expectOk,
  useConformanceEmulator,
} from './__testUtils__/harness';
import {
  HC_PRIMARY,
  HC_SECONDARY,
  ORDERED_NAMES,
  OTHER_ZONE,
  PRIMARY,
  SECONDARY,
  ZONE,
} from './__testUtils__/fixture';
import { signatureCases } from './__testUtils__/signatureCases';

const CHANGE_DELAY_MS = 2000;

const h = useConformanceEmulator({
  verifySignatures: true,
  route53ChangeDelayMs: CHANGE_DELAY_MS,
  route53PropagationDelayMs: 0,
  // Route 53 throttling has its own cases in throttling.test.ts; on the frozen
  // clock, a case's setup calls would otherwise use up the account's budget.
  route53RequestsPerSecond: 0,
});

const NEW_RECORD_CHANGE = {
  HostedZoneId: ZONE,
  ChangeBatch: {
    Comment: 'conformance',
    Changes: [
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: 'new.example.com.',
          Type: 'A',
          TTL: 60,
          ResourceRecords: [{ Value: '192.0.2.99' }],
        },
      },
    ],
  },
};

/** Advances the emulator's clock after each GetChange answer, so the waiter sees time pass. */
function advancingAfterEachPoll(c: Conformance, statuses: string[]) {
  const client = c.clients.client('route53');
  client.middlewareStack.add(
    next => async args => {
      try {
        const result: any = await next(args);
        statuses.push(result.output.ChangeInfo.Status);
        return result;
      } finally {
        c.clock.advance(CHANGE_DELAY_MS);
      }
    },
    { step: 'initialize', name: 'conformanceAdvanceClock' },
  );
  return {
    client,
    done: () => client.middlewareStack.remove('conformanceAdvanceClock'),
  };
}

conformanceCases(h, [
  {
    title: "ListHostedZones lists the caller's zones only",
    async run(client) {
      const out = expectOk(await client.call('route53', 'ListHostedZones', {}));
      expect(out.HostedZones).toEqual([
        expect.objectContaining({
          Id: `/hostedzone/${ZONE}`,
          Name: 'example.com.',
          ResourceRecordSetCount: 9,
          Config: expect.objectContaining({
            Comment: 'conformance zone',
            PrivateZone: false,
          }),
        }),
      ]);
    },
  },
  {
    title: 'ListHostedZonesByName starts at the name',
    async run(client) {
      const out = expectOk(
        await client.call('route53', 'ListHostedZonesByName', {
          DNSName: 'example.com',
        }),
      );
      expect(out.DNSName).toBe('example.com.');
      expect(out.HostedZones.map((z: any) => z.Id)).toEqual([
        `/hostedzone/${ZONE}`,
      ]);
    },
  },
  {
    title: 'GetHostedZone returns the zone and its name servers',
    async run(client) {
      const out = expectOk(
        await client.call('route53', 'GetHostedZone', { Id: ZONE }),
      );
      expect(out.HostedZone).toMatchObject({
        Id: `/hostedzone/${ZONE}`,
        Name: 'example.com.',
      });
      expect(out.DelegationSet.NameServers).toHaveLength(4);
    },
  },
  {
    title:
      'ListResourceRecordSets lists in Route 53 order: labels reversed with the trailing dot, ASCII (`*` as \\052 before `-` before `.`)',
    async run(client) {
      const out = expectOk(
        await client.call('route53', 'ListResourceRecordSets', {
          HostedZoneId: ZONE,
        }),
      );
      expect(
        out.ResourceRecordSets.map((r: any) =>
          r.SetIdentifier ? `${r.Name} ${r.SetIdentifier}` : r.Name,
        ),
      ).toEqual([
        ...ORDERED_NAMES.slice(0, -1),
        'checkout.example.com. primary',
        'checkout.example.com. secondary',
      ]);
    },
  },
  {
    title:
      'ListResourceRecordSets pages of 2 (NextRecordName/Type/Identifier) give the same order (CLI: --page-size 2)',
    async run(client, c) {
      const names: string[] = [];
      const pageThrough = async (start: Record<string, unknown>) => {
        const out = expectOk(
          await client.call(
            'route53',
            'ListResourceRecordSets',
            { HostedZoneId: ZONE, ...start },
            { cliArgs: ['--page-size', '2'] },
          ),
        );
        names.push(...out.ResourceRecordSets.map((r: any) => r.Name));
        return out;
      };
      if (client.kind === 'cli') {
        // The CLI follows the paging tokens itself.
        await pageThrough({});
      } else {
        let out = await pageThrough({ MaxItems: 2 });
        while (out.IsTruncated) {
          out = await pageThrough({
            MaxItems: 2,
            StartRecordName: out.NextRecordName,
            StartRecordType: out.NextRecordType,
            StartRecordIdentifier: out.NextRecordIdentifier,
          });
        }
      }
      expect(names).toEqual([...ORDERED_NAMES, 'checkout.example.com.']);
      expect(
        c.emu
          .requestLog()
          .filter(e => e.operation === 'ListResourceRecordSets'),
      ).toHaveLength(5);
    },
  },
  {
    title:
      'ChangeResourceRecordSets answers PENDING; GetChange says PENDING, then INSYNC after the change delay',
    async run(client, c) {
      const changed = expectOk(
        await client.call(
          'route53',
          'ChangeResourceRecordSets',
          NEW_RECORD_CHANGE,
        ),
      );
      expect(changed.ChangeInfo).toMatchObject({
        Id: expect.stringMatching(/^\/change\/\w+$/),
        Status: 'PENDING',
        Comment: 'conformance',
      });
      const getChange = async () =>
        expectOk(
          await client.call('route53', 'GetChange', {
            Id: changed.ChangeInfo.Id,
          }),
        ).ChangeInfo.Status;
      c.clock.advance(CHANGE_DELAY_MS - 1);
      expect(await getChange()).toBe('PENDING');
      c.clock.advance(1);
      expect(await getChange()).toBe('INSYNC');
    },
  },
  {
    title: 'CreateHealthCheck creates a RECOVERY_CONTROL health check',
    async run(client) {
      const out = expectOk(
        await client.call('route53', 'CreateHealthCheck', {
          CallerReference: `conformance-${client.kind}`,
          HealthCheckConfig: {
            Type: 'RECOVERY_CONTROL',
            RoutingControlArn: SECONDARY,
          },
        }),
      );
      expect(out.HealthCheck).toMatchObject({
        Id: expect.any(String),
        CallerReference: `conformance-${client.kind}`,
        HealthCheckConfig: {
          Type: 'RECOVERY_CONTROL',
          RoutingControlArn: SECONDARY,
        },
      });
      expect(out.Location).toMatch(
        new RegExp(`/2013-04-01/healthcheck/${out.HealthCheck.Id}$`),
      );
    },
  },
  {
    title: 'GetHealthCheck returns a health check',
    async run(client) {
      const out = expectOk(
        await client.call('route53', 'GetHealthCheck', {
          HealthCheckId: HC_PRIMARY,
        }),
      );
      expect(out.HealthCheck).toMatchObject({
        Id: HC_PRIMARY,
        CallerReference: 'checkout-primary',
        HealthCheckConfig: {
          Type: 'RECOVERY_CONTROL',
          RoutingControlArn: PRIMARY,
        },
      });
    },
  },
  {
    title: "ListHealthChecks lists the caller's health checks only",
    async run(client) {
      const out = expectOk(
        await client.call('route53', 'ListHealthChecks', {}),
      );
      expect(out.HealthChecks.map((hc: any) => hc.Id)).toEqual([
        HC_PRIMARY,
        HC_SECONDARY,
      ]);
    },
  },
  {
    title:
      'DeleteHealthCheck deletes a health check that records still use (Route 53 does not prevent it)',
    async run(client, c) {
      expectOk(
        await client.call('route53', 'DeleteHealthCheck', {
          HealthCheckId: HC_PRIMARY,
        }),
      );
      const gone = await c.setup.call('route53', 'GetHealthCheck', {
        HealthCheckId: HC_PRIMARY,
      });
      expect(gone).toMatchObject({ ok: false, code: 'NoSuchHealthCheck' });
      const records = expectOk(
        await c.setup.call('route53', 'ListResourceRecordSets', {
          HostedZoneId: ZONE,
        }),
      ).ResourceRecordSets;
      expect(
        records.find((r: any) => r.SetIdentifier === 'primary'),
      ).toMatchObject({ HealthCheckId: HC_PRIMARY });
    },
  },
  {
    title:
      "GetHealthCheckStatus reports the routing control's state (On: Success, Off: Failure)",
    async run(client) {
      const on = expectOk(
        await client.call('route53', 'GetHealthCheckStatus', {
          HealthCheckId: HC_PRIMARY,
        }),
      );
      expect(on.HealthCheckObservations).toHaveLength(3);
      for (const o of on.HealthCheckObservations) {
        expect(o.StatusReport.Status).toMatch(/^Success/);
      }
      const off = expectOk(
        await client.call('route53', 'GetHealthCheckStatus', {
          HealthCheckId: HC_SECONDARY,
        }),
      );
      for (const o of off.HealthCheckObservations) {
        expect(o.StatusReport.Status).toMatch(/^Failure/);
      }
    },
  },
  ...signatureCases('route53', 'GetHostedZone', { Id: ZONE }),
  {
    title: "another account's key on this account's zone -> 403 AccessDenied",
    async run(client) {
      const outcome = await client.call(
        'route53',
        'GetHostedZone',
        { Id: ZONE },
        { auth: 'otherAccount' },
      );
      expectAwsError(client, outcome, {
        code: 'AccessDenied',
        status: 403,
        operation: 'GetHostedZone',
      });
    },
  },
  {
    title:
      'another account lists its own zone only (SDK only: one more list call adds nothing for the CLI)',
    only: 'sdk',
    async run(client) {
      const out = expectOk(
        await client.call(
          'route53',
          'ListHostedZones',
          {},
          { auth: 'otherAccount' },
        ),
      );
      expect(out.HostedZones.map((z: any) => z.Id)).toEqual([
        `/hostedzone/${OTHER_ZONE}`,
      ]);
    },
  },
  {
    title:
      "waitUntilResourceRecordSetsChanged polls through PENDING until INSYNC (SDK only: the SDK's own waiter; the CLI's waits 30 s between polls)",
    only: 'sdk',
    async run(_client, c) {
      const changed = expectOk(
        await c.setup.call(
          'route53',
          'ChangeResourceRecordSets',
          NEW_RECORD_CHANGE,
        ),
      );
      const statuses: string[] = [];
      const { client, done } = advancingAfterEachPoll(c, statuses);
      try {
        const result = await waitUntilResourceRecordSetsChanged(
          { client, minDelay: 1, maxDelay: 1, maxWaitTime: 30 },
          { Id: changed.ChangeInfo.Id },
        );
        expect(result.state).toBe('SUCCESS');
      } finally {
        done();
      }
      expect(statuses).toEqual(['PENDING', 'INSYNC']);
    },
  },
]);
