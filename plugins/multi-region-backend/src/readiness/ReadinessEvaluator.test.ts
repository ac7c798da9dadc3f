import {
  deriveActiveRegion,
  MultiRegionConfig,
  READINESS_CHECK_IDS,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  AlarmState,
  ArcSafetyRule,
  EndpointProbeResult,
} from '@multi-region-failover/plugin-multi-region-node';
import { RegionSnapshot } from '../service/RegionSnapshots';
import { EndpointProbes } from './EndpointProbes';
import { ReadinessEvaluator } from './ReadinessEvaluator';

const ACCOUNT = '111122223333';
const PANEL = `arn:aws:route53-recovery-control::${ACCOUNT}:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a`;
const RC = [
  `${PANEL}/routingcontrol/3c4d5e6f708192a3`,
  `${PANEL}/routingcontrol/4d5e6f708192a3b4`,
];
const HC = [
  '1e0f7a10-0000-4000-8000-000000000003',
  '1e0f7a10-0000-4000-8000-000000000004',
];

function configOf(
  name: string,
  alarms: { primary?: string[]; secondary?: string[] } = {},
  cluster = 'shared-arc',
): MultiRegionConfig {
  return {
    clusterName: cluster,
    controlPanelArn: PANEL,
    accountId: ACCOUNT,
    primary: {
      role: 'primary',
      region: 'us-east-1',
      routingControlArn: RC[0],
      ...(alarms.primary ? { alarmNames: alarms.primary } : {}),
    },
    secondary: {
      role: 'secondary',
      region: 'us-west-2',
      routingControlArn: RC[1],
      ...(alarms.secondary ? { alarmNames: alarms.secondary } : {}),
    },
    dnsName: `${name}.example.com`,
    hostedZoneId: 'Z0EXAMPLE1PUBLIC',
    rtoMinutes: 30,
    appRole: 'service',
  };
}

/** Orders as the example fixture has it: primary On, secondary Off, RECOVERY_CONTROL checks. */
function snapshotOf(config: MultiRegionConfig): RegionSnapshot {
  const states = { primary: 'On', secondary: 'Off' } as const;
  const region = (role: 'primary' | 'secondary', i: 0 | 1) => ({
    role,
    region: config[role].region,
    routingControl: {
      arn: RC[i],
      name: `orders-${role}-rc`,
      state: states[role],
    },
    healthCheck: {
      id: HC[i],
      status: states[role] === 'On' ? 'Healthy' : 'Unhealthy',
      source: 'routing-control',
    } as const,
    dnsRecord: {
      name: config.dnsName,
      type: 'A',
      failover: i === 0 ? 'PRIMARY' : 'SECONDARY',
      healthCheckId: HC[i],
      aliasTarget: `d-${role}.execute-api.${config[role].region}.amazonaws.com.`,
    } as const,
  });
  return {
    regions: {
      primary: region('primary', 0),
      secondary: region('secondary', 1),
    },
    active: deriveActiveRegion(config, {
      primary: { state: 'On' },
      secondary: { state: 'Off' },
    }),
    reading: {
      controlPanelArn: PANEL,
      controls: new Map([
        [RC[0], { name: 'orders-primary-rc', state: 'On' }],
        [RC[1], { name: 'orders-secondary-rc', state: 'Off' }],
      ]),
      readAt: 0,
      endpoint: 'https://a.example/',
      region: 'us-east-1',
    },
    healthConfigs: {
      primary: {
        type: 'RECOVERY_CONTROL',
        routingControlArn: RC[0],
        inverted: false,
        disabled: false,
      },
      secondary: {
        type: 'RECOVERY_CONTROL',
        routingControlArn: RC[1],
        inverted: false,
        disabled: false,
      },
    },
    zone: { refreshedAt: 1 },
  };
}

const allReachable: EndpointProbeResult[] = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'ap-northeast-1',
  'ap-southeast-2',
].map(region => ({
  url: `https://${region}.example/`,
  region,
  reachable: true,
}));

