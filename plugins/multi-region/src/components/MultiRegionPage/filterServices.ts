import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';
import { activeRegionOf, isAwayFromPrimary } from '../../utils/roles';
import { serviceName } from '../../utils/summary';

export interface ServiceFilters {
  owner?: string;
  system?: string;
  /** Services active in this region. */
  region?: string;
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
        (!filters.onlyAwayFromPrimary || isAwayFromPrimary(s)),
    )
    .map(s => ({ s, rank: rank(s), name: serviceName(s) }))
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .map(x => x.s);
}
