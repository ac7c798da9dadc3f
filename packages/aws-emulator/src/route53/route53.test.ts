import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  DeleteHealthCheckCommand,
  GetChangeCommand,
  GetHealthCheckCommand,
  GetHealthCheckStatusCommand,
  GetHostedZoneCommand,
  ListHealthChecksCommand,
  ListHostedZonesByNameCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { UpdateRoutingControlStatesCommand } from '@aws-sdk/client-route53-recovery-cluster';
import { startEmulator, Emulator } from '..';
import {
  EXAMPLE_FIXTURE,
  ORDERS_PRIMARY,
  ORDERS_SECONDARY,
  clusterClient,
  manualClock,
  route53Client,
  signedRawRequest,
} from '../__testUtils__/clients';

const ZONE = 'Z0EXAMPLE1PUBLIC';
const HC_ORDERS_PRIMARY = '1e0f7a10-0000-4000-8000-000000000003';
const HC_ORDERS_SECONDARY = '1e0f7a10-0000-4000-8000-000000000004';

// Over 400 lines: every Route 53 operation shares this one emulator setup
// (manual clock, 30 s propagation delay, signatures verified), which a split
// would repeat. Malformed requests and unknown routes are in
// badRequests.test.ts; changes and listing order in changes.test.ts.
describe('Route 53 over the real SDK', () => {
  let emu: Emulator;
  let client: ReturnType<typeof route53Client>;
  // Starts at the real time: the SDK dates its signatures with its own clock,
  // and the emulator refuses them more than 5 minutes off its clock.
  const clock = manualClock(Date.now());

  beforeAll(async () => {
    emu = await startEmulator({
      fixture: EXAMPLE_FIXTURE,
      clock: clock.now,
      route53PropagationDelayMs: 30_000,
      // Throttling has its own tests (throttling.test.ts).
      route53RequestsPerSecond: 0,
    });
    client = route53Client(emu.route53Endpoint);
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.reset();
    clock.advance(1_000);
  });

  it('lists and describes the hosted zone', async () => {
    const zones = await client.send(new ListHostedZonesCommand({}));
    expect(zones.HostedZones).toEqual([
      {
        Id: `/hostedzone/${ZONE}`,
        Name: 'example.com.',
        CallerReference: ZONE,
        Config: {
          Comment: 'Example organisation public zone',
          PrivateZone: false,
        },
        ResourceRecordSetCount: 6,
      },
    ]);
    expect(zones.IsTruncated).toBe(false);
    const byName = await client.send(
      new ListHostedZonesByNameCommand({ DNSName: 'example.com' }),
    );
    expect(byName.HostedZones!.map(z => z.Id)).toEqual([`/hostedzone/${ZONE}`]);
    expect(byName.DNSName).toBe('example.com.');
    // The SDK strips the /hostedzone/ prefix before building the path.
    const zone = await client.send(
      new GetHostedZoneCommand({ Id: `/hostedzone/${ZONE}` }),
    );
    expect(zone.HostedZone!.Name).toBe('example.com.');
    expect(zone.DelegationSet!.NameServers).toHaveLength(4);
    expect(emu.requestLog().pop()).toMatchObject({
      operation: 'GetHostedZone',
      signingService: 'route53',
      signingRegion: 'us-east-1',
    });
  });

  it('lists failover records in Route 53 order and paginates with Next* markers', async () => {
    const all = await client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: ZONE }),
    );
    expect(
      all.ResourceRecordSets!.map(r => `${r.Name} ${r.SetIdentifier}`),
    ).toEqual([
      'api.example.com. 1',
      'api.example.com. 2',
      'orders.example.com. 1',
      'orders.example.com. 2',
      'payments.example.com. 1',
      'payments.example.com. 2',
    ]);
    expect(all.ResourceRecordSets![2]).toEqual({
      Name: 'orders.example.com.',
      Type: 'A',
      SetIdentifier: '1',
      Failover: 'PRIMARY',
      AliasTarget: {
        HostedZoneId: 'Z1UJRXOUMOOFQ8',
        DNSName: 'd-primaryorders.execute-api.us-east-1.amazonaws.com.',
        EvaluateTargetHealth: false,
      },
      HealthCheckId: HC_ORDERS_PRIMARY,
    });

    const seen: string[] = [];
    let request: {
      StartRecordName?: string;
      StartRecordType?: any;
      StartRecordIdentifier?: string;
    } = {};
    let pages = 0;
    for (;;) {
      const page = await client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: ZONE,
          MaxItems: 4,
          ...request,
        }),
      );
      pages++;
      seen.push(
        ...page.ResourceRecordSets!.map(r => `${r.Name} ${r.SetIdentifier}`),
      );
      if (!page.IsTruncated) break;
      expect(page).toMatchObject({
        NextRecordName: 'payments.example.com.',
        NextRecordType: 'A',
        NextRecordIdentifier: '1',
      });
      request = {
        StartRecordName: page.NextRecordName,
        StartRecordType: page.NextRecordType,
        StartRecordIdentifier: page.NextRecordIdentifier,
      };
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(
      all.ResourceRecordSets!.map(r => `${r.Name} ${r.SetIdentifier}`),
    );

    const fromName = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: ZONE,
        StartRecordName: 'orders.example.com',
        MaxItems: 1,
      }),
    );
    expect(fromName.ResourceRecordSets![0].Name).toBe('orders.example.com.');
    expect(fromName.NextRecordIdentifier).toBe('2');
  });

  it('applies change batches atomically and reports InvalidChangeBatch', async () => {
    const record: ResourceRecordSet = {
      Name: 'status.example.com.',
      Type: 'CNAME',
      TTL: 60,
      ResourceRecords: [{ Value: 'api.example.com' }],
    };
    const bad = await client
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: ZONE,
          ChangeBatch: {
            Changes: [
              { Action: 'CREATE', ResourceRecordSet: record },
              {
                Action: 'CREATE',
                ResourceRecordSet: {
                  Name: 'api.example.com.',
                  Type: 'A',
                  SetIdentifier: '1',
                  Failover: 'PRIMARY',
                  AliasTarget: {
                    HostedZoneId: 'Z1',
                    DNSName: 'x.example.net.',
                    EvaluateTargetHealth: false,
                  },
                },
              },
            ],
          },
        }),
      )
      .catch(e => e);
    expect(bad.name).toBe('InvalidChangeBatch');
    expect(bad.$metadata.httpStatusCode).toBe(400);
    expect(bad.message).toContain(
      "Tried to create resource record set [name='api.example.com.', type='A', set-identifier='1'] but it already exists",
    );
    let list = await client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: ZONE }),
    );
    expect(list.ResourceRecordSets).toHaveLength(6);

    const ok = await client.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: `/hostedzone/${ZONE}`,
        ChangeBatch: {
          Comment: 'add status',
          Changes: [{ Action: 'UPSERT', ResourceRecordSet: record }],
        },
      }),
    );
    expect(ok.ChangeInfo).toMatchObject({
      Status: 'PENDING',
      Comment: 'add status',
    });
    clock.advance(30_000);
    const change = await client.send(
      new GetChangeCommand({ Id: ok.ChangeInfo!.Id }),
    );
    expect(change.ChangeInfo!.Status).toBe('INSYNC');
    list = await client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: ZONE }),
    );
    expect(list.ResourceRecordSets!.map(r => r.Name)).toContain(
      'status.example.com.',
    );

    const mismatch = await client
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: ZONE,
          ChangeBatch: {
            Changes: [
              { Action: 'DELETE', ResourceRecordSet: { ...record, TTL: 300 } },
            ],
          },
        }),
      )
      .catch(e => e);
    expect(mismatch.message).toContain('do not match the current values');
    await client.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: ZONE,
        ChangeBatch: {
          Changes: [{ Action: 'DELETE', ResourceRecordSet: record }],
        },
      }),
    );
    list = await client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: ZONE }),
    );
    expect(list.ResourceRecordSets).toHaveLength(6);
  });

  it('describes RECOVERY_CONTROL health checks with their RoutingControlArn', async () => {
    const { HealthCheck } = await client.send(
      new GetHealthCheckCommand({ HealthCheckId: HC_ORDERS_SECONDARY }),
    );
    expect(HealthCheck).toMatchObject({
      Id: HC_ORDERS_SECONDARY,
      CallerReference: 'orders-secondary',
      HealthCheckVersion: 1,
      HealthCheckConfig: {
        Type: 'RECOVERY_CONTROL',
        RoutingControlArn: ORDERS_SECONDARY,
        Inverted: false,
        Disabled: false,
      },
    });
    const list = await client.send(
      new ListHealthChecksCommand({ MaxItems: 4 }),
    );
    expect(list.HealthChecks).toHaveLength(4);
    expect(list.IsTruncated).toBe(true);
    const rest = await client.send(
      new ListHealthChecksCommand({ Marker: list.NextMarker }),
    );
    expect(rest.HealthChecks).toHaveLength(2);
    expect(rest.IsTruncated).toBe(false);
  });

  it('returns NoSuchHealthCheck as an XML error document the SDK parses', async () => {
    const error = await client
      .send(new GetHealthCheckCommand({ HealthCheckId: 'does-not-exist' }))
      .catch(e => e);
    expect(error.name).toBe('NoSuchHealthCheck');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain('does-not-exist');

    const raw = await signedRawRequest(
      `${emu.route53Endpoint}/2013-04-01/healthcheck/does-not-exist`,
      { service: 'route53', region: 'us-east-1' },
    );
    expect(raw.status).toBe(404);
    expect(raw.headers['content-type']).toBe('text/xml');
    expect(raw.body).toMatch(
      /<ErrorResponse xmlns="https:\/\/route53\.amazonaws\.com\/doc\/2013-04-01\/"><Error><Type>Sender<\/Type><Code>NoSuchHealthCheck<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
    );
  });

  it('derives health status from the routing control, after the propagation delay', async () => {
    const status = async (id: string) => {
      const { HealthCheckObservations } = await client.send(
        new GetHealthCheckStatusCommand({ HealthCheckId: id }),
      );
      expect(HealthCheckObservations).toHaveLength(3);
      return HealthCheckObservations!.map(
        o => o.StatusReport!.Status!.split(':')[0],
      );
    };
    expect(await status(HC_ORDERS_PRIMARY)).toEqual([
      'Success',
      'Success',
      'Success',
    ]);
    expect(await status(HC_ORDERS_SECONDARY)).toEqual([
      'Failure',
      'Failure',
      'Failure',
    ]);

    await clusterClient(emu.clusterEndpoints[0]).send(
      new UpdateRoutingControlStatesCommand({
        UpdateRoutingControlStateEntries: [
          { RoutingControlArn: ORDERS_PRIMARY, RoutingControlState: 'Off' },
          { RoutingControlArn: ORDERS_SECONDARY, RoutingControlState: 'On' },
        ],
      }),
    );
    clock.advance(29_999);
    expect(await status(HC_ORDERS_PRIMARY)).toEqual([
      'Success',
      'Success',
      'Success',
    ]);
    clock.advance(1);
    expect(await status(HC_ORDERS_PRIMARY)).toEqual([
      'Failure',
      'Failure',
      'Failure',
    ]);
    expect(await status(HC_ORDERS_SECONDARY)).toEqual([
      'Success',
      'Success',
      'Success',
    ]);
    const { HealthCheckObservations } = await client.send(
      new GetHealthCheckStatusCommand({ HealthCheckId: HC_ORDERS_SECONDARY }),
    );
    expect(HealthCheckObservations![0]).toMatchObject({
      Region: 'us-east-1',
      StatusReport: {
        Status: 'Success: Routing control state is On',
        CheckedTime: new Date(clock.now()),
      },
    });
  });

  it('creates an inverted RECOVERY_CONTROL check idempotently and deletes a check that records still use', async () => {
    const create = () =>
      client.send(
        new CreateHealthCheckCommand({
          CallerReference: 'inverted-orders-primary',
          HealthCheckConfig: {
            Type: 'RECOVERY_CONTROL',
            RoutingControlArn: ORDERS_PRIMARY,
            Inverted: true,
          },
        }),
      );
    const first = await create();
    const second = await create();
    expect(second.HealthCheck!.Id).toBe(first.HealthCheck!.Id);
    expect(first.Location).toContain(
      `/2013-04-01/healthcheck/${first.HealthCheck!.Id}`,
    );
    const { HealthCheckObservations } = await client.send(
      new GetHealthCheckStatusCommand({ HealthCheckId: first.HealthCheck!.Id }),
    );
    expect(HealthCheckObservations![0].StatusReport!.Status).toMatch(
      /^Failure: Routing control state is On/,
    );

    const missingArn = await client
      .send(
        new CreateHealthCheckCommand({
          CallerReference: 'x',
          HealthCheckConfig: { Type: 'RECOVERY_CONTROL' },
        }),
      )
      .catch(e => e);
    expect(missingArn.name).toBe('InvalidInput');

    await client.send(
      new DeleteHealthCheckCommand({ HealthCheckId: first.HealthCheck!.Id }),
    );
    const gone = await client
      .send(new GetHealthCheckCommand({ HealthCheckId: first.HealthCheck!.Id }))
      .catch(e => e);
    expect(gone.name).toBe('NoSuchHealthCheck');
    // A deleted check's CallerReference is refused, whatever the config.
    const again = await create().catch(e => e);
    expect(again.name).toBe('HealthCheckAlreadyExists');
    expect(again.$metadata.httpStatusCode).toBe(409);

    // Route 53 does not prevent deleting a check that records use (AWS API
    // reference, DeleteHealthCheck); the records keep the id.
    const deleted = await client.send(
      new DeleteHealthCheckCommand({ HealthCheckId: HC_ORDERS_PRIMARY }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    const afterDelete = [
      await client
        .send(new GetHealthCheckCommand({ HealthCheckId: HC_ORDERS_PRIMARY }))
        .catch(e => e),
      await client
        .send(
          new GetHealthCheckStatusCommand({ HealthCheckId: HC_ORDERS_PRIMARY }),
        )
        .catch(e => e),
    ];
    for (const error of afterDelete) {
      expect(error.name).toBe('NoSuchHealthCheck');
      expect(error.$metadata.httpStatusCode).toBe(404);
    }
    const { ResourceRecordSets } = await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: ZONE,
        StartRecordName: 'orders.example.com',
        MaxItems: 1,
      }),
    );
    expect(ResourceRecordSets![0].HealthCheckId).toBe(HC_ORDERS_PRIMARY);
  });

  it('considers a disabled check healthy whatever its routing control, and unhealthy when also inverted', async () => {
    // ORDERS_SECONDARY is Off: an enabled check of it would be unhealthy
    const create = (name: string, Inverted: boolean) =>
      client.send(
        new CreateHealthCheckCommand({
          CallerReference: name,
          HealthCheckConfig: {
            Type: 'RECOVERY_CONTROL',
            RoutingControlArn: ORDERS_SECONDARY,
            Disabled: true,
            Inverted,
          },
        }),
      );
    const status = async (id: string) => {
      const { HealthCheckObservations } = await client.send(
        new GetHealthCheckStatusCommand({ HealthCheckId: id }),
      );
      return HealthCheckObservations!.map(o => o.StatusReport!.Status);
    };
    const disabled = (await create('disabled', false)).HealthCheck!;
    const both = (await create('disabled-inverted', true)).HealthCheck!;
    expect(disabled.HealthCheckConfig).toMatchObject({
      Disabled: true,
      Inverted: false,
    });
    expect(await status(disabled.Id!)).toEqual(
      Array(3).fill(
        'Success: Health check is disabled; Route 53 considers it healthy',
      ),
    );
    // the API reference: to stop routing to a disabled check's resource,
    // invert it
    expect(await status(both.Id!)).toEqual(
      Array(3).fill(
        'Failure: Health check is disabled; Route 53 considers it healthy (health check is inverted)',
      ),
    );
  });

  it('works with an endpoint that ends in a slash; refuses a client built for another region', async () => {
    const slashed = route53Client(`${emu.route53Endpoint}/`);
    const zones = await slashed.send(new ListHostedZonesCommand({}));
    expect(zones.HostedZones).toHaveLength(1);
    expect(emu.requestLog().pop()).toMatchObject({
      operation: 'ListHostedZones',
      status: 200,
    });

    const wrong = route53Client(emu.route53Endpoint, 'eu-west-1');
    const error = await wrong
      .send(new ListHostedZonesCommand({}))
      .catch(e => e);
    // With a custom endpoint the SDK signs with the client's region, so a wrong region shows here.
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(emu.requestLog().pop()).toMatchObject({
      signingService: 'route53',
      signingRegion: 'eu-west-1',
      status: 403,
      errorCode: 'SignatureDoesNotMatch',
    });
  });
});
