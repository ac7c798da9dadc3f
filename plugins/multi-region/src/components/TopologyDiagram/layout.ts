import { ServiceSummary } from '@multi-region-failover/plugin-multi-region-common';
import { activeRegionOf, isAwayFromPrimary } from '../../utils/roles';
import { serviceName } from '../../utils/summary';

export const UNKNOWN_REGION = 'unknown';

export interface TopologyNode {
  entityRef: string;
  name: string;
  region: string;
  awayFromPrimary: boolean;
  column: number;
  row: number;
}

export interface TopologyEdge {
  to: TopologyNode;
  crossRegion: boolean;
}

export interface TopologyLayout {
  columns: string[];
  externalApi: TopologyNode;
  services: TopologyNode[];
  edges: TopologyEdge[];
  /** dependsOn refs that /services did not return (not multi-region, or not readable). */
  missing: string[];
}

/**
 * Places the external API and each service it depends on in the column of the
 * region it is active in, so a cross-region call is a diagonal arrow.
 */
export function layoutTopology(
  externalApi: ServiceSummary,
  all: ServiceSummary[],
): TopologyLayout {
  const byRef = new Map(all.map(s => [s.entityRef, s]));
  const deps = externalApi.dependsOn
    .map(ref => byRef.get(ref))
    .filter((s): s is ServiceSummary => Boolean(s));
  const missing = externalApi.dependsOn.filter(ref => !byRef.has(ref));

  const regionOf = (s: ServiceSummary) => activeRegionOf(s) ?? UNKNOWN_REGION;
  const columns: string[] = [];
  const addColumn = (region?: string) => {
    if (region && region !== UNKNOWN_REGION && !columns.includes(region))
      columns.push(region);
  };
  addColumn(externalApi.primaryRegion);
  addColumn(externalApi.secondaryRegion);
  deps.forEach(s => addColumn(regionOf(s)));
  if (
    regionOf(externalApi) === UNKNOWN_REGION ||
    deps.some(s => regionOf(s) === UNKNOWN_REGION)
  ) {
    columns.push(UNKNOWN_REGION);
  }

  const rowsUsed = new Map<number, number>();
  const node = (s: ServiceSummary, isRoot: boolean): TopologyNode => {
    const region = regionOf(s);
    const column = columns.indexOf(region);
    const row = isRoot ? 0 : (rowsUsed.get(column) ?? 0) + 1;
    if (!isRoot) rowsUsed.set(column, row);
    return {
      entityRef: s.entityRef,
      name: serviceName(s),
      region,
      awayFromPrimary: isAwayFromPrimary(s),
      column,
      row,
    };
  };
  const root = node(externalApi, true);
  const services = deps.map(s => node(s, false));
  return {
    columns,
    externalApi: root,
    services,
    edges: services.map(to => ({
      to,
      crossRegion: to.region !== root.region || to.region === UNKNOWN_REGION,
    })),
    missing,
  };
}
