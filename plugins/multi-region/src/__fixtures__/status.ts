import {
  EntityStatusResponse,
  FailoverPlan,
  Operation,
  OperationStep,
  ReadinessCheck,
  READINESS_CHECK_TITLES,
  ReadinessCheckId,
  ReadinessReport,
  ReadinessVerdict,
  RegionStatus,
  summariseReadiness,
} from '@multi-region-failover/plugin-multi-region-common';

const PANEL =
  'arn:aws:route53-recovery-control::111122223333:controlpanel/1b2c3d4e5f60718293a4b5c6d7e8f90a';
export const ORDERS_REF = 'component:default/orders';
export const PRIMARY_RC = `${PANEL}/routingcontrol/3c4d5e6f708192a3`;
export const SECONDARY_RC = `${PANEL}/routingcontrol/4d5e6f708192a3b4`;
export const NOW = '2030-01-15T03:00:00.000Z';

// RECOVERY_CONTROL health checks are healthy exactly when their control is On.
const HEALTH_FOR_STATE = {
  On: 'Healthy',
  Off: 'Unhealthy',
  Unknown: 'Unknown',
} as const;

function region(
  role: 'primary' | 'secondary',
  state: 'On' | 'Off' | 'Unknown',
  error?: string,
): RegionStatus {
  const isPrimary = role === 'primary';
  const regionCode = isPrimary ? 'us-east-1' : 'us-west-2';
  const healthCheckId = `1e0f7a10-0000-4000-8000-00000000000${
    isPrimary ? 3 : 4
  }`;
  return {
    role,
    region: regionCode,
    routingControl: {
      arn: isPrimary ? PRIMARY_RC : SECONDARY_RC,
      name: `orders-${role}-rc`,
      state,
      error,
      readAt: NOW,
    },
    healthCheck: {
      id: healthCheckId,
      status: HEALTH_FOR_STATE[state],
      healthyObservations: state === 'On' ? 16 : 0,
      totalObservations: 16,
      observedAt: NOW,
    },
    dnsRecord: {
      name: 'orders.example.com.',
      type: 'A',
      setIdentifier: isPrimary ? '1' : '2',
      failover: isPrimary ? 'PRIMARY' : 'SECONDARY',
      healthCheckId,
      aliasTarget: `d-${role}orders.execute-api.${regionCode}.amazonaws.com.`,
    },
  };
}

export function operation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: 'op-1',
    entityRef: ORDERS_REF,
    action: 'failover',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    reason: 'us-east-1 API Gateway 5xx storm',
    actor: 'user:default/alice',
    source: 'portal',
    overrideSafetyRules: false,
    status: 'succeeded',
    steps: steps('done', 'done', 'done', 'done'),
    createdAt: '2030-01-15T02:10:00.000Z',
    updatedAt: '2030-01-15T02:11:30.000Z',
    completedAt: '2030-01-15T02:11:30.000Z',
    dnsFollowedAfterMs: 84000,
    ...overrides,
  };
}

export function steps(...statuses: OperationStep['status'][]): OperationStep[] {
  const names: OperationStep['name'][] = [
    'authorised',
    'routing-controls-updated',
    'health-checks-observed',
    'dns-answering',
  ];
  return names.map((name, i) => ({ name, status: statuses[i] ?? 'pending' }));
}

/** One readiness check as the backend words it. */
export function check(
  id: ReadinessCheckId,
  verdict: ReadinessVerdict,
  reason: string,
): ReadinessCheck {
  return { id, title: READINESS_CHECK_TITLES[id], verdict, reason };
}

/** The six checks of a failover to us-west-2 (no alarms named), all passing. */
export const passingChecks: ReadinessCheck[] = [
  check(
    'target-health',
    'pass',
    'Health check 1e0f7a10-0000-4000-8000-000000000004 follows routing control orders-secondary-rc, which is Off: it turns Healthy when this change sets it On.',
  ),
  check('routing-control', 'pass', 'orders-secondary-rc read: Off.'),
  check('cluster-endpoints', 'pass', '5 of 5 cluster endpoints reachable.'),
  check('safety-rules', 'pass', 'No safety rule blocks this change.'),
  check(
    'dns-records',
    'pass',
    'PRIMARY (us-east-1) and SECONDARY (us-west-2) records present, each with a health check.',
  ),
  check(
    'record-ttl',
    'pass',
    'Alias record: TTL 60 s (API Gateway) + 60 s health-check allowance = 2 min, within the 15 min RTO.',
  ),
];

