import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  ResourceRecordSet,
  waitUntilResourceRecordSetsChanged,
} from '@aws-sdk/client-route-53';
import { startEmulator, Emulator } from '..';
import {
  EXAMPLE_FIXTURE,
  manualClock,
  route53Client,
} from '../__testUtils__/clients';

const ZONE = 'Z0EXAMPLE1PUBLIC';

function aRecord(name: string, value = '192.0.2.1'): ResourceRecordSet {
  return {
    Name: name,
    Type: 'A',
    TTL: 60,
    ResourceRecords: [{ Value: value }],
  };
}

// Record changes (PENDING -> INSYNC on the emulator's clock, the SDK waiter)
// and Route 53's listing order over the real SDK.
describe('Route 53 record changes and listing order', () => {
  let emu: Emulator;
  let client: ReturnType<typeof route53Client>;
  // Starts at the real time: signatures are dated by the SDK's clock.
  const clock = manualClock(Date.now());

  beforeAll(async () => {
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      clock: clock.now,
      route53ChangeDelayMs: 2000,
      // Throttling has its own tests (throttling.test.ts).
      route53RequestsPerSecond: 0,
    });
    client = route53Client(emu.route53Endpoint);
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  const change = (
    Changes: Array<{
      Action: 'CREATE' | 'UPSERT' | 'DELETE';
      ResourceRecordSet: ResourceRecordSet;
    }>,
  ) =>
    client.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: ZONE,
        ChangeBatch: { Changes },
      }),
    );

  it('answers PENDING, then GetChange turns INSYNC once the change delay has passed', async () => {
    const submitted = await change([
      { Action: 'CREATE', ResourceRecordSet: aRecord('new.example.com') },
    ]);
    expect(submitted.ChangeInfo).toMatchObject({
      Status: 'PENDING',
      SubmittedAt: new Date(clock.now()),
    });
    expect(submitted.ChangeInfo!.Id).toMatch(/^\/change\/C[0-9A-F]{20}$/);
    const status = async () =>
      (
        await client.send(
          new GetChangeCommand({ Id: submitted.ChangeInfo!.Id }),
        )
      ).ChangeInfo!.Status;
    expect(await status()).toBe('PENDING');
    clock.advance(1999);
    expect(await status()).toBe('PENDING');
    clock.advance(1);
    expect(await status()).toBe('INSYNC');
    // The record is listed at once: Route 53 lists the current version even while PENDING.
  });

  it('answers PENDING even when the change delay is 0; the next GetChange says INSYNC', async () => {
    const quick = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      clock: clock.now,
      route53ChangeDelayMs: 0,
    });
    try {
      const quickClient = route53Client(quick.route53Endpoint);
      const submitted = await quickClient.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: ZONE,
          ChangeBatch: {
            Changes: [
              { Action: 'CREATE', ResourceRecordSet: aRecord('x.example.com') },
            ],
          },
        }),
      );
      expect(submitted.ChangeInfo!.Status).toBe('PENDING');
      const got = await quickClient.send(
        new GetChangeCommand({ Id: submitted.ChangeInfo!.Id }),
      );
      expect(got.ChangeInfo!.Status).toBe('INSYNC');
    } finally {
      await quick.stop();
    }
  });

  it('lets the SDK waiter waitUntilResourceRecordSetsChanged succeed', async () => {
    const seen: string[] = [];
    // Time passes for the emulator only when the client has seen PENDING:
    // half the change delay per poll, so the waiter must poll three times.
    client.middlewareStack.add(
      (next, context) => async args => {
        const result: any = await next(args);
        if (context.commandName === 'GetChangeCommand') {
          const status = result.output.ChangeInfo.Status;
          seen.push(status);
          if (status === 'PENDING') clock.advance(1000);
        }
        return result;
      },
      { step: 'initialize', name: 'advanceEmulatorClock' },
    );
    try {
      const submitted = await change([
        { Action: 'UPSERT', ResourceRecordSet: aRecord('wait.example.com') },
      ]);
      const result = await waitUntilResourceRecordSetsChanged(
        { client, maxWaitTime: 60, minDelay: 0.01, maxDelay: 0.01 },
        { Id: submitted.ChangeInfo!.Id },
      );
      expect(result.state).toBe('SUCCESS');
      expect(seen).toEqual(['PENDING', 'PENDING', 'INSYNC']);
    } finally {
      client.middlewareStack.remove('advanceEmulatorClock');
    }
  });

  it('answers NoSuchChange (404) for an unknown change id', async () => {
    const error = await client
      .send(new GetChangeCommand({ Id: '/change/C0000000000000000000' }))
      .catch(e => e);
    expect(error.name).toBe('NoSuchChange');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(emu.requestLog().pop()).toMatchObject({
      operation: 'GetChange',
      status: 404,
      errorCode: 'NoSuchChange',
    });
  });

  it('refuses a record naming a health check that does not exist with NoSuchHealthCheck', async () => {
    const error = await change([
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          ...aRecord('hc.example.com'),
          SetIdentifier: 'one',
          Failover: 'PRIMARY',
          HealthCheckId: 'no-such-check',
        },
      },
    ]).catch(e => e);
    expect(error.name).toBe('NoSuchHealthCheck');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.message).toContain('no-such-check');
  });

  it('lists records in Route 53 order: reversed labels with the trailing dot, case-insensitive, * as \\052', async () => {
    await change(
      [
        'a.example.com',
        'A-B.example.com',
        'A.B.example.com',
        '*.example.com',
        '*.a.example.com',
        '1.example.com',
        '10.example.com',
        '9.example.com',
        '_dmarc.example.com',
      ].map(name => ({ Action: 'CREATE', ResourceRecordSet: aRecord(name) })),
    );
    await change([
      {
        Action: 'CREATE',
        ResourceRecordSet: {
          Name: 'a.example.com',
          Type: 'TXT',
          TTL: 60,
          ResourceRecords: [{ Value: '"v"' }],
        },
      },
    ]);
    const expected = [
      '\\052.example.com. A',
      '1.example.com. A',
      '10.example.com. A',
      '9.example.com. A',
      '_dmarc.example.com. A',
      'a-b.example.com. A',
      'a.example.com. A',
      'a.example.com. TXT',
      '\\052.a.example.com. A',
      'api.example.com. A 1',
      'api.example.com. A 2',
      'a.b.example.com. A',
      'orders.example.com. A 1',
      'orders.example.com. A 2',
      'payments.example.com. A 1',
      'payments.example.com. A 2',
    ];
    const label = (r: ResourceRecordSet) =>
      [r.Name, r.Type, r.SetIdentifier].filter(Boolean).join(' ');
    const all = await client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: ZONE }),
    );
    expect(all.ResourceRecordSets!.map(label)).toEqual(expected);

    // Paging one record at a time with the Next* tokens follows the same order.
    const paged: string[] = [];
    let start: {
      StartRecordName?: string;
      StartRecordType?: any;
      StartRecordIdentifier?: string;
    } = {};
    for (;;) {
      const page = await client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: ZONE,
          MaxItems: 1,
          ...start,
        }),
      );
      paged.push(...page.ResourceRecordSets!.map(label));
      if (!page.IsTruncated) break;
      start = {
        StartRecordName: page.NextRecordName,
        StartRecordType: page.NextRecordType,
        StartRecordIdentifier: page.NextRecordIdentifier,
      };
    }
    expect(paged).toEqual(expected);

    // A start name matches however it is spelled.
    const from = async (StartRecordName: string, StartRecordType?: any) =>
      (
        await client.send(
          new ListResourceRecordSetsCommand({
            HostedZoneId: ZONE,
            StartRecordName,
            StartRecordType,
            MaxItems: 1,
          }),
        )
      ).ResourceRecordSets!.map(label)[0];
    expect(await from('*.example.com')).toBe('\\052.example.com. A');
    expect(await from('\\052.example.com.')).toBe('\\052.example.com. A');
    expect(await from('A-B.EXAMPLE.COM')).toBe('a-b.example.com. A');
    expect(await from('a.example.com', 'TXT')).toBe('a.example.com. TXT');
    expect(await from('a.example.com', 'CNAME')).toBe('a.example.com. TXT');
    // Not a record: the first one after it.
    expect(await from('2.example.com')).toBe('9.example.com. A');
  });

  it('treats *, \\052 and upper case as the same record name in changes', async () => {
    await change([
      { Action: 'CREATE', ResourceRecordSet: aRecord('*.Example.com') },
    ]);
    const duplicate = await change([
      { Action: 'CREATE', ResourceRecordSet: aRecord('\\052.example.com.') },
    ]).catch(e => e);
    expect(duplicate.name).toBe('InvalidChangeBatch');
    expect(duplicate.message).toContain(
      "Tried to create resource record set [name='\\052.example.com.', type='A'] but it already exists",
    );
    await change([
      { Action: 'DELETE', ResourceRecordSet: aRecord('\\052.EXAMPLE.com') },
    ]);
    const { ResourceRecordSets } = await client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: ZONE }),
    );
    expect(ResourceRecordSets).toHaveLength(6);
  });

  it('refuses an unknown StartRecordType with InvalidInput', async () => {
    const error = await client
      .send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: ZONE,
          StartRecordName: 'a.example.com',
          StartRecordType: 'BOGUS' as any,
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('InvalidInput');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});
