import {
  DnsRecordStatus,
  HealthCheckStatus,
  RegionStatus,
} from '@multi-region-failover/plugin-multi-region-common';
import { ArcSafetyRule } from '@multi-region-failover/plugin-multi-region-node';
import {
  alarmsCheck,
  clusterEndpointsCheck,
  dnsRecordsCheck,
  recordTtlCheck,
  routingControlCheck,
  safetyRulesCheck,
  targetHealthCheck,
} from './checks';

const PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';
const PRIMARY_RC = `${PANEL}/routingcontrol/3c4d5e6f708192a3`;
const SECONDARY_RC = `${PANEL}/routingcontrol/4d5e6f708192a3b4`;
const HC = '1e0f7a10-0000-4000-8000-000000000004';

const config = {
  primary: {
    role: 'primary' as const,
    region: 'us-east-1',
    routingControlArn: PRIMARY_RC,
  },
  secondary: {
    role: 'secondary' as const,
    region: 'us-west-2',
    routingControlArn: SECONDARY_RC,
  },
  dnsName: 'orders.example.com',
  hostedZoneId: 'Z0EXAMPLE1PUBLIC',
};

describe('target-health', () => {
  const control = (
    state: RegionStatus['routingControl']['state'],
  ): RegionStatus['routingControl'] => ({
    arn: SECONDARY_RC,
    name: 'orders-secondary-rc',
    state,
  });
  const health = (
    status: HealthCheckStatus['status'],
    extra: Partial<HealthCheckStatus> = {},
  ): HealthCheckStatus => ({ id: HC, status, ...extra });
  const rc = (
    extra: Partial<{ inverted: boolean; disabled: boolean }> = {},
  ) => ({
    type: 'RECOVERY_CONTROL',
    routingControlArn: SECONDARY_RC,
    inverted: false,
    disabled: false,
    ...extra,
  });
  const check = (
    h: HealthCheckStatus,
    state: RegionStatus['routingControl']['state'],
    settings?:
      | ReturnType<typeof rc>
      | { type: string; inverted: boolean; disabled: boolean },
  ) =>
    targetHealthCheck({
      role: 'secondary',
      region: 'us-west-2',
      control: control(state),
      health: h,
      settings,
    });

  it('passes a RECOVERY_CONTROL check that is Unhealthy only because its control is Off', () => {
    expect(check(health('Unhealthy'), 'Off', rc())).toEqual({
      id: 'target-health',
      title: 'Target health check',
      verdict: 'pass',
      reason: `Health check ${HC} is Unhealthy only because routing control "orders-secondary-rc" is Off; it turns healthy when the change sets it On.`,
    });
  });

  it('passes a Healthy check, quoting the checkers', () => {
    const c = check(
      health('Healthy', { healthyObservations: 3, totalObservations: 3 }),
      'Off',
      { type: 'HTTPS', inverted: false, disabled: false },
    );
    expect(c.verdict).toBe('pass');
    expect(c.reason).toBe(
      `Health check ${HC} is Healthy (3 of 3 checkers healthy).`,
    );
  });

  it('fails without a health check on the target record', () => {
    const c = check({ status: 'Unknown', error: 'No health check' }, 'Off');
    expect(c.verdict).toBe('fail');
    expect(c.reason).toContain(
      'The SECONDARY record (us-west-2) has no health check',
    );
  });

  it('fails when Route 53 has no such health check', () => {
    const c = check(
      health('Unknown', {
        error: `NoSuchHealthCheck: A health check with id ${HC} does not exist.`,
      }),
      'Off',
    );
    expect(c.verdict).toBe('fail');
    expect(c.reason).toMatch(
      /^Route 53 has no health check .*NoSuchHealthCheck/,
    );
  });

  it('fails a check bound to another routing control, naming both ARNs', () => {
    const c = check(health('Unhealthy'), 'Off', {
      ...rc(),
      routingControlArn: PRIMARY_RC,
    });
    expect(c.verdict).toBe('fail');
    expect(c.reason).toContain(`follows routing control ${PRIMARY_RC}`);
    expect(c.reason).toContain(
      `not the secondary routing control ${SECONDARY_RC}`,
    );
  });

  it('fails an inverted check, Healthy as it may be now', () => {
    const c = check(health('Healthy'), 'Off', rc({ inverted: true }));
    expect(c.verdict).toBe('fail');
    expect(c.reason).toContain(
      'is inverted: it turns Unhealthy when the change sets',
    );
  });

  it('fails a check Unhealthy although its control is On', () => {
    const c = check(health('Unhealthy'), 'On', rc());
    expect(c.verdict).toBe('fail');
    expect(c.reason).toContain(
      'Unhealthy although routing control "orders-secondary-rc" is On',
    );
  });

  it('fails a check of another type that Route 53 sees Unhealthy', () => {
    const c = check(
      health('Unhealthy', { healthyObservations: 0, totalObservations: 3 }),
      'Off',
      { type: 'HTTPS', inverted: false, disabled: false },
    );
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe(
      `Route 53 sees health check ${HC} (HTTPS) Unhealthy (0 of 3 checkers healthy): traffic moved to us-west-2 would not stay there.`,
    );
  });

  it('warns while the status is Unknown, with why', () => {
    const c = check(
      health('Unknown', { error: 'Not read by the Route 53 refresher yet.' }),
      'Off',
      rc(),
    );
    expect(c.verdict).toBe('warn');
    expect(c.reason).toBe(
      `Health check ${HC} is Unknown: Not read by the Route 53 refresher yet.`,
    );
  });

  it('warns about a disabled check: it does not follow the control', () => {
    const c = check(health('Healthy'), 'Off', rc({ disabled: true }));
    expect(c.verdict).toBe('warn');
    expect(c.reason).toContain('is disabled');
    expect(c.reason).toContain('does not follow the control');
  });

  it('warns when Unhealthy with its control Off but its configuration not listed yet', () => {
    const c = check(health('Unhealthy'), 'Off');
    expect(c.verdict).toBe('warn');
    expect(c.reason).toContain('configuration has not been listed yet');
  });
});