const never = <T>() => new Promise<T>(() => {});

function fakes(
  options: {
    states?: (
      accountId: string,
      region: string,
      names: string[],
      o?: { abortSignal?: AbortSignal },
    ) => Promise<Map<string, AlarmState>>;
    rules?: () => Promise<ArcSafetyRule[]>;
    probe?: () => Promise<EndpointProbeResult[]>;
    deadlineMs?: number;
  } = {},
) {
  const probeEndpoints = jest.fn(options.probe ?? (async () => allReachable));
  const states = jest.fn(
    options.states ??
      (async (_a: string, _r: string, names: string[]) =>
        new Map(
          names.map(n => [n, { name: n, state: 'OK' as const }] as const),
        )),
  );
  const listSafetyRules = jest.fn(options.rules ?? (async () => []));
  const clusters = {
    get: (name: string) =>
      name === 'shared-arc' || name === 'other-arc'
        ? { probeEndpoints }
        : undefined,
  };
  const evaluator = new ReadinessEvaluator({
    clusters,
    alarms: { states },
    controlPlane: { listSafetyRules },
    operations: { lastWaitPeriodStart: async () => undefined },
    logger: { warn: jest.fn() },
    deadlineMs: options.deadlineMs ?? 2_000,
    now: () => Date.parse('2026-12-02T10:00:00.000Z'),
  });
  return { evaluator, probeEndpoints, states, listSafetyRules };
}

const verdicts = (report: { checks: Array<{ id: string; verdict: string }> }) =>
  Object.fromEntries(report.checks.map(c => [c.id, c.verdict]));

