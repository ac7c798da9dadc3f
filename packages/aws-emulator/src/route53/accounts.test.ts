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
  Route53Client,
} from '@aws-sdk/client-route-53';
import { startEmulator, Emulator } from '..';
import { manualClock } from '../__testUtils__/clients';
import {
  ACCOUNT_B,
  HC_A,
  HC_B,
  ZONE_A,
  ZONE_B,
  accountClient,
  twoAccountFixture,
} from './__testUtils__/twoAccounts';

async function expectAccessDenied(request: Promise<unknown>, resource: string) {
  const error: any = await request.then(
    () => undefined,
    e => e,
  );
  expect(error?.name).toBe('AccessDenied');
  expect(error.$metadata.httpStatusCode).toBe(403);
  expect(error.message).toMatch(
    new RegExp(
      `^User: arn:aws:iam::${ACCOUNT_B}:root is not authorized to perform: route53:\\w+ on resource: arn:aws:route53:::${resource}$`,
    ),
  );
}

// A key of one account cannot see or touch another account's hosted zones
// and health checks: lists leave them out, named access is AccessDenied.
describe('Route 53 account isolation', () => {
  let emu: Emulator;
  let a: Route53Client;
  let b: Route53Client;
  // Starts at the real time: signatures are dated by the SDK's clock.
  const clock = manualClock(Date.now());

  beforeAll(async () => {
    emu = await startEmulator({
      fixture: twoAccountFixture(),
      clock: clock.now,
      route53RequestsPerSecond: 0,
    });
    a = accountClient(emu.route53Endpoint, 'A');
    b = accountClient(emu.route53Endpoint, 'B');
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  it("lists only the caller's zones and health checks", async () => {
    const zonesOf = async (client: Route53Client) =>
      (await client.send(new ListHostedZonesCommand({}))).HostedZones!.map(
        z => z.Id,
      );
    expect(await zonesOf(a)).toEqual([`/hostedzone/${ZONE_A}`]);
    expect(await zonesOf(b)).toEqual([`/hostedzone/${ZONE_B}`]);
    const byName = await b.send(new ListHostedZonesByNameCommand({}));
    expect(byName.HostedZones!.map(z => z.Name)).toEqual(['second.example.']);

    const checksOf = async (client: Route53Client) =>
      (await client.send(new ListHealthChecksCommand({}))).HealthChecks!.map(
        hc => hc.Id,
      );
    expect(await checksOf(b)).toEqual([HC_B]);
    expect(await checksOf(a)).toHaveLength(6);
    expect(await checksOf(a)).not.toContain(HC_B);
  });

  it("answers AccessDenied (403) for another account's zone and changes nothing", async () => {
    await expectAccessDenied(
      b.send(new GetHostedZoneCommand({ Id: ZONE_A })),
      `hostedzone/${ZONE_A}`,
    );
    await expectAccessDenied(
      b.send(new ListResourceRecordSetsCommand({ HostedZoneId: ZONE_A })),
      `hostedzone/${ZONE_A}`,
    );
    await expectAccessDenied(
      b.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: ZONE_A,
          ChangeBatch: {
            Changes: [
              {
                Action: 'CREATE',
                ResourceRecordSet: {
                  Name: 'evil.example.com',
                  Type: 'A',
                  TTL: 60,
                  ResourceRecords: [{ Value: '192.0.2.66' }],
                },
              },
            ],
          },
        }),
      ),
      `hostedzone/${ZONE_A}`,
    );
    const records = await a.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: ZONE_A }),
    );
    expect(records.ResourceRecordSets).toHaveLength(6);
    expect(emu.requestLog().find(e => e.status === 403)).toMatchObject({
      operation: 'GetHostedZone',
      accessKeyId: 'AKIDSECONDACCOUNT',
      errorCode: 'AccessDenied',
    });
  });

  it("answers AccessDenied for another account's health check, and cannot delete it", async () => {
    await expectAccessDenied(
      b.send(new GetHealthCheckCommand({ HealthCheckId: HC_A })),
      `healthcheck/${HC_A}`,
    );
    await expectAccessDenied(
      b.send(new GetHealthCheckStatusCommand({ HealthCheckId: HC_A })),
      `healthcheck/${HC_A}`,
    );
    await expectAccessDenied(
      b.send(new DeleteHealthCheckCommand({ HealthCheckId: HC_A })),
      `healthcheck/${HC_A}`,
    );
    const still = await a.send(
      new GetHealthCheckCommand({ HealthCheckId: HC_A }),
    );
    expect(still.HealthCheck!.Id).toBe(HC_A);
  });

  it("does not let a record use another account's health check", async () => {
    const error = await b
      .send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: ZONE_B,
          ChangeBatch: {
            Changes: [
              {
                Action: 'CREATE',
                ResourceRecordSet: {
                  Name: 'api.second.example',
                  Type: 'A',
                  SetIdentifier: 'primary',
                  Failover: 'PRIMARY',
                  TTL: 60,
                  ResourceRecords: [{ Value: '192.0.2.20' }],
                  HealthCheckId: HC_A,
                },
              },
            ],
          },
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('NoSuchHealthCheck');
  });

  it('keeps CallerReferences per account and creates checks in the caller account', async () => {
    // Accounts A and B both have a check with CallerReference
    // orders-primary, with different configs: each account's are its own.
    const again = await b.send(
      new CreateHealthCheckCommand({
        CallerReference: 'orders-primary',
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: 'www.second.example',
          Port: 443,
        },
      }),
    );
    expect(again.HealthCheck!.Id).toBe(HC_B);

    const created = await a.send(
      new CreateHealthCheckCommand({
        CallerReference: 'second-account-only',
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: 'x.example.com',
        },
      }),
    );
    const fromB = await b.send(
      new CreateHealthCheckCommand({
        CallerReference: 'second-account-only',
        HealthCheckConfig: {
          Type: 'HTTPS',
          FullyQualifiedDomainName: 'x.example.com',
        },
      }),
    );
    expect(fromB.HealthCheck!.Id).not.toBe(created.HealthCheck!.Id);
    expect(
      emu.snapshot().healthChecks.find(hc => hc.Id === fromB.HealthCheck!.Id)
        ?.AccountId,
    ).toBe(ACCOUNT_B);
    await expectAccessDenied(
      b.send(
        new GetHealthCheckCommand({ HealthCheckId: created.HealthCheck!.Id }),
      ),
      `healthcheck/${created.HealthCheck!.Id}`,
    );
  });

  it('knows no change of another account (NoSuchChange)', async () => {
    const change = await a.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: ZONE_A,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: 'mine.example.com',
                Type: 'A',
                TTL: 60,
                ResourceRecords: [{ Value: '192.0.2.1' }],
              },
            },
          ],
        },
      }),
    );
    const error = await b
      .send(new GetChangeCommand({ Id: change.ChangeInfo!.Id }))
      .catch(e => e);
    expect(error.name).toBe('NoSuchChange');
    expect(error.$metadata.httpStatusCode).toBe(404);
    const mine = await a.send(
      new GetChangeCommand({ Id: change.ChangeInfo!.Id }),
    );
    expect(mine.ChangeInfo!.Status).toBe('PENDING');
  });
});
