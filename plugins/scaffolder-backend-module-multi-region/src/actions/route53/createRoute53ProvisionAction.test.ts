import { EMULATOR_CREDENTIALS } from '@multi-region-failover/aws-emulator';
import { JsonObject } from '@backstage/types';
import {
  actionContext,
  completeChangesOnceRead,
  configFor,
  Emulator,
  HOSTED_ZONE_ID,
  outputsOf,
  PANEL_PREFIX,
  PLACEHOLDER_ALIAS_TARGETS,
  SteerableClock,
  trace,
  useTestEmulator,
  whenLogged,
} from '../../__testUtils__/emulator';
import { createRoute53ProvisionAction } from './createRoute53ProvisionAction';

// Route 53 requests are paced to 5 per second, as in production.
jest.setTimeout(20_000);

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

/** The Route 53 requests the emulator saw, throttled ones included. */
const route53Requests = (emu: Emulator) =>
  emu.requestLog().filter(e => e.service === 'route53');

describe('multi-region:route53:provision', () => {
  const env = useTestEmulator();

  /** The action of a portal without API Gateway domains, like the dev portal. */
  const action = () =>
    createRoute53ProvisionAction({
      config: configFor(env.emu, PLACEHOLDER_ALIAS_TARGETS),
      aws: env.aws,
    });
  const recordsOf = (name: string) =>
    env.emu
      .snapshot()
      .hostedZones.find(z => z.Id.endsWith(HOSTED_ZONE_ID))!
      .ResourceRecordSets.filter(r => r.Name === name);
  const route53Calls = (operation: string) =>
    env.emu
      .requestLog()
      .filter(e => e.service === 'route53' && e.operation === operation);

  it('creates RECOVERY_CONTROL health checks and the two failover alias records', async () => {
    const ctx = actionContext(input);
    await action().handler(ctx);
    const out = outputsOf(ctx);

    const checks = env.emu.snapshot().healthChecks;
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
      accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
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
    const bound = env.emu
      .snapshot()
      .healthChecks.filter(c =>
        c.HealthCheckConfig.RoutingControlArn?.startsWith(PANEL),
      );
    expect(bound).toHaveLength(2);
    expect(recordsOf('inventory.example.com.')).toHaveLength(2);
  });

  it.each([['CreateHealthCheck'], ['ChangeResourceRecordSets'], ['GetChange']])(
    'retries a throttled %s (400 Throttling) within the Route 53 budget and succeeds',
    async operation => {
      await env.emu.setFault('route53', 'throttle', {
        operations: [operation],
      });
      // the throttling ends once it has refused one request
      const throttled = whenLogged(
        env.emu,
        e => e.errorCode === 'Throttling',
      ).then(() => env.emu.clearFaults());
      const grantsBefore = env.aws.route53Budget.count;
      const ctx = actionContext(input);
      await action().handler(ctx);
      await throttled;

      const attempts = route53Calls(operation);
      expect(attempts[0]).toMatchObject({
        status: 400,
        errorCode: 'Throttling',
      });
      expect(attempts[attempts.length - 1].status).toBeLessThan(300);
      expect(recordsOf('inventory.example.com.')).toHaveLength(2);
      // every request, retries and polls included, took a token of the budget
      expect(env.aws.route53Budget.count - grantsBefore).toBe(
        route53Requests(env.emu).length,
      );
    },
  );

  it('makes no call in a dry run and outputs placeholder ids', async () => {
    const ctx = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(env.emu.requestLog()).toEqual([]);
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
      /primaryRoutingControlArn ".*" names a controlpanel, not a routingcontrol/,
    );
    await expect(
      action().handler(
        actionContext({ ...input, secondaryRoutingControlArn: 'rc-2' }),
      ),
    ).rejects.toThrow(
      /secondaryRoutingControlArn "rc-2" is not a routingcontrol ARN: it /,
    );
    expect(env.emu.requestLog()).toEqual([]);
  });

  it('needs explicit alias targets unless placeholder targets are configured', async () => {
    const withoutPlaceholders = createRoute53ProvisionAction({
      config: configFor(env.emu),
      aws: env.aws,
    });
    const error = await withoutPlaceholders
      .handler(actionContext(input))
      .catch(e => e);
    expect(error).toMatchObject({ name: 'InputError' });
    expect(error.message).toMatch(
      /primaryTarget and secondaryTarget .* are required unless multiRegionScaffolder\.route53\.placeholderAliasTargets is set/,
    );
    expect(env.emu.requestLog()).toEqual([]);
  });

  it('aliases the targets the template gives, with or without placeholder targets', async () => {
    const targets = {
      primaryTarget: {
        dnsName: 'd-abc123.execute-api.us-east-1.amazonaws.com',
        hostedZoneId: 'Z1UJRXOUMOOFQ8',
      },
      secondaryTarget: {
        dnsName: 'd-def456.execute-api.us-west-2.amazonaws.com',
        hostedZoneId: 'Z2OJLYMUO9EFXC',
      },
    };
    const real = createRoute53ProvisionAction({
      config: configFor(env.emu),
      aws: env.aws,
    });
    await real.handler(actionContext({ ...input, ...targets }));
    await action().handler(
      actionContext({ ...input, dnsName: 'other.example.com', ...targets }),
    );

    for (const name of ['inventory.example.com.', 'other.example.com.']) {
      const aliases = recordsOf(name)
        .map(r => [
          r.Failover,
          r.AliasTarget?.DNSName,
          r.AliasTarget?.HostedZoneId,
        ])
        .sort();
      expect(aliases).toEqual([
        [
          'PRIMARY',
          expect.stringMatching(
            /^d-abc123\.execute-api\.us-east-1\.amazonaws\.com\.?$/,
          ),
          'Z1UJRXOUMOOFQ8',
        ],
        [
          'SECONDARY',
          expect.stringMatching(
            /^d-def456\.execute-api\.us-west-2\.amazonaws\.com\.?$/,
          ),
          'Z2OJLYMUO9EFXC',
        ],
      ]);
    }
  });
});