describe('routing-control', () => {
  it('passes a control that was read, saying its state', () => {
    expect(
      routingControlCheck({
        arn: SECONDARY_RC,
        name: 'orders-secondary-rc',
        state: 'Off',
      }),
    ).toMatchObject({
      id: 'routing-control',
      title: 'Target routing control',
      verdict: 'pass',
      reason:
        'Routing control "orders-secondary-rc" reads Off; the change sets it On.',
    });
  });

  it('fails an unreadable control with the error', () => {
    const c = routingControlCheck({
      arn: SECONDARY_RC,
      state: 'Unknown',
      error: 'https://a.example (us-east-1): timeout after 500 ms',
    });
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe(
      `The state of routing control ${SECONDARY_RC} could not be read: https://a.example (us-east-1): timeout after 500 ms`,
    );
  });

  it('fails a control ARC is still deploying', () => {
    const c = routingControlCheck({
      arn: SECONDARY_RC,
      name: 'orders-secondary-rc',
      state: 'Unknown',
      deployment: 'PENDING',
    });
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe(
      'ARC is still deploying routing control "orders-secondary-rc" (PENDING).',
    );
  });
});

describe('cluster-endpoints', () => {
  const results = (reachable: number) =>
    [
      'us-east-1',
      'us-west-2',
      'eu-west-1',
      'ap-northeast-1',
      'ap-southeast-2',
    ].map((region, i) => ({
      url: `https://host-${i}.example/`,
      region,
      reachable: i < reachable,
      ...(i < reachable ? { latencyMs: 12 } : { error: 'ECONNREFUSED' }),
    }));

  it('passes when every endpoint answers', () => {
    const c = clusterEndpointsCheck('shared-arc', { results: results(5) });
    expect(c).toMatchObject({
      id: 'cluster-endpoints',
      title: 'ARC cluster endpoints',
      verdict: 'pass',
      reason: '5 of 5 endpoints of ARC cluster "shared-arc" reachable.',
    });
  });

  it('warns with 3 or 4 of 5, naming the unreachable ones and why', () => {
    const c = clusterEndpointsCheck('shared-arc', { results: results(3) });
    expect(c.verdict).toBe('warn');
    expect(c.reason).toBe(
      '3 of 5 endpoints of ARC cluster "shared-arc" reachable; unreachable: https://host-3.example/ (ap-northeast-1): ECONNREFUSED; https://host-4.example/ (ap-southeast-2): ECONNREFUSED.',
    );
  });

  it('fails with fewer than 3', () => {
    const c = clusterEndpointsCheck('shared-arc', { results: results(2) });
    expect(c.verdict).toBe('fail');
    expect(c.reason).toMatch(
      /^Only 2 of 5 endpoints .* \(ARC needs 3\); unreachable: /,
    );
  });

  it('fails for a cluster that is not configured', () => {
    expect(clusterEndpointsCheck('gone', { unconfigured: true }).verdict).toBe(
      'fail',
    );
  });

  it('warns when the probe did not answer in time', () => {
    const c = clusterEndpointsCheck('shared-arc', { timedOutAfterMs: 3000 });
    expect(c.verdict).toBe('warn');
    expect(c.reason).toBe(
      'The endpoints of ARC cluster "shared-arc" did not answer within 3000 ms.',
    );
  });
});