describe('ReadinessEvaluator', () => {
  it('evaluates every check in order; alarms only when the target names some', async () => {
    const { evaluator } = fakes();
    const config = configOf('orders');
    const report = await evaluator.evaluate({
      entityRef: 'component:default/orders',
      config,
      snapshot: snapshotOf(config),
      targetRole: 'secondary',
    });
    expect(report.checks.map(c => c.id)).toEqual(
      READINESS_CHECK_IDS.filter(id => id !== 'alarms'),
    );
    expect(report).toMatchObject({
      entityRef: 'component:default/orders',
      targetRegion: 'us-west-2',
      targetRole: 'secondary',
      action: 'failover',
      evaluatedAt: '2026-12-02T10:00:00.000Z',
      summary: {
        verdict: 'pass',
        passed: 6,
        total: 6,
        targetRegion: 'us-west-2',
      },
    });

    const withAlarms = configOf('orders', { secondary: ['orders-5xx'] });
    const full = await evaluator.evaluate({
      entityRef: 'component:default/orders',
      config: withAlarms,
      snapshot: snapshotOf(withAlarms),
      targetRole: 'secondary',
    });
    expect(full.checks.map(c => c.id)).toEqual([...READINESS_CHECK_IDS]);
    expect(full.summary.verdict).toBe('pass');
  });

  it('reads the alarms of the target region in its account, and fails on ALARM', async () => {
    const { evaluator, states } = fakes({
      states: async () =>
        new Map([
          ['orders-5xx', { name: 'orders-5xx', state: 'ALARM' as const }],
        ]),
    });
    const config = configOf('orders', {
      primary: ['orders-east-5xx'],
      secondary: ['orders-5xx'],
    });
    const report = await evaluator.evaluate({
      entityRef: 'component:default/orders',
      config,
      snapshot: snapshotOf(config),
      targetRole: 'secondary',
    });
    expect(states).toHaveBeenCalledWith(
      ACCOUNT,
      'us-west-2',
      ['orders-5xx'],
      expect.objectContaining({ abortSignal: expect.any(AbortSignal) }),
    );
    expect(report.checks.at(-1)).toMatchObject({
      id: 'alarms',
      verdict: 'fail',
      reason: 'In ALARM in us-west-2: "orders-5xx".',
    });
    expect(report.summary).toMatchObject({ verdict: 'fail', failed: 1 });
  });

  it('never waits past its deadline, says which reads did not answer, and aborts them', async () => {
    let aborted: AbortSignal | undefined;
    const { evaluator } = fakes({
      deadlineMs: 20,
      states: (_a, _r, _n, o) => {
        aborted = o?.abortSignal;
        return never();
      },
      rules: never,
      probe: never,
    });
    const config = configOf('orders', { secondary: ['orders-5xx'] });
    const report = await evaluator.evaluate({
      entityRef: 'component:default/orders',
      config,
      snapshot: snapshotOf(config),
      targetRole: 'secondary',
    });
    expect(verdicts(report)).toEqual({
      'target-health': 'pass',
      'routing-control': 'pass',
      'cluster-endpoints': 'warn',
      'safety-rules': 'warn',
      'dns-records': 'pass',
      'record-ttl': 'pass',
      alarms: 'warn',
    });
    expect(report.checks.find(c => c.id === 'alarms')!.reason).toBe(
      'The CloudWatch alarms of us-west-2 did not answer within 20 ms.',
    );
    expect(aborted?.aborted).toBe(true);
  });

  it('never rejects: failed reads become warnings with the error', async () => {
    const { evaluator } = fakes({
      states: async () => {
        throw new Error('AccessDenied: not authorised to DescribeAlarms');
      },
      rules: async () => {
        throw new Error('ThrottlingException: slow down');
      },
      probe: async () => {
        throw new Error('probe bug');
      },
    });
    const config = configOf('orders', { secondary: ['orders-5xx'] });
    const report = await evaluator.evaluate({
      entityRef: 'component:default/orders',
      config,
      snapshot: snapshotOf(config),
      targetRole: 'secondary',
    });
    const reason = (id: string) => report.checks.find(c => c.id === id)!.reason;
    expect(reason('alarms')).toContain('AccessDenied: not authorised');
    expect(reason('safety-rules')).toContain('ThrottlingException: slow down');
    expect(reason('cluster-endpoints')).toContain('probe bug');
  });

  it('never rejects, even on a snapshot it cannot read: every check warns with why', async () => {
    const { evaluator } = fakes();
    const config = configOf('orders', { secondary: ['orders-5xx'] });
    const report = await evaluator.evaluate({
      entityRef: 'component:default/orders',
      config,
      snapshot: {} as RegionSnapshot,
      targetRole: 'secondary',
    });
    expect(report.checks.map(c => c.id)).toEqual([...READINESS_CHECK_IDS]);
    expect(report.checks.every(c => c.verdict === 'warn')).toBe(true);
    expect(report.checks[0].reason).toMatch(/^Could not be evaluated: /);
  });

  it('uses the conditions it is given, and the override makes blocking rules warn', async () => {
    const { evaluator, listSafetyRules } = fakes();
    const config = configOf('orders');
    const rule = { arn: `${PANEL}/safetyrule/1`, name: 'r' } as ArcSafetyRule;
    const report = await evaluator.evaluate({
      entityRef: 'component:default/orders',
      config,
      snapshot: snapshotOf(config),
      targetRole: 'secondary',
      conditions: { blocking: [{ rule, description: 'Rule "r" says no.' }] },
      override: true,
    });
    expect(listSafetyRules).not.toHaveBeenCalled();
    expect(report.checks.find(c => c.id === 'safety-rules')).toMatchObject({
      verdict: 'warn',
      reason: 'Overridden: Rule "r" says no.',
    });
  });

  it('fails the endpoints of a cluster that is not configured', async () => {
    const { evaluator } = fakes();
    const config = configOf('orders', {}, 'nowhere');
    const report = await evaluator.evaluate({
      entityRef: 'component:default/orders',
      config,
      snapshot: snapshotOf(config),
      targetRole: 'secondary',
    });
    expect(verdicts(report)['cluster-endpoints']).toBe('fail');
  });

  it('evaluateMany reads the alarms once per account and region, and probes each cluster once', async () => {
    const { evaluator, states, probeEndpoints } = fakes();
    const inputs = [
      configOf('orders', { secondary: ['orders-5xx'] }),
      configOf('payments', { secondary: ['payments-5xx', 'shared'] }),
      configOf('search', { primary: ['search-east'] }, 'other-arc'),
      configOf('quiet'),
    ].map(config => ({
      entityRef: `component:default/${config.dnsName.split('.')[0]}`,
      config,
      snapshot: snapshotOf(config),
      targetRole: config.dnsName.startsWith('search')
        ? ('primary' as const)
        : ('secondary' as const),
    }));
    const reports = await evaluator.evaluateMany(inputs);
    expect([...reports.keys()].sort()).toEqual([
      'component:default/orders',
      'component:default/payments',
      'component:default/quiet',
      'component:default/search',
    ]);
    expect(
      states.mock.calls.map(([a, r, names]) => [a, r, [...names].sort()]),
    ).toEqual(
      expect.arrayContaining([
        [ACCOUNT, 'us-west-2', ['orders-5xx', 'payments-5xx', 'shared']],
        [ACCOUNT, 'us-east-1', ['search-east']],
      ]),
    );
    expect(states).toHaveBeenCalledTimes(2);
    expect(probeEndpoints).toHaveBeenCalledTimes(2);
    // each report judges only its own alarms
    expect(reports.get('component:default/orders')!.checks.at(-1)!.reason).toBe(
      'The alarm is OK in us-west-2: "orders-5xx".',
    );
    expect(
      reports.get('component:default/quiet')!.checks.map(c => c.id),
    ).not.toContain('alarms');
  });
});

