import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';
import { activeRegionOf, isAwayFromPrimary } from '../../utils/roles';
import { serviceName } from '../../utils/summary';

/** The readiness filter's values, in the order offered. */
export const READINESS_FILTERS = [
  'ready',
  'warnings',
  'not-ready',
  'not-evaluated',
] as const;

export type ReadinessFilter = (typeof READINESS_FILTERS)[number];

export const READINESS_FILTER_LABELS: Record<ReadinessFilter, string> = {
  ready: 'Ready',
  warnings: 'Warnings',
  'not-ready': 'Not ready',
  'not-evaluated': 'Not evaluated',
};

/** Which readiness filter value a service falls under (its worst verdict). */
export function readinessFilterOf(service: ServiceSummary): ReadinessFilter {
  switch (service.readiness?.verdict) {
    case 'pass':
      return 'ready';
    case 'warn':
      return 'warnings';
    case 'fail':
      return 'not-ready';
    default:
      return 'not-evaluated';
  }
}

export interface ServiceFilters {
  owner?: string;
  system?: string;
  /** Services active in this region. */
  region?: string;
  /** Services whose last readiness evaluation came out so. */
  readiness?: ReadinessFilter;
  onlyAwayFromPrimary?: boolean;
}

/** The distinct values each filter can take, sorted. */
export function filterOptions(services: ServiceSummary[]) {
  const distinct = (values: Array<string | undefined>) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
  return {
    owners: distinct(services.map(s => s.owner)),
    systems: distinct(services.map(s => s.system)),
    regions: distinct(
      services.flatMap(s => [
        s.primaryRegion,
        s.secondaryRegion,
        activeRegionOf(s),
      ]),
    ),
    // Always all four, in their order, so the filter reads the same everywhere.
    readiness: [...READINESS_FILTERS] as string[],
  };
}

/**
 * Applies the page filters and sorts what needs attention first: services
 * away from their primary, then those whose region is unknown, then by name.
 */
export function filterServices(
  services: ServiceSummary[],
  filters: ServiceFilters,
): ServiceSummary[] {
  const rank = (s: ServiceSummary) => {
    if (isAwayFromPrimary(s)) return 0;
    if (!activeRegionOf(s)) return 1;
    return 2;
  };
  return services
    .filter(
      s =>
        (!filters.owner || s.owner === filters.owner) &&
        (!filters.system || s.system === filters.system) &&
        (!filters.region || activeRegionOf(s) === filters.region) &&
        (!filters.readiness || readinessFilterOf(s) === filters.readiness) &&
        (!filters.onlyAwayFromPrimary || isAwayFromPrimary(s)),
    )
    .map(s => ({ s, rank: rank(s), name: serviceName(s) }))
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .map(x => x.s);
}