describe('safety-rules', () => {
  const rule: ArcSafetyRule = {
    arn: `${PANEL}/safetyrule/a0a0a0a0a0a0a0a2`,
    name: 'orders-at-least-one-on',
    type: 'assertion',
    config: { type: 'ATLEAST', threshold: 1, inverted: false },
  } as ArcSafetyRule;
  const blocking = [
    {
      rule,
      description:
        'Assertion rule "orders-at-least-one-on" requires at least 1 On of a, b after the change; the change would leave 0 On.',
    },
  ];
  const check = (
    conditions: Parameters<typeof safetyRulesCheck>[0] extends infer T
      ? T extends { conditions: infer C }
        ? Partial<C>
        : never
      : never,
    override = false,
    evaluable = true,
  ) =>
    safetyRulesCheck({
      conditions: { blocking: [], ...conditions },
      evaluable,
      override,
    });

  it('passes when nothing blocks and no wait period runs', () => {
    expect(check({})).toMatchObject({
      id: 'safety-rules',
      title: 'Safety rules',
      verdict: 'pass',
    });
  });

  it('fails with the blocking rules, and warns instead when they are overridden', () => {
    const failed = check({ blocking });
    expect(failed.verdict).toBe('fail');
    expect(failed.reason).toBe(blocking[0].description);
    const overridden = check({ blocking }, true);
    expect(overridden.verdict).toBe('warn');
    expect(overridden.reason).toBe(`Overridden: ${blocking[0].description}`);
  });

  it('fails while ARC is deploying', () => {
    const c = check({
      deployment: {
        state: 'deploying',
        message: 'ARC is still deploying …',
        resources: [
          {
            kind: 'safety-rule',
            arn: rule.arn,
            name: rule.name,
            status: 'PENDING',
          },
        ],
      },
    });
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe(
      'ARC is still deploying orders-at-least-one-on (PENDING).',
    );
  });

  it('warns with the remaining seconds of a wait period', () => {
    const c = check({
      waitPeriod: {
        endsAt: '2026-12-02T10:00:42.000Z',
        remainingSeconds: 42,
        message: '…',
        explanation: '…',
        rules: [{ arn: rule.arn, name: rule.name, waitPeriodMs: 60_000 }],
        basis: 'portal-change',
        since: '2026-12-02T09:59:42.000Z',
      },
    });
    expect(c.verdict).toBe('warn');
    expect(c.reason).toBe(
      'The wait period of "orders-at-least-one-on" ends in 42 s.',
    );
  });

  it('warns when the rules could not be read, or not evaluated', () => {
    const c = safetyRulesCheck({ error: 'AccessDeniedException: no' });
    expect(c.verdict).toBe('warn');
    expect(c.reason).toBe(
      "The control panel's safety rules could not be read: AccessDeniedException: no",
    );
    expect(check({}, false, false).verdict).toBe('warn');
  });
});

