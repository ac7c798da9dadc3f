import {
  ActiveRegionResult,
  ReadinessCheck,
  ServiceSummary,
  summariseReadiness,
} from '@multi-region-failover/plugin-multi-region-common';
import {
  failingTargetHealth,
  operation,
  passingChecks,
  warningEndpoints,
  withChecks,
} from './status';

/** The stored readiness summary of a change to `targetRegion`. */
function readiness(targetRegion: string, checks: ReadinessCheck[]) {
  return summariseReadiness(checks, targetRegion, '2030-01-15T02:55:00.000Z');
}

function active(
  role: 'primary' | 'secondary',
  region: string,
): ActiveRegionResult {
  return {
    certainty: 'known',
    activeRole: role,
    activeRegion: region,
    explanation: '',
    degraded: false,
    unreadable: [],
  };
}

export const externalApiSummary: ServiceSummary = {
  entityRef: 'component:default/external-api',
  owner: 'group:default/team-edge',
  system: 'system:default/storefront',
  appRole: 'external-api',
  primaryRegion: 'us-east-1',
  secondaryRegion: 'us-west-2',
  active: active('secondary', 'us-west-2'),
  activeHealth: 'Healthy',
  lastChange: operation({
    id: 'op-edge',
    entityRef: 'component:default/external-api',
    actor: 'user:default/erin',
    reason: 'us-east-1 edge latency',
  }),
  dependsOn: [
    'component:default/orders',
    'component:default/payments',
    'component:default/legacy-billing',
  ],
  // failing back to the primary: ready
  readiness: readiness('us-east-1', passingChecks),
};

export const ordersSummary: ServiceSummary = {
  entityRef: 'component:default/orders',
  owner: 'group:default/team-orders',
  system: 'system:default/storefront',
  appRole: 'service',
  primaryRegion: 'us-east-1',
  secondaryRegion: 'us-west-2',
  active: active('primary', 'us-east-1'),
  activeHealth: 'Healthy',
  dependsOn: [],
  readiness: readiness('us-west-2', withChecks(failingTargetHealth)),
};

export const paymentsSummary: ServiceSummary = {
  entityRef: 'component:default/payments',
  owner: 'group:default/team-payments',
  system: 'system:default/payments',
  appRole: 'service',
  primaryRegion: 'eu-west-1',
  secondaryRegion: 'eu-central-1',
  active: {
    certainty: 'unknown',
    reason: 'all endpoints timed out',
    unreadable: ['primary', 'secondary'],
  },
  activeHealth: 'Unknown',
  dependsOn: [],
};

/** A us-west-2 service that the external API (active in us-west-2) calls in its own region. */
export const searchSummary: ServiceSummary = {
  entityRef: 'component:default/search',
  owner: 'group:default/team-edge',
  system: 'system:default/storefront',
  appRole: 'service',
  primaryRegion: 'us-west-2',
  secondaryRegion: 'us-east-1',
  active: active('primary', 'us-west-2'),
  activeHealth: 'Healthy',
  dependsOn: [],
  readiness: readiness('us-east-1', withChecks(warningEndpoints)),
};

export const exampleServices = [
  externalApiSummary,
  ordersSummary,
  paymentsSummary,
];

const OWNERS = [
  'team-edge',
  'team-orders',
  'team-payments',
  'team-search',
  'team-identity',
];
const SYSTEMS = ['storefront', 'payments', 'identity', 'logistics'];
const PAIRS: Array<[string, string]> = [
  ['us-east-1', 'us-west-2'],
  ['eu-west-1', 'eu-central-1'],
  ['ap-northeast-1', 'ap-southeast-2'],
];

/** `count` services, every 7th one running on its secondary. */
export function manyServices(count: number): ServiceSummary[] {
  return Array.from({ length: count }, (_, i) => {
    const [primary, secondary] = PAIRS[i % PAIRS.length];
    const away = i % 7 === 0;
    return {
      entityRef: `component:default/svc-${String(i).padStart(4, '0')}`,
      owner: `group:default/${OWNERS[i % OWNERS.length]}`,
      system: `system:default/${SYSTEMS[i % SYSTEMS.length]}`,
      appRole: 'service' as const,
      primaryRegion: primary,
      secondaryRegion: secondary,
      active: away
        ? active('secondary', secondary)
        : active('primary', primary),
      activeHealth: 'Healthy' as const,
      dependsOn: [],
    };
  });
}
