import {
  Evacuation,
  evacuationCounts,
  EvacuationItem,
  EvacuationPlan,
  EvacuationPlanItem,
  summariseReadiness,
} from '@multi-region-failover/plugin-multi-region-common';
import { NOW, passingChecks } from './status';

const NOT_PERMITTED =
  'You may not fail over external-api: only its owners (team-edge) and platform admins may.';
const READINESS_FAILING =
  'Readiness checks of the move fail (Target health check): fail it over from its own page, acknowledging them.';

/** The us-east-1 evacuation of the example organisation: orders, then checkout; external-api and payments stay. */
export const evacuationPlanItems: EvacuationPlanItem[] = [
  {
    entityRef: 'component:default/orders',
    owner: 'group:default/team-orders',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    after: [],
    orderNotes: [],
    wave: 0,
    readiness: summariseReadiness(passingChecks, 'us-west-2', NOW),
  },
  {
    entityRef: 'component:default/checkout',
    title: 'Checkout',
    owner: 'group:default/team-orders',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    after: ['component:default/orders'],
    orderNotes: ['Does not wait for payments: it is skipped.'],
    wave: 1,
  },
  {
    entityRef: 'component:default/external-api',
    owner: 'group:default/team-edge',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    skip: { kind: 'not-permitted', message: NOT_PERMITTED },
    after: [],
    orderNotes: [],
    wave: 0,
  },
  {
    entityRef: 'component:default/payments',
    owner: 'group:default/team-payments',
    fromRegion: 'us-east-1',
    toRegion: 'us-west-2',
    skip: { kind: 'readiness-failing', message: READINESS_FAILING },
    after: [],
    orderNotes: [],
    wave: 0,
  },
];

export function evacuationPlan(
  overrides: Partial<EvacuationPlan> = {},
): EvacuationPlan {
  return {
    region: 'us-east-1',
    selection: {},
    items: evacuationPlanItems,
    unreadable: 1,
    confirmation: 'evacuate us-east-1',
    concurrency: 4,
    plannedAt: NOW,
    ...overrides,
  };
}

/** A service of the running evacuation, from its plan item. */
function item(
  planItem: EvacuationPlanItem,
  overrides: Partial<EvacuationItem>,
): EvacuationItem {
  const { readiness: _readiness, ...rest } = planItem;
  return {
    ...rest,
    state: planItem.skip ? 'skipped' : 'waiting',
    ...overrides,
  };
}

const [orders, checkout, externalApi, payments] = evacuationPlanItems;

/** Its items in this state: orders and checkout as given, the skipped ones skipped. */
function items(
  ordersState: Partial<EvacuationItem>,
  checkoutState: Partial<EvacuationItem>,
): EvacuationItem[] {
  return [
    item(orders, ordersState),
    item(checkout, checkoutState),
    item(externalApi, {}),
    item(payments, {}),
  ];
}

/** The us-east-1 evacuation started by alice: orders moving, checkout waiting for it. */
export function evacuation(overrides: Partial<Evacuation> = {}): Evacuation {
  const evacuationItems =
    overrides.items ??
    items(
      {
        state: 'moving',
        operationId: 'op-evac-orders',
        startedAt: '2030-01-15T03:00:01.000Z',
      },
      {},
    );
  return {
    id: 'evac-1',
    region: 'us-east-1',
    selection: {},
    actor: 'user:default/alice',
    reason: 'us-east-1 degraded, INC-4242',
    stopOnFailure: false,
    state: 'running',
    items: evacuationItems,
    unlisted: 0,
    counts: evacuationCounts(evacuationItems),
    events: [
      {
        at: '2030-01-15T03:00:00.000Z',
        message: 'Evacuation of us-east-1 started: 2 services to move.',
      },
    ],
    createdAt: '2030-01-15T03:00:00.000Z',
    updatedAt: '2030-01-15T03:00:01.000Z',
    ...overrides,
  };
}

const ordersMoved: Partial<EvacuationItem> = {
  state: 'moved',
  operationId: 'op-evac-orders',
  startedAt: '2030-01-15T03:00:01.000Z',
  completedAt: '2030-01-15T03:01:00.000Z',
};

/** orders has moved; checkout moves now. */
export function evacuationHalfway(): Evacuation {
  return evacuation({
    items: items(ordersMoved, {
      state: 'moving',
      operationId: 'op-evac-checkout',
      startedAt: '2030-01-15T03:01:01.000Z',
    }),
  });
}

/** Completed: orders moved, checkout's failover failed. */
export function evacuationPartlyFailed(): Evacuation {
  return evacuation({
    state: 'completed',
    outcome: 'partly-failed',
    items: items(ordersMoved, {
      state: 'failed',
      operationId: 'op-evac-checkout',
      error: 'ARC refused the change: a safety rule blocks it.',
      startedAt: '2030-01-15T03:01:01.000Z',
      completedAt: '2030-01-15T03:01:30.000Z',
    }),
    events: [
      {
        at: '2030-01-15T03:00:00.000Z',
        message: 'Evacuation of us-east-1 started: 2 services to move.',
      },
      { at: '2030-01-15T03:01:00.000Z', message: 'orders moved to us-west-2.' },
      {
        at: '2030-01-15T03:01:30.000Z',
        message: 'checkout failed: ARC refused the change.',
      },
    ],
    completedAt: '2030-01-15T03:01:30.000Z',
  });
}