describe('dns-records', () => {
  const record = (
    failover: 'PRIMARY' | 'SECONDARY',
    extra: Partial<DnsRecordStatus> = {},
  ): DnsRecordStatus => ({
    name: 'orders.example.com',
    type: 'A',
    failover,
    healthCheckId: failover === 'PRIMARY' ? 'hc-1' : 'hc-2',
    aliasTarget:
      failover === 'PRIMARY'
        ? 'd-primaryorders.execute-api.us-east-1.amazonaws.com.'
        : 'd-secondaryorders.execute-api.us-west-2.amazonaws.com.',
    ...extra,
  });
  const read = { refreshedAt: 1 };
  const check = (
    primary: DnsRecordStatus | undefined,
    secondary: DnsRecordStatus | undefined,
    zone: { refreshedAt?: number; error?: string } = read,
  ) =>
    dnsRecordsCheck({
      config,
      regions: {
        primary: { dnsRecord: primary },
        secondary: { dnsRecord: secondary },
      },
      zone,
    });

  it('passes both records, each with a health check, in their regions', () => {
    const c = check(record('PRIMARY'), record('SECONDARY'));
    expect(c).toMatchObject({
      id: 'dns-records',
      title: 'Failover records',
      verdict: 'pass',
    });
    expect(c.reason).toBe(
      'PRIMARY → d-primaryorders.execute-api.us-east-1.amazonaws.com, SECONDARY → d-secondaryorders.execute-api.us-west-2.amazonaws.com, each with a health check.',
    );
  });

  it('fails a missing record, saying which', () => {
    const c = check(record('PRIMARY'), undefined);
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe(
      'No SECONDARY failover record at orders.example.com in zone Z0EXAMPLE1PUBLIC.',
    );
  });

  it('fails a record without a health check', () => {
    const c = check(
      record('PRIMARY'),
      record('SECONDARY', { healthCheckId: undefined }),
    );
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe('The SECONDARY record has no health check.');
  });

  it('fails records pointing at the same target', () => {
    const c = check(
      record('PRIMARY', { aliasTarget: 'shared.example.net.' }),
      record('SECONDARY', { aliasTarget: 'shared.example.net' }),
    );
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe('Both records point at shared.example.net.');
  });

  it("fails a target in another region than the role's", () => {
    const c = check(
      record('PRIMARY'),
      record('SECONDARY', {
        aliasTarget: 'd-secondaryorders.execute-api.us-east-1.amazonaws.com.',
      }),
    );
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe(
      'The SECONDARY record points at d-secondaryorders.execute-api.us-east-1.amazonaws.com in us-east-1, but the secondary region is us-west-2.',
    );
  });

  it('warns while the zone has not been read, or its refresh failed', () => {
    const unread = check(undefined, undefined, {});
    expect(unread.verdict).toBe('warn');
    expect(unread.reason).toBe(
      'No PRIMARY record of orders.example.com known: the Route 53 refresher has not read zone Z0EXAMPLE1PUBLIC yet.',
    );
    const failed = check(record('PRIMARY'), record('SECONDARY'), {
      refreshedAt: 1,
      error: 'Throttling: Rate exceeded',
    });
    expect(failed.verdict).toBe('warn');
    expect(failed.reason).toContain('failed: Throttling: Rate exceeded');
  });
});