export const failingTargetHealth = check(
  'target-health',
  'fail',
  "Health check 1e0f7a10-0000-4000-8000-000000000004 is bound to routing control orders-primary-rc, not the target's orders-secondary-rc.",
);

export const warningEndpoints = check(
  'cluster-endpoints',
  'warn',
  '4 of 5 cluster endpoints reachable; ap-southeast-2 timed out after 800 ms.',
);

export const failingAlarm = check(
  'alarms',
  'fail',
  'orders-5xx-us-west-2 is in ALARM.',
);

/** `passingChecks` with these checks in place of the ones of the same id (or added). */
export function withChecks(...changed: ReadinessCheck[]): ReadinessCheck[] {
  const byId = new Map(passingChecks.map(c => [c.id, c]));
  for (const c of changed) byId.set(c.id, c);
  return [...byId.values()];
}

/** A readiness report of orders, by default a failover to us-west-2 that passes. */
export function readinessReport(
  overrides: Partial<
    Pick<ReadinessReport, 'targetRegion' | 'targetRole' | 'action' | 'checks'>
  > & { evaluatedAt?: string } = {},
): ReadinessReport {
  const targetRegion = overrides.targetRegion ?? 'us-west-2';
  const checks = overrides.checks ?? passingChecks;
  const evaluatedAt = overrides.evaluatedAt ?? '2030-01-15T02:55:00.000Z';
  return {
    entityRef: ORDERS_REF,
    targetRegion,
    targetRole: overrides.targetRole ?? 'secondary',
    action: overrides.action ?? 'failover',
    checks,
    summary: summariseReadiness(checks, targetRegion, evaluatedAt),
    evaluatedAt,
  };
}

const allowed = { canFailover: true, canOverrideSafetyRules: false };

export const primaryActiveStatus: EntityStatusResponse = {
  entityRef: ORDERS_REF,
  primaryRegion: 'us-east-1',
  secondaryRegion: 'us-west-2',
  dnsName: 'orders.example.com',
  rtoMinutes: 15,
  regions: {
    primary: region('primary', 'On'),
    secondary: region('secondary', 'Off'),
  },
  active: {
    certainty: 'known',
    activeRole: 'primary',
    activeRegion: 'us-east-1',
    explanation: 'Primary routing control On, secondary Off.',
    degraded: false,
    unreadable: [],
  },
  lastChange: operation({
    action: 'failback',
    fromRegion: 'us-west-2',
    toRegion: 'us-east-1',
    reason: 'Quarterly DR drill complete',
    actor: 'user:default/bob',
  }),
  permissions: allowed,
  readOnly: false,
  fetchedAt: NOW,
  readiness: readinessReport(),
};

export const secondaryActiveStatus: EntityStatusResponse = {
  ...primaryActiveStatus,
  regions: {
    primary: region('primary', 'Off'),
    secondary: region('secondary', 'On'),
  },
  active: {
    certainty: 'known',
    activeRole: 'secondary',
    activeRegion: 'us-west-2',
    explanation:
      'Primary routing control Off, secondary On: traffic is failed over.',
    degraded: false,
    unreadable: [],
  },
  activeSince: '2030-01-15T02:11:30.000Z',
  lastChange: operation(),
  readiness: readinessReport({
    targetRegion: 'us-east-1',
    targetRole: 'primary',
    action: 'failback',
  }),
};

/** Both controls Off, as ARC creates them: the primary answers by fallback. */
export const bothOffStatus: EntityStatusResponse = {
  ...primaryActiveStatus,
  regions: {
    primary: region('primary', 'Off'),
    secondary: region('secondary', 'Off'),
  },
  active: {
    certainty: 'known',
    activeRole: 'primary',
    activeRegion: 'us-east-1',
    explanation:
      'Both routing controls are Off; Route 53 answers with the primary because the secondary is unhealthy too.',
    degraded: true,
    unreadable: [],
  },
  lastChange: undefined,
};

const TIMEOUTS =
  'all 5 cluster endpoints failed: us-east-1 timeout after 800 ms, us-west-2 connection refused, eu-west-1 timeout, ap-northeast-1 timeout, ap-southeast-2 timeout';

