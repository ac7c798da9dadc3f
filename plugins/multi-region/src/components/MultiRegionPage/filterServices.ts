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

/** A service's drills in one word, in the order the filter offers them. */
export const DRILL_STATUSES = [
  'overdue',
  'failed',
  'passed',
  'running',
  'never',
] as const;

export type DrillStatusFilter = (typeof DRILL_STATUSES)[number];

export const DRILL_FILTER_LABELS: Record<DrillStatusFilter, string> = {
  overdue: 'Overdue',
  failed: 'Last one failed',
  passed: 'Last one passed',
  running: 'Running',
  never: 'Never drilled',
};

/**
 * The one word of the "Last drill" column, most pressing first: a drill
 * running; the last one did not pass; never drilled; the last one passed
 * but too long ago (overdue); passed.
 */
export function drillStatusOf(service: ServiceSummary): DrillStatusFilter {
  const drill = service.drill;
  if (drill?.running) return 'running';
  if (drill?.lastOutcome && drill.lastOutcome !== 'passed') return 'failed';
  if (!drill?.lastOutcome) return 'never';
  return drill.overdue ? 'overdue' : 'passed';
}

/**
 * Whether a service falls under a drill filter value: its column's word,
 * except that "overdue" lists every service the backend counts as overdue
 * (never drilled, or no passed drill within the period included).
 */
export function matchesDrillFilter(
  service: ServiceSummary,
  filter: DrillStatusFilter,
): boolean {
  if (filter === 'overdue') return Boolean(service.drill?.overdue);
  return drillStatusOf(service) === filter;
}

export interface ServiceFilters {
  owner?: string;
  system?: string;
  /** Services active in this region. */
  region?: string;
  /** Services whose last readiness evaluation came out so. */
  readiness?: ReadinessFilter;
  /** Services whose drills are so (see `matchesDrillFilter`). */
  drill?: DrillStatusFilter;
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
    drill: [...DRILL_STATUSES] as string[],
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
        (!filters.drill || matchesDrillFilter(s, filters.drill)) &&
        (!filters.onlyAwayFromPrimary || isAwayFromPrimary(s)),
    )
    .map(s => ({ s, rank: rank(s), name: serviceName(s) }))
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .map(x => x.s);
}