describe('multi-region:route53:provision, waiting for the change to be INSYNC', () => {
  // Long enough that no change is INSYNC unless the test moves the clock.
  const DELAY = 20_000;
  const clock = new SteerableClock();
  const env = useTestEmulator({
    route53ChangeDelayMs: DELAY,
    clock: clock.now,
  });
  // back to real time before the emulator is reset for the next test
  afterEach(() => clock.reset());

  /** The action of a portal like the dev portal, polling as `changeWait` says. */
  const action = (changeWait: JsonObject = {}) =>
    createRoute53ProvisionAction({
      config: configFor(env.emu, {
        multiRegionScaffolder: {
          route53: { placeholderAliasTargets: true, changeWait },
        },
      }),
      aws: env.aws,
    });
  /** The statuses of the record change the action logged. */
  const statuses = (logged: string[]) =>
    logged.filter(m => m.startsWith('Route 53 change '));

  it('polls GetChange, within the budget, until the change is INSYNC before it finishes', async () => {
    const stop = completeChangesOnceRead(env.emu, clock, DELAY);
    const grantsBefore = env.aws.route53Budget.count;
    const ctx = actionContext(input);
    try {
      await action().handler(ctx);
    } finally {
      stop();
    }

    expect(trace(env.emu.requestLog(), 'route53', DELAY).slice(-3)).toEqual([
      'ChangeResourceRecordSets',
      'GetChange PENDING',
      'GetChange INSYNC',
    ]);
    expect(statuses(ctx.logged())).toEqual([
      expect.stringMatching(
        /^Route 53 change \S+ \(failover records of inventory\.example\.com\): PENDING$/,
      ),
      expect.stringMatching(/^Route 53 change \S+ \(.*\): INSYNC$/),
    ]);
    expect(env.aws.route53Budget.count - grantsBefore).toBe(
      route53Requests(env.emu).length,
    );
  });

  it('fails the step with an error naming the change when it is not INSYNC within maxWaitSeconds', async () => {
    // nobody moves the clock: the change stays PENDING for DELAY ms
    const slow = action({ maxWaitSeconds: 1 });
    await expect(slow.handler(actionContext(input))).rejects.toThrow(
      /^Route 53 change \S+ \(failover records of inventory\.example\.com\) is still PENDING after 1 s \(multiRegionScaffolder\.route53\.changeWait\.maxWaitSeconds\)\. Run the template again later/,
    );
  });
});
