import {
  Drill,
  DrillPlan,
  DrillStatus,
  EntityStatusResponse,
} from '@multi-region-failover/plugin-multi-region-common';
import { ORDERS_REF, plan, primaryActiveStatus } from './status';

/** A drill of orders, by default passed: failed over, soaked 15 min, failed back. */
export function drill(overrides: Partial<Drill> = {}): Drill {
  return {
    id: 'drill-1',
    entityRef: ORDERS_REF,
    actor: 'user:default/alice',
    reason: 'Quarterly DR drill',
    soakSeconds: 900,
    primaryRegion: 'us-east-1',
    secondaryRegion: 'us-west-2',
    state: 'completed',
    outcome: 'passed',
    outcomeDetail:
      'The secondary stayed healthy and no outcome alarm fired for 15 min; failed back to us-east-1.',
    failoverOperationId: 'op-drill-over',
    failbackOperationId: 'op-drill-back',
    soakStartedAt: '2030-01-12T02:01:00.000Z',
    soakEndsAt: '2030-01-12T02:16:00.000Z',
    outcomeAlarms: ['orders-5xx-us-west-2'],
    blockingAlarms: ['orders-primary-db'],
    events: [
      { at: '2030-01-12T02:00:00.000Z', message: 'Failing over to us-west-2.' },
      {
        at: '2030-01-12T02:01:00.000Z',
        message: 'us-west-2 answers DNS; soaking for 15 min.',
      },
      {
        at: '2030-01-12T02:16:00.000Z',
        message: 'Soak over; failing back to us-east-1.',
      },
    ],
    failoverTimings: {
      switchMs: 42_000,
      healthyMs: 30_000,
      rtoMinutes: 15,
      rtoMet: true,
    },
    failbackTimings: { switchMs: 38_000, healthyMs: 25_000, rtoMinutes: 15 },
    rtoMinutes: 15,
    rtoMet: true,
    createdAt: '2030-01-12T02:00:00.000Z',
    updatedAt: '2030-01-12T02:17:00.000Z',
    completedAt: '2030-01-12T02:17:00.000Z',
    ...overrides,
  };
}

/** A drill soaking in us-west-2 until 03:15 (the fixtures' now is 03:00). */
export function soakingDrill(overrides: Partial<Drill> = {}): Drill {
  return drill({
    id: 'drill-2',
    state: 'soaking',
    outcome: undefined,
    outcomeDetail: undefined,
    failbackOperationId: undefined,
    soakStartedAt: '2030-01-15T03:00:00.000Z',
    soakEndsAt: '2030-01-15T03:15:00.000Z',
    watch: {
      at: '2030-01-15T03:00:10.000Z',
      targetHealth: 'Healthy',
      outcomeAlarms: [
        { name: 'orders-5xx-us-west-2', region: 'us-west-2', state: 'OK' },
      ],
      blockingAlarms: [
        { name: 'orders-primary-db', region: 'us-east-1', state: 'OK' },
      ],
    },
    failbackTimings: undefined,
    rtoMet: undefined,
    createdAt: '2030-01-15T02:59:00.000Z',
    updatedAt: '2030-01-15T03:00:10.000Z',
    completedAt: undefined,
    ...overrides,
  });
}

/** Drill status of an entity: last drill passed three days before the fixtures' now. */
export function drillStatus(overrides: Partial<DrillStatus> = {}): DrillStatus {
  return {
    last: drill(),
    overdue: false,
    overdueAfterDays: 90,
    ...overrides,
  };
}

/** orders on its primary, with drills. */
export function statusWithDrills(
  drills: Partial<DrillStatus> = {},
  base: EntityStatusResponse = primaryActiveStatus,
): EntityStatusResponse {
  return { ...base, drills: drillStatus(drills) };
}

/** A drill plan of orders that may start: inside its window, nothing in ALARM. */
export function drillPlan(overrides: Partial<DrillPlan> = {}): DrillPlan {
  return {
    entityRef: ORDERS_REF,
    failover: plan(),
    window: {
      allowed: true,
      reason: 'Allowed: inside Mon-Fri 00:00-23:59 UTC (service).',
      allowedWindows: [{ window: 'Mon-Fri 00:00-23:59', source: 'service' }],
      blockedWindows: [{ window: '2030-12-24', source: 'organisation' }],
    },
    blockingAlarms: [
      { name: 'orders-primary-db', region: 'us-east-1', state: 'OK' },
    ],
    outcomeAlarms: ['orders-5xx-us-west-2'],
    soak: { minSeconds: 60, maxSeconds: 14_400, defaultSeconds: 900 },
    refusals: [],
    rtoMinutes: 15,
    status: drillStatus(),
    ...overrides,
  };
}