export const unknownStatus: EntityStatusResponse = {
  ...primaryActiveStatus,
  regions: {
    primary: region('primary', 'Unknown', TIMEOUTS),
    secondary: region('secondary', 'On'),
  },
  active: {
    certainty: 'unknown',
    reason: `primary routing control unreadable (${TIMEOUTS}). The readable state does not decide which region Route 53 answers with.`,
    unreadable: ['primary'],
  },
};

const DEPLOYING =
  'ARC is still deploying control panel orders-panel, routing control orders-secondary-rc (status PENDING). Their routing-control states are not readable and no failover is possible until ARC reports them DEPLOYED, usually within minutes; this is expected right after the service was created or its safety rules changed.';

/** A freshly scaffolded service: ARC has not deployed the secondary routing control yet. */
export const deployingStatus: EntityStatusResponse = {
  ...primaryActiveStatus,
  regions: {
    primary: region('primary', 'Off'),
    secondary: {
      ...region('secondary', 'Unknown'),
      routingControl: {
        arn: SECONDARY_RC,
        name: 'orders-secondary-rc',
        state: 'Unknown',
        deployment: 'PENDING',
      },
    },
  },
  active: {
    certainty: 'unknown',
    reason:
      'secondary routing control unreadable (ARC is still deploying it (PENDING)). The readable state does not decide which region Route 53 answers with.',
    unreadable: ['secondary'],
  },
  lastChange: undefined,
  readiness: undefined,
  deployment: {
    state: 'deploying',
    message: DEPLOYING,
    resources: [
      {
        kind: 'control-panel',
        arn: PANEL,
        name: 'orders-panel',
        status: 'PENDING',
      },
      {
        kind: 'routing-control',
        arn: SECONDARY_RC,
        name: 'orders-secondary-rc',
        status: 'PENDING',
      },
    ],
  },
};

export const deducedStatus: EntityStatusResponse = {
  ...primaryActiveStatus,
  regions: {
    primary: region('primary', 'On'),
    secondary: region('secondary', 'Unknown', TIMEOUTS),
  },
  active: {
    certainty: 'deduced',
    activeRole: 'primary',
    activeRegion: 'us-east-1',
    explanation:
      'Primary routing control is On, which alone makes Route 53 answer with the primary; the secondary could not be read.',
    degraded: false,
    unreadable: ['secondary'],
  },
};

export const readOnlyStatus: EntityStatusResponse = {
  ...primaryActiveStatus,
  readOnly: true,
  permissions: {
    canFailover: false,
    canOverrideSafetyRules: false,
    failoverDeniedReason:
      'The multi-region plugin is in read-only mode (multiRegion.readOnly).',
  },
};

export const notPermittedStatus: EntityStatusResponse = {
  ...primaryActiveStatus,
  permissions: {
    canFailover: false,
    canOverrideSafetyRules: false,
    failoverDeniedReason:
      'You do not have the multi-region.failover.execute permission on component:default/orders (owned by group:default/team-orders).',
  },
};

export function plan(overrides: Partial<FailoverPlan> = {}): FailoverPlan {
  return {
    entityRef: ORDERS_REF,
    action: 'failover',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    currentActive: primaryActiveStatus.active!,
    changes: [
      {
        role: 'secondary',
        region: 'us-west-2',
        routingControlArn: SECONDARY_RC,
        routingControlName: 'orders-secondary-rc',
        from: 'Off',
        to: 'On',
      },
      {
        role: 'primary',
        region: 'us-east-1',
        routingControlArn: PRIMARY_RC,
        routingControlName: 'orders-primary-rc',
        from: 'On',
        to: 'Off',
      },
    ],
    targetHealth: {
      id: '1e0f7a10-0000-4000-8000-000000000004',
      status: 'Unhealthy',
    },
    blockingSafetyRules: [],
    permissions: allowed,
    readOnly: false,
    noop: false,
    readiness: readinessReport(),
    ...overrides,
  };
}

export const blockingRule = {
  arn: `${PANEL}/safetyrule/a0a0a0a0a0a0a0a2`,
  name: 'orders-at-least-one-on',
  type: 'assertion' as const,
  description:
    'At least 1 of orders-primary-rc, orders-secondary-rc must be On',
};