describe('record-ttl', () => {
  const plain = (ttl: number): DnsRecordStatus => ({
    name: 'orders.example.com',
    type: 'A',
    failover: 'PRIMARY',
    values: ['192.0.2.1'],
    ttl,
  });
  const alias: DnsRecordStatus = {
    name: 'orders.example.com',
    type: 'A',
    failover: 'SECONDARY',
    aliasTarget: 'd-x.execute-api.us-west-2.amazonaws.com.',
  };

  it('passes within the RTO, saying both numbers', () => {
    const c = recordTtlCheck({ rtoMinutes: 5, records: [plain(60), alias] });
    expect(c).toMatchObject({
      id: 'record-ttl',
      title: 'Record TTL',
      verdict: 'pass',
    });
    expect(c.reason).toBe(
      'TTL 60 s + 60 s health-check allowance = 120 s, within the RTO of 5 min (300 s).',
    );
  });

  it('warns when TTL and allowance exceed the RTO', () => {
    const c = recordTtlCheck({ rtoMinutes: 5, records: [plain(300), alias] });
    expect(c.verdict).toBe('warn');
    expect(c.reason).toBe(
      'TTL 300 s + 60 s health-check allowance = 360 s, more than the RTO of 5 min (300 s).',
    );
  });

  it("takes an alias record's TTL as its target's, 60 s, and says so", () => {
    const c = recordTtlCheck({ rtoMinutes: 1, records: [alias] });
    expect(c.verdict).toBe('warn');
    expect(c.reason).toContain(
      "TTL 60 s (alias record: its target's TTL, 60 s for API Gateway) + 60 s",
    );
  });

  it('passes without an RTO, saying there is none', () => {
    const c = recordTtlCheck({ records: [plain(3600)] });
    expect(c.verdict).toBe('pass');
    expect(c.reason).toBe(
      'No RTO set (multi-region-failover.io/rto-minutes), nothing to compare; TTL 3600 s.',
    );
  });

  it('warns with an RTO but no record to read a TTL from', () => {
    expect(recordTtlCheck({ rtoMinutes: 5, records: [] }).verdict).toBe('warn');
  });
});

describe('alarms', () => {
  const states = (
    entries: Array<[string, 'OK' | 'ALARM' | 'INSUFFICIENT_DATA']>,
  ) => new Map(entries.map(([name, state]) => [name, { name, state }]));

  it('passes when every alarm is OK', () => {
    expect(
      alarmsCheck({
        region: 'us-west-2',
        names: ['orders-5xx', 'orders-capacity'],
        states: states([
          ['orders-5xx', 'OK'],
          ['orders-capacity', 'OK'],
        ]),
      }),
    ).toEqual({
      id: 'alarms',
      title: 'CloudWatch alarms',
      verdict: 'pass',
      reason:
        'All 2 alarms are OK in us-west-2: "orders-5xx", "orders-capacity".',
    });
  });

  it('fails naming the alarms in ALARM and those not found', () => {
    const c = alarmsCheck({
      region: 'us-west-2',
      names: ['orders-5xx', 'orders-capacity', 'orders-typo'],
      states: states([
        ['orders-5xx', 'ALARM'],
        ['orders-capacity', 'OK'],
      ]),
    });
    expect(c.verdict).toBe('fail');
    expect(c.reason).toBe(
      'In ALARM in us-west-2: "orders-5xx". Not found in us-west-2: "orders-typo".',
    );
  });

  it('warns on INSUFFICIENT_DATA', () => {
    const c = alarmsCheck({
      region: 'us-west-2',
      names: ['orders-5xx'],
      states: states([['orders-5xx', 'INSUFFICIENT_DATA']]),
    });
    expect(c.verdict).toBe('warn');
    expect(c.reason).toBe('INSUFFICIENT_DATA: "orders-5xx".');
  });

  it('warns when the alarms could not be read, with the error', () => {
    const c = alarmsCheck({
      region: 'us-west-2',
      names: ['orders-5xx'],
      states: { error: 'AccessDenied: cloudwatch:DescribeAlarms' },
    });
    expect(c.verdict).toBe('warn');
    expect(c.reason).toBe(
      'The CloudWatch alarms of us-west-2 could not be read: AccessDenied: cloudwatch:DescribeAlarms',
    );
  });
});
