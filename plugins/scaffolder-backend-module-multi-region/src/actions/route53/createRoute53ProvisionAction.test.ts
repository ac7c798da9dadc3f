import { ConfigReader } from '@backstage/config';
import {
  actionContext,
  configFor,
  Emulator,
  HOSTED_ZONE_ID,
  outputsOf,
  PANEL_PREFIX,
  startTestEmulator,
} from '../../__testUtils__/emulator';
import { createAwsClientFactory } from '../../aws/clients';
import { createRoute53ProvisionAction } from './createRoute53ProvisionAction';

const PANEL = `${PANEL_PREFIX}5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c`;
const input = {
  name: 'inventory',
  dnsName: 'inventory.example.com',
  hostedZoneId: HOSTED_ZONE_ID,
  primaryRegion: 'us-east-1',
  secondaryRegion: 'us-west-2',
  primaryRoutingControlArn: `${PANEL}/routingcontrol/aaaaaaaaaaaaaaa1`,
  secondaryRoutingControlArn: `${PANEL}/routingcontrol/aaaaaaaaaaaaaaa2`,
};

describe('multi-region:route53:provision', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.stop());
  beforeEach(() => {
    emu.reset();
    emu.clearLog();
  });

  const action = () =>
    createRoute53ProvisionAction({
      clients: createAwsClientFactory(configFor(emu)),
    });
  const recordsOf = (name: string) =>
    emu
      .snapshot()
      .hostedZones.find(z => z.Id.endsWith(HOSTED_ZONE_ID))!
      .ResourceRecordSets.filter(r => r.Name === name);
  const route53Calls = (operation: string) =>
    emu
      .requestLog()
      .filter(e => e.service === 'route53' && e.operation === operation);

  it('creates RECOVERY_CONTROL health checks and the two failover alias records', async () => {
    const ctx = actionContext(input);
    await action().handler(ctx);
    const out = outputsOf(ctx);

    const checks = emu.snapshot().healthChecks;
    const primary = checks.find(c => c.Id === out.primaryHealthCheckId)!;
    const secondary = checks.find(c => c.Id === out.secondaryHealthCheckId)!;
    expect(primary.HealthCheckConfig).toMatchObject({
      Type: 'RECOVERY_CONTROL',
      RoutingControlArn: input.primaryRoutingControlArn,
    });
    expect(secondary.HealthCheckConfig).toMatchObject({
      Type: 'RECOVERY_CONTROL',
      RoutingControlArn: input.secondaryRoutingControlArn,
    });

    const records = recordsOf('inventory.example.com.');
    expect(
      records.map(r => [r.SetIdentifier, r.Failover, r.HealthCheckId]).sort(),
    ).toEqual([
      ['1', 'PRIMARY', primary.Id],
      ['2', 'SECONDARY', secondary.Id],
    ]);
    expect(
      records.find(r => r.Failover === 'PRIMARY')?.AliasTarget?.DNSName,
    ).toMatch(/\.execute-api\.us-east-1\.amazonaws\.com\.?$/);
    expect(route53Calls('CreateHealthCheck')[0]).toMatchObject({
      signingRegion: 'us-east-1',
      signingService: 'route53',
    });
  });

  it('is idempotent: a second run reuses the health checks and leaves the records alone', async () => {
    const first = actionContext(input);
    await action().handler(first);
    const second = actionContext(input);
    await action().handler(second);

    expect(outputsOf(second)).toEqual(outputsOf(first));
    expect(route53Calls('CreateHealthCheck')).toHaveLength(2);
    expect(route53Calls('ChangeResourceRecordSets')).toHaveLength(1);
    const bound = emu
      .snapshot()
      .healthChecks.filter(c =>
        c.HealthCheckConfig.RoutingControlArn?.startsWith(PANEL),
      );
    expect(bound).toHaveLength(2);
    expect(recordsOf('inventory.example.com.')).toHaveLength(2);
  });

  it('makes no call in a dry run and outputs placeholder ids', async () => {
    const ctx = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(emu.requestLog()).toEqual([]);
    expect(outputsOf(ctx)).toMatchObject({
      primaryHealthCheckId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      secondaryHealthCheckId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it.each([
    ['legacy.example.com', /not failover records of this pattern/],
    ['taken.example.com', /SetIdentifier "1".*not this service's/],
  ])('refuses to take over the records of %s', async (dnsName, message) => {
    await expect(
      action().handler(actionContext({ ...input, dnsName })),
    ).rejects.toThrow(message);
    expect(route53Calls('ChangeResourceRecordSets')).toEqual([]);
  });

  it('rejects bad input with a clear message', async () => {
    await expect(
      action().handler(
        actionContext({ ...input, secondaryRegion: 'us-east-1' }),
      ),
    ).rejects.toThrow(/both "us-east-1"/);
    await expect(
      action().handler(
        actionContext({
          ...input,
          secondaryRoutingControlArn: input.primaryRoutingControlArn,
        }),
      ),
    ).rejects.toThrow(/same/);
    await expect(
      action().handler(
        actionContext({ ...input, primaryRoutingControlArn: `${PANEL}` }),
      ),
    ).rejects.toThrow(
      /primaryRoutingControlArn .* is not a routing control ARN/,
    );
    expect(emu.requestLog()).toEqual([]);
  });

  it('needs explicit alias targets outside the emulator', async () => {
    const config = new ConfigReader({
      multiRegion: { route53: { endpoint: emu.route53Endpoint } },
    });
    const real = createRoute53ProvisionAction({
      clients: createAwsClientFactory(config),
    });
    await expect(real.handler(actionContext(input))).rejects.toThrow(
      /primaryTarget and secondaryTarget .* required outside the emulator/,
    );
  });
});