describe('EndpointProbes', () => {
  it('probes again after a probe that found an endpoint unreachable', async () => {
    const oneDown: EndpointProbeResult[] = allReachable.map((r, i) =>
      i === 0 ? { ...r, reachable: false, error: 'connection refused' } : r,
    );
    const probeEndpoints = jest
      .fn<Promise<EndpointProbeResult[]>, []>()
      .mockResolvedValueOnce(oneDown)
      .mockResolvedValue(allReachable);
    const probes = new EndpointProbes(
      { get: () => ({ probeEndpoints }) },
      30_000,
      () => 0,
    );
    expect(await probes.probe('shared-arc')).toBe(oneDown);
    expect(await probes.probe('shared-arc')).toBe(allReachable);
    expect(await probes.probe('shared-arc')).toBe(allReachable);
    expect(probeEndpoints).toHaveBeenCalledTimes(2);
  });

  it('shares one probe between concurrent callers and reuses it for its TTL', async () => {
    let now = 0;
    let resolve!: (r: EndpointProbeResult[]) => void;
    const probeEndpoints = jest.fn(
      () => new Promise<EndpointProbeResult[]>(r => (resolve = r)),
    );
    const probes = new EndpointProbes(
      { get: name => (name === 'shared-arc' ? { probeEndpoints } : undefined) },
      30_000,
      () => now,
    );
    const a = probes.probe('shared-arc');
    const b = probes.probe('shared-arc');
    expect(probeEndpoints).toHaveBeenCalledTimes(1);
    resolve(allReachable);
    expect(await a).toBe(await b);
    now = 29_999;
    await probes.probe('shared-arc');
    expect(probeEndpoints).toHaveBeenCalledTimes(1);
    now = 30_000;
    probes.probe('shared-arc');
    expect(probeEndpoints).toHaveBeenCalledTimes(2);
    expect(probes.probe('nowhere')).toBeUndefined();
  });

  it('probes again after a probe that rejected', async () => {
    const probeEndpoints = jest
      .fn()
      .mockRejectedValueOnce(new Error('bug'))
      .mockResolvedValueOnce(allReachable);
    const probes = new EndpointProbes({ get: () => ({ probeEndpoints }) });
    await expect(probes.probe('shared-arc')).rejects.toThrow('bug');
    expect(await probes.probe('shared-arc')).toBe(allReachable);
    expect(probeEndpoints).toHaveBeenCalledTimes(2);
  });
});
