import {
  EvacuationPlanRequest,
  ServiceSummary,
} from '@multi-region-failover/plugin-multi-region-common';
import { narrowingSelection } from '../../utils/evacuations';
import { activeRegionOf } from '../../utils/roles';
import { filterOptions } from '../MultiRegionPage/filterServices';

/** What the person chose to evacuate: a region, optionally one owner's or one system's services. */
export interface EvacuationScope {
  region?: string;
  /** An owner's entity ref, as the services list carries it. */
  owner?: string;
  /** A system's entity ref. */
  system?: string;
}

/** What the dialog's selects offer. */
export interface EvacuationScopeOptions {
  /** The regions some listed service is active in now. */
  regions: string[];
  owners: string[];
  systems: string[];
}

/** The choices, from the services the page lists: only a region something is active in can be evacuated. */
export function evacuationScopeOptions(
  services: ServiceSummary[],
): EvacuationScopeOptions {
  const { owners, systems } = filterOptions(services);
  const regions = [
    ...new Set(
      services
        .map(activeRegionOf)
        .filter((region): region is string => Boolean(region)),
    ),
  ].sort();
  return { regions, owners, systems };
}

/** Keeps from `scope` only what the selects offer (e.g. the page's filters). */
export function offeredScope(
  scope: EvacuationScope,
  options: EvacuationScopeOptions,
): EvacuationScope {
  const offered = (value: string | undefined, values: string[]) =>
    value && values.includes(value) ? value : undefined;
  return {
    region: offered(scope.region, options.regions),
    owner: offered(scope.owner, options.owners),
    system: offered(scope.system, options.systems),
  };
}

/** The plan request of a scope; undefined until a region is chosen. */
export function planRequestOf(
  scope: EvacuationScope,
): EvacuationPlanRequest | undefined {
  if (!scope.region) return undefined;
  const selection = narrowingSelection(scope);
  return { region: scope.region, ...(selection ? { selection } : {}) };
}

/** Whether a plan was asked for exactly this scope; if not, it is out of date. */
export function isPlanOf(
  request: EvacuationPlanRequest,
  scope: EvacuationScope,
): boolean {
  return (
    request.region === scope.region &&
    request.selection?.owner === scope.owner &&
    request.selection?.system === scope.system
  );
}
