/** Reports as the builders make them, for the renderers' unit tests. */
import {
  Drill,
  Operation,
  OrganisationReportRow,
  ServiceSummary,
} from '@multi-region-failover/plugin-multi-region-common';

export const HOSTILE = 'x | y <script>alert(1)</script> `z`\n# heading';

export function operation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: '1a2b3c4d-0000-4000-8000-000000000001',
    entityRef: 'component:default/orders',
    action: 'failover',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    reason: 'Quarterly DR drill',
    actor: 'user:default/alice',
    source: 'portal',
    overrideSafetyRules: false,
    status: 'succeeded',
    steps: [
      {
        name: 'authorised',
        status: 'done',
        at: '2026-12-04T10:00:00.000Z',
        detail: 'user:default/alice holds multi-region.failover.execute',
      },
      {
        name: 'routing-controls-updated',
        status: 'done',
        at: '2026-12-04T10:00:01.000Z',
        detail: 'Endpoint https://a.example answered',
      },
      {
        name: 'health-checks-observed',
        status: 'done',
        at: '2026-12-04T10:00:03.500Z',
      },
      {
        name: 'dns-answering',
        status: 'done',
        at: '2026-12-04T10:00:04.200Z',
      },
    ],
    createdAt: '2026-12-04T10:00:00.000Z',
    updatedAt: '2026-12-04T10:00:04.200Z',
    completedAt: '2026-12-04T10:00:04.200Z',
    timings: { switchMs: 4200, healthyMs: 3500, rtoMinutes: 15, rtoMet: true },
    ...overrides,
  };
}

export function drill(overrides: Partial<Drill> = {}): Drill {
  return {
    id: '9f8e7d6c-0000-4000-8000-000000000002',
    entityRef: 'component:default/orders',
    actor: 'user:default/guest',
    reason: 'Quarterly DR drill',
    soakSeconds: 20,
    primaryRegion: 'us-east-1',
    secondaryRegion: 'us-west-2',
    state: 'completed',
    outcome: 'passed',
    outcomeDetail: 'The outcome stayed good for the whole soak.',
    failoverOperationId: '1a2b3c4d-0000-4000-8000-000000000001',
    failbackOperationId: '1a2b3c4d-0000-4000-8000-000000000003',
    soakStartedAt: '2026-12-04T10:00:05.000Z',
    soakEndsAt: '2026-12-04T10:00:25.000Z',
    outcomeAlarms: ['orders-5xx-usw2'],
    blockingAlarms: [],
    events: [
      {
        at: '2026-12-04T10:00:00.000Z',
        message: 'Drill started by user:default/guest.',
      },
    ],
    failoverTimings: {
      switchMs: 4200,
      healthyMs: 3500,
      rtoMinutes: 15,
      rtoMet: true,
    },
    failbackTimings: { switchMs: 3900, healthyMs: 3000, rtoMinutes: 15 },
    rtoMinutes: 15,
    rtoMet: true,
    createdAt: '2026-12-04T10:00:00.000Z',
    updatedAt: '2026-12-04T10:00:30.000Z',
    completedAt: '2026-12-04T10:00:30.000Z',
    ...overrides,
  };
}

export function summary(
  overrides: Partial<ServiceSummary> = {},
): ServiceSummary {
  return {
    entityRef: 'component:default/orders',
    title: 'orders',
    owner: 'group:default/team-orders',
    system: 'shop',
    appRole: 'service',
    primaryRegion: 'us-east-1',
    secondaryRegion: 'us-west-2',
    active: {
      certainty: 'known',
      activeRole: 'primary',
      activeRegion: 'us-east-1',
      explanation: 'Primary On, secondary Off.',
      degraded: false,
      unreadable: [],
    },
    dependsOn: [],
    readiness: {
      verdict: 'pass',
      passed: 7,
      warned: 0,
      failed: 0,
      total: 7,
      targetRegion: 'us-west-2',
      evaluatedAt: '2026-12-04T09:00:00.000Z',
    },
    drill: {
      running: false,
      lastAt: '2026-12-04T10:00:30.000Z',
      lastOutcome: 'passed',
      lastRtoMet: true,
      overdue: false,
    },
    ...overrides,
  };
}

export function row(
  overrides: Partial<OrganisationReportRow> = {},
): OrganisationReportRow {
  return {
    entityRef: 'component:default/orders',
    title: 'orders',
    owner: 'group:default/team-orders',
    primaryRegion: 'us-east-1',
    secondaryRegion: 'us-west-2',
    activeRegion: 'us-east-1',
    rtoMinutes: 15,
    drillRunning: false,
    drillOverdue: false,
    ...overrides,
  };
}
